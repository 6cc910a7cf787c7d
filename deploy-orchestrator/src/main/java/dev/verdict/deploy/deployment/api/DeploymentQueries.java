package dev.verdict.deploy.deployment.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.deploy.deployment.model.DeploymentStatus;
import dev.verdict.deploy.deployment.service.DeploymentRequestReader;
import dev.verdict.deploy.deployment.store.DeploymentEntity;
import dev.verdict.deploy.deployment.store.DeploymentStore;
import dev.verdict.deploy.deployment.store.JudgementEntity;
import dev.verdict.problem.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The read side of the deployments API. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class DeploymentQueries {

    static final int MAX_PAGE_SIZE = 200;

    private final DeploymentStore store;
    private final ObjectMapper json;

    public DeploymentQueries(DeploymentStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    public DeploymentViews.Page<DeploymentViews.Summary> list(
            String component, DeploymentStatus status, int page, int size) {
        checkPage(page, size);
        String ref = component == null || component.isBlank() ? null : DeploymentRequestReader.componentRef(component);
        if (component != null && !component.isBlank() && ref == null) {
            throw new IllegalArgumentException(
                    "component must be a component ref such as component:default/payments-api");
        }
        var p = store.list(ref, status, page, size);
        return new DeploymentViews.Page<>(
                p.items().stream().map(d -> summary(d)).toList(), page, size, p.total());
    }

    public DeploymentViews.Detail detail(UUID id) {
        DeploymentEntity d = find(id);
        JsonNode steps = tree(d.steps);
        return new DeploymentViews.Detail(
                summary(d),
                d.phase.name(),
                d.artifactType,
                d.artifact,
                d.runtime,
                d.baselineRuntime,
                d.instances,
                d.decisionRef,
                steps,
                tree(d.config),
                d.configHash,
                new DeploymentViews.Thresholds(d.passThreshold, d.marginalThreshold),
                new DeploymentViews.Placements(d.stablePlacement, d.canaryPlacement, d.baselinePlacement),
                d.analysisRun,
                d.windowStart,
                d.finishedAt != null || d.wakeAt.getEpochSecond() > 253_000_000_000L ? null : d.wakeAt,
                store.judgements(id).stream().map(DeploymentViews::summary).toList());
    }

    public DeploymentViews.Page<DeploymentViews.TimelineEntry> timeline(UUID id, int page, int size) {
        checkPage(page, size);
        find(id);
        var p = store.timeline(id, page, size);
        return new DeploymentViews.Page<>(
                p.items().stream().map(e -> DeploymentViews.entry(e, json)).toList(), page, size, p.total());
    }

    public DeploymentViews.Judgement judgement(UUID id, UUID judgement) {
        find(id);
        JudgementEntity j = store.judgement(id, judgement)
                .orElseThrow(() -> new NotFoundException("deployment " + id + " has no judgement " + judgement));
        return new DeploymentViews.Judgement(DeploymentViews.summary(j), tree(j.result), tree(j.input));
    }

    public DeploymentViews.Series series(UUID id, String metric) {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("metric is required, e.g. ?metric=latency-p99");
        }
        DeploymentEntity d = find(id);
        boolean known = false;
        for (JsonNode m : tree(d.config).path("metrics")) {
            known |= metric.equals(m.path("name").asText());
        }
        if (!known) {
            throw new NotFoundException("the canary config of deployment " + id + " has no metric '" + metric + "'");
        }
        List<DeploymentViews.SeriesWindow> windows = new ArrayList<>();
        for (JudgementEntity j : store.judgements(id)) {
            for (JsonNode pair : tree(j.input).path("pairs")) {
                if (metric.equals(pair.path("name").asText())) {
                    windows.add(new DeploymentViews.SeriesWindow(
                            j.id,
                            j.stepIndex,
                            j.run,
                            j.windowStart,
                            j.windowEnd,
                            pair.get("experiment"),
                            pair.get("control")));
                }
            }
        }
        return new DeploymentViews.Series(metric, windows);
    }

    private DeploymentEntity find(UUID id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("no deployment " + id));
    }

    private DeploymentViews.Summary summary(DeploymentEntity d) {
        return DeploymentViews.summary(d, tree(d.steps).size());
    }

    private static void checkPage(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page must be >= 0 and size 1.." + MAX_PAGE_SIZE);
        }
    }

    private JsonNode tree(String text) {
        return DeploymentViews.tree(json, text);
    }
}

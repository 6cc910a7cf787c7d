package dev.verdict.deploy.experiment.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.deploy.experiment.model.ExistingUnits;
import dev.verdict.deploy.experiment.model.ExperimentDefinition;
import dev.verdict.deploy.experiment.model.ExperimentStatus;
import dev.verdict.deploy.experiment.service.ExperimentService;
import dev.verdict.deploy.experiment.service.Snapshots;
import dev.verdict.deploy.experiment.store.ExperimentEntity;
import dev.verdict.deploy.experiment.store.ExperimentHistoryEntity;
import dev.verdict.deploy.experiment.store.ExperimentPhaseEntity;
import dev.verdict.deploy.experiment.store.ParkedEntity;
import dev.verdict.deploy.experiment.store.SnapshotEntity;
import dev.verdict.problem.NotFoundException;
import dev.verdict.problem.Problem;
import dev.verdict.problem.ProblemException;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads for the experiments API: lists are paged and filtered in the database. */
@ApplicationScoped
public class ExperimentQueries {

    static final int MAX_SIZE = 200;

    private final ExperimentService experiments;
    private final Snapshots snapshots;
    private final ObjectMapper json;

    public ExperimentQueries(ExperimentService experiments, Snapshots snapshots, ObjectMapper json) {
        this.experiments = experiments;
        this.snapshots = snapshots;
        this.json = json;
    }

    /** Newest first; {@code q} matches the key or the hypothesis, case-insensitively. */
    @Transactional
    public ExperimentViews.Page<ExperimentViews.Summary> list(
            String component, ExperimentStatus status, String q, int page, int size) {
        checkPage(page, size);
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (component != null && !component.isBlank()) {
            where.add("component = :component");
            params.put("component", component.trim());
        }
        if (status != null) {
            where.add("status = :status");
            params.put("status", status);
        }
        if (q != null && !q.isBlank()) {
            where.add("(lower(key) like :q or lower(hypothesis) like :q)");
            params.put("q", "%" + q.trim().toLowerCase(Locale.ROOT).replace("%", "\\%") + "%");
        }
        Sort sort = Sort.descending("createdAt").and("key");
        PanacheQuery<ExperimentEntity> query = where.isEmpty()
                ? ExperimentEntity.findAll(sort)
                : ExperimentEntity.find(String.join(" and ", where), sort, params);
        List<ExperimentViews.Summary> items = query.page(Page.of(page, size)).list().stream()
                .map(this::summary)
                .toList();
        return new ExperimentViews.Page<>(items, page, size, query.count());
    }

    @Transactional
    public ExperimentViews.Detail detail(String key) {
        ExperimentEntity e = ExperimentEntity.findById(key);
        if (e == null) {
            throw new NotFoundException("no experiment " + key);
        }
        ExperimentDefinition d = experiments.definition(e);
        List<ExperimentViews.PhaseView> phases = new ArrayList<>();
        Integer previous = null;
        for (ExperimentPhaseEntity p : ExperimentPhaseEntity.<ExperimentPhaseEntity>list(
                "id.experiment = ?1", Sort.ascending("id.phase"), key)) {
            phases.add(new ExperimentViews.PhaseView(
                    p.id.phase(),
                    p.seed,
                    read(p.weights),
                    p.coverage,
                    p.bucketVersion,
                    p.minBucketVersion,
                    ExistingUnits.of(previous, p.bucketVersion, p.minBucketVersion)
                            .label(),
                    p.definitionHash,
                    p.reason,
                    p.startedBy,
                    p.startedAt,
                    p.endedAt));
            previous = p.bucketVersion;
        }
        return new ExperimentViews.Detail(
                summary(e), experiments.view(d), e.seed, e.definitionHash, e.winner, e.conclusion, phases);
    }

    @Transactional
    public ExperimentViews.Page<ExperimentViews.HistoryEntry> history(String key, int page, int size) {
        checkPage(page, size);
        if (ExperimentEntity.findById(key) == null) {
            throw new NotFoundException("no experiment " + key);
        }
        PanacheQuery<ExperimentHistoryEntity> q =
                ExperimentHistoryEntity.find("experiment = ?1", Sort.ascending("id"), key);
        List<ExperimentViews.HistoryEntry> items = q.page(Page.of(page, size)).list().stream()
                .map(h -> new ExperimentViews.HistoryEntry(h.id, h.at, h.kind.name(), h.actor, h.summary))
                .toList();
        return new ExperimentViews.Page<>(items, page, size, q.count());
    }

    /** The newest snapshot of the experiment; 404 when none has been taken. */
    @Transactional
    public ExperimentViews.Results results(String key) {
        if (ExperimentEntity.findById(key) == null) {
            throw new NotFoundException("no experiment " + key);
        }
        return Snapshots.latest(key)
                .map(this::results)
                .orElseThrow(() -> new NotFoundException("experiment " + key + " has no analysis yet: it has not run,"
                        + " or no exposure of its current phase has been counted"));
    }

    @Transactional
    public ExperimentViews.Page<ExperimentViews.Results> snapshots(String key, int page, int size) {
        checkPage(page, size);
        if (ExperimentEntity.findById(key) == null) {
            throw new NotFoundException("no experiment " + key);
        }
        PanacheQuery<SnapshotEntity> q = SnapshotEntity.find("experiment = ?1", Sort.descending("at"), key);
        return new ExperimentViews.Page<>(
                q.page(Page.of(page, size)).list().stream().map(this::results).toList(), page, size, q.count());
    }

    @Transactional
    public ExperimentViews.Page<ExperimentViews.ParkedEvent> parked(String kind, int page, int size) {
        checkPage(page, size);
        PanacheQuery<ParkedEntity> q = kind == null || kind.isBlank()
                ? ParkedEntity.findAll(Sort.descending("id"))
                : ParkedEntity.find(
                        "kind = ?1", Sort.descending("id"), kind.trim().toUpperCase(Locale.ROOT));
        return new ExperimentViews.Page<>(
                q.page(Page.of(page, size)).list().stream()
                        .map(p -> new ExperimentViews.ParkedEvent(
                                p.id, p.eventId, p.topic, p.key, p.type, p.kind, p.reason, p.parkedAt, p.payload))
                        .toList(),
                page,
                size,
                q.count());
    }

    ExperimentViews.Results results(SnapshotEntity s) {
        return new ExperimentViews.Results(
                s.id, s.at, s.phase, s.definitionHash, s.status, s.recommendation, snapshots.read(s));
    }

    ExperimentViews.Summary summary(ExperimentEntity e) {
        String primary;
        try {
            primary = json.readTree(e.metrics).path("primary").asText(null);
        } catch (JsonProcessingException x) {
            primary = null;
        }
        return new ExperimentViews.Summary(
                e.key,
                e.component,
                e.status.label(),
                e.phase,
                e.hypothesis,
                e.decisionRef,
                primary,
                e.createdBy,
                e.createdAt,
                e.updatedAt);
    }

    private List<Double> read(String weights) {
        try {
            return json.readValue(weights, new TypeReference<List<Double>>() {});
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }

    private static void checkPage(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_SIZE) {
            throw new ProblemException(Problem.of(
                    "bad-request",
                    "Bad request",
                    400,
                    "page is 0 or more and size 1 to " + MAX_SIZE + " (got page " + page + ", size " + size + ")"));
        }
    }
}

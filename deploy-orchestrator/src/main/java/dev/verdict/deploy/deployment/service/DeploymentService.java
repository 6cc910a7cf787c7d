package dev.verdict.deploy.deployment.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.deploy.deployment.engine.DeploymentDriver;
import dev.verdict.deploy.deployment.engine.DeploymentEngine;
import dev.verdict.deploy.deployment.engine.Targets;
import dev.verdict.deploy.deployment.model.DeploymentRequest;
import dev.verdict.deploy.deployment.model.DeploymentStatus;
import dev.verdict.deploy.deployment.model.Phase;
import dev.verdict.deploy.deployment.model.StepsReader;
import dev.verdict.deploy.deployment.model.TimelineKind;
import dev.verdict.deploy.deployment.store.DeploymentEntity;
import dev.verdict.deploy.deployment.store.DeploymentStore;
import dev.verdict.deploy.deployment.store.ReleaseEntity;
import dev.verdict.deploy.owner.service.Owners;
import dev.verdict.events.canonical.CanonicalJson;
import dev.verdict.events.catalog.EntityUpserted;
import dev.verdict.plugin.Artifact;
import dev.verdict.problem.ConflictException;
import dev.verdict.problem.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Triggers and manual actions on deployments; the driver does the rest. */
@ApplicationScoped
public class DeploymentService {

    public enum Action {
        PROMOTE,
        PROMOTE_FULL,
        ABORT,
        RETRY
    }

    private final DeploymentStore store;
    private final DeploymentEngine engine;
    private final DeploymentDriver driver;
    private final Owners owners;
    private final DeploymentRequestReader reader;
    private final ObjectMapper json;

    public DeploymentService(
            DeploymentStore store,
            DeploymentEngine engine,
            DeploymentDriver driver,
            Owners owners,
            ObjectMapper json,
            Targets targets) {
        this.store = store;
        this.engine = engine;
        this.driver = driver;
        this.owners = owners;
        this.json = json;
        this.reader = new DeploymentRequestReader(json, targets.sourceTypes());
    }

    private Optional<DeploymentRequestReader.Current> catalogImage(String component) {
        if (component == null) {
            return Optional.empty();
        }
        String image = owners.annotationsOf(component).get(EntityUpserted.IMAGE);
        return image == null || image.isBlank()
                ? Optional.empty()
                : Optional.of(new DeploymentRequestReader.Current(new Artifact(Artifact.Type.IMAGE, image), null, 1));
    }

    /** 422 for a bad request (every field), 404 for an unknown component, 403 for a non-owner, 409 if one runs. */
    @Transactional
    public DeploymentEntity trigger(JsonNode body, Owners.Member caller) {
        String component = DeploymentRequestReader.component(body);
        Optional<ReleaseEntity> release = component == null ? Optional.empty() : store.release(component);
        // a first deployment may leave the artifact to the catalog's verdict.dev/image (the version is its tag)
        DeploymentRequest r = reader.read(
                body,
                release.map(x -> new DeploymentRequestReader.Current(
                                DeploymentEngine.artifact(x.artifactType, x.artifact), x.runtime, x.instances))
                        .or(() -> catalogImage(component)));
        owners.checkMayDeploy(r.component(), caller);
        store.live(r.component()).ifPresent(live -> {
            throw new ConflictException(
                    "deployment-running",
                    "Deployment running",
                    r.component() + " has a deployment that has not finished: " + live.id + " (" + live.status
                            + "); promote or abort it first",
                    Map.of("deployment", live.id.toString()));
        });
        Instant now = Instant.now();
        DeploymentEntity d = new DeploymentEntity();
        d.id = UUID.randomUUID();
        d.component = r.component();
        d.version = r.version();
        d.artifactType = r.artifact().type().name();
        d.artifact = r.artifact().value();
        d.runtime = r.runtime();
        d.instances = r.instances();
        d.config = r.configJson().toString();
        d.configHash = CanonicalJson.contentHash(
                json.convertValue(r.configJson(), new TypeReference<Map<String, Object>>() {}));
        d.steps = StepsReader.write(r.steps());
        d.passThreshold = r.thresholds().pass();
        d.marginalThreshold = r.thresholds().marginal();
        d.decisionRef = r.decision();
        d.status = DeploymentStatus.PENDING;
        d.phase = Phase.START;
        d.wakeAt = now;
        d.createdBy = "user:" + caller.name();
        d.createdAt = now;
        d.updatedAt = now;
        store.insert(d);
        store.log(
                d.id,
                TimelineKind.TRIGGERED,
                d.createdBy,
                "deploy " + d.version + " of " + d.component
                        + release.map(x -> " (stable: " + x.version + ")").orElse(" (its first version)"),
                null);
        driver.wakeAfterCommit();
        return d;
    }

    /** A manual action; returns the deployment after it (for retry: the new deployment). */
    @Transactional
    public DeploymentEntity act(UUID id, Action action, String reason, Owners.Member caller) {
        DeploymentEntity d = store.lock(id).orElseThrow(() -> new NotFoundException("no deployment " + id));
        owners.checkMayDeploy(d.component, caller);
        String actor = "user:" + caller.name();
        String why = reason == null || reason.isBlank() ? "(no reason given)" : reason.trim();
        Instant now = Instant.now();
        switch (action) {
            case PROMOTE -> {
                if (d.status != DeploymentStatus.PAUSED) {
                    throw conflict(d, "promote moves a PAUSED deployment on");
                }
                engine.resume(d, now, actor, why);
            }
            case PROMOTE_FULL -> {
                if (d.status != DeploymentStatus.PAUSED && d.status != DeploymentStatus.RUNNING
                        || d.canaryPlacement == null
                        || d.phase == Phase.STARTING) {
                    throw conflict(d, "promote-full needs a running or paused canary whose instances are ready");
                }
                engine.promoteFull(d, now, actor, why);
            }
            case ABORT -> {
                if (d.status.finished() || d.status == DeploymentStatus.ROLLING_BACK) {
                    throw conflict(d, "abort stops a deployment that has not finished");
                }
                if (d.status == DeploymentStatus.PENDING) {
                    d.status = DeploymentStatus.ABORTED;
                    d.phase = Phase.DONE;
                    d.finishedAt = now;
                    store.log(d.id, TimelineKind.ABORTED, actor, "aborted before anything started: " + why, null);
                } else {
                    engine.abort(d, now, actor, why);
                }
            }
            case RETRY -> {
                if (d.status != DeploymentStatus.ROLLED_BACK && d.status != DeploymentStatus.ABORTED) {
                    throw conflict(d, "retry starts a rolled-back or aborted deployment again");
                }
                return retry(d, caller, why);
            }
        }
        d.updatedAt = now;
        driver.wakeAfterCommit();
        return d;
    }

    private DeploymentEntity retry(DeploymentEntity d, Owners.Member caller, String why) {
        var body = json.createObjectNode();
        body.put("component", d.component);
        body.put("version", d.version);
        body.putObject("artifact")
                .put("type", d.artifactType.toLowerCase(java.util.Locale.ROOT))
                .put("value", d.artifact);
        if (d.runtime != null) {
            body.put("runtime", d.runtime);
        }
        body.put("instances", d.instances);
        try {
            body.set("config", json.readTree(d.config));
            body.set("steps", json.readTree(d.steps));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        body.putObject("thresholds").put("pass", d.passThreshold).put("marginal", d.marginalThreshold);
        if (d.decisionRef != null) {
            body.put("decision", d.decisionRef);
        }
        DeploymentEntity again = trigger(body, caller);
        store.log(d.id, TimelineKind.MANUAL, "user:" + caller.name(), "retry as " + again.id + ": " + why, null);
        store.log(again.id, TimelineKind.MANUAL, "user:" + caller.name(), "retry of " + d.id + ": " + why, null);
        return again;
    }

    private static ConflictException conflict(DeploymentEntity d, String what) {
        return new ConflictException(
                "invalid-deployment-state",
                "Invalid deployment state",
                what + "; deployment " + d.id + " is " + d.status,
                Map.of("deploymentStatus", d.status.name()));
    }
}

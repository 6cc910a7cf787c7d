package dev.verdict.deploy.deployment.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.deploy.config.DeployConfig;
import dev.verdict.deploy.deployment.model.DeploymentStatus;
import dev.verdict.deploy.deployment.model.Phase;
import dev.verdict.deploy.deployment.model.Step;
import dev.verdict.deploy.deployment.model.StepsReader;
import dev.verdict.deploy.deployment.model.TimelineKind;
import dev.verdict.deploy.deployment.store.DeploymentEntity;
import dev.verdict.deploy.deployment.store.DeploymentStore;
import dev.verdict.deploy.deployment.store.JudgementEntity;
import dev.verdict.deploy.deployment.store.ReleaseEntity;
import dev.verdict.deploy.owner.service.Owners;
import dev.verdict.events.Topics;
import dev.verdict.events.canonical.CanonicalJson;
import dev.verdict.judge.config.ConfigError;
import dev.verdict.judge.score.Outcome;
import dev.verdict.outbox.Outbox;
import dev.verdict.plugin.Artifact;
import dev.verdict.plugin.DeploySpec;
import dev.verdict.plugin.DeployTarget;
import dev.verdict.plugin.InstanceStatus;
import dev.verdict.plugin.Placement;
import dev.verdict.plugin.Scope;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The canary state machine. {@link #advance} makes one transition of one deployment inside the caller's
 * transaction, which holds the deployment's row lock; every call it makes on the deploy target is idempotent, so a
 * crash before the commit repeats the transition and nothing doubles. Statuses and phases: {@link DeploymentStatus},
 * {@link Phase}.
 *
 * <p>Traffic: canary and the fresh baseline each get a step's weight, stable the rest. A failing judgement sets the
 * canary's weight to 0 in the next transition, without waiting for the driver's next round.
 */
@ApplicationScoped
public class DeploymentEngine {

    static final String SYSTEM = "system:deploy-orchestrator";
    /** how soon a deployment waiting for its instances is looked at again */
    static final Duration POLL = Duration.ofMillis(500);
    /** wake time of a deployment only a person moves on (paused) */
    static final Instant NEVER = Instant.parse("9999-01-01T00:00:00Z");

    private final DeploymentStore store;
    private final Targets targets;
    private final Analyst analyst;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final DeployConfig config;
    private final Owners owners;

    public DeploymentEngine(
            DeploymentStore store,
            Targets targets,
            Analyst analyst,
            Outbox outbox,
            ObjectMapper json,
            DeployConfig config,
            Owners owners) {
        this.owners = owners;
        this.store = store;
        this.targets = targets;
        this.analyst = analyst;
        this.outbox = outbox;
        this.json = json;
        this.config = config;
    }

    /** One transition of a locked deployment; true when the next one is due at once. */
    public boolean advance(DeploymentEntity d, Instant now) {
        if (d.status.finished() || d.wakeAt.isAfter(now)) {
            return false;
        }
        DeploymentStatus before = d.status;
        Phase phaseBefore = d.phase;
        int stepBefore = d.stepIndex;
        switch (d.status) {
            case PENDING -> start(d, now);
            case RUNNING -> run(d, now);
            case PROMOTING -> promote(d, now);
            case ROLLING_BACK -> rollBack(d, now);
            default -> {
                return false;
            }
        }
        d.updatedAt = now;
        return !d.status.finished()
                && !d.wakeAt.isAfter(now)
                && (d.status != before || d.phase != phaseBefore || d.stepIndex != stepBefore);
    }

    // ---- PENDING: start the placements ----------------------------------------------------------------------------

    /**
     * A spec the target refuses (an artifact type it cannot run, a runtime that is not there) fails the deployment
     * at once, with the target's words; retrying would never help. Nothing gets traffic before this step.
     */
    private void start(DeploymentEntity d, Instant now) {
        try {
            startPlacements(d, now);
        } catch (IllegalArgumentException refused) {
            if (d.canaryPlacement != null) {
                targets.target().remove(canary(d));
            }
            d.statusReason = "the deploy target refused it: " + refused.getMessage();
            finish(d, DeploymentStatus.ROLLED_BACK, now, d.statusReason);
        }
    }

    private void startPlacements(DeploymentEntity d, Instant now) {
        DeployTarget t = targets.target();
        var release = store.release(d.component);
        if (release.isEmpty()) {
            Placement stable =
                    t.deploy(spec(d, Scope.STABLE, d.version, artifact(d.artifactType, d.artifact), d.runtime));
            d.stablePlacement = stable.id();
            store.log(
                    d.id,
                    TimelineKind.STARTED,
                    SYSTEM,
                    "first version of " + d.component + ": started " + d.instances + " stable instance(s) of "
                            + d.version + "; nothing to compare it with, so no canary",
                    null);
        } else {
            ReleaseEntity r = release.get();
            d.baselineVersion = r.version;
            d.baselineArtifactType = r.artifactType;
            d.baselineArtifact = r.artifact;
            d.baselineRuntime = r.runtime;
            d.stablePlacement = r.placementId;
            Placement canary =
                    t.deploy(spec(d, Scope.CANARY, d.version, artifact(d.artifactType, d.artifact), d.runtime));
            d.canaryPlacement = canary.id();
            Placement baseline =
                    t.deploy(spec(d, Scope.BASELINE, r.version, artifact(r.artifactType, r.artifact), r.runtime));
            d.baselinePlacement = baseline.id();
            store.log(
                    d.id,
                    TimelineKind.STARTED,
                    SYSTEM,
                    "started " + d.instances + " canary instance(s) of " + d.version + runtime(d.runtime)
                            + " and a fresh baseline of " + r.version + runtime(r.runtime) + " with as many",
                    null);
        }
        d.status = DeploymentStatus.RUNNING;
        d.phase = Phase.STARTING;
        d.windowStart = now;
        d.wakeAt = now.plus(POLL);
    }

    private static String runtime(String r) {
        return r == null ? "" : " on " + r;
    }

    private DeploySpec spec(DeploymentEntity d, Scope scope, String version, Artifact a, String runtime) {
        // the catalog's placement annotations (backstage.io/kubernetes-*), as the last catalog event carried them
        return new DeploySpec(
                d.id.toString(),
                d.component,
                scope,
                version,
                a,
                d.instances,
                runtime,
                Map.of(),
                owners.annotationsOf(d.component));
    }

    public static Artifact artifact(String type, String value) {
        return new Artifact(Artifact.Type.valueOf(type), value);
    }

    // ---- RUNNING --------------------------------------------------------------------------------------------------

    private void run(DeploymentEntity d, Instant now) {
        switch (d.phase) {
            case STARTING -> awaitReady(d, now);
            case STEP_ENTER -> enterStep(d, now);
            case STEP_WAIT -> inStep(d, now);
            default -> throw new IllegalStateException("RUNNING in phase " + d.phase);
        }
    }

    private void awaitReady(DeploymentEntity d, Instant now) {
        boolean first = d.canaryPlacement == null;
        List<InstanceStatus> all = new ArrayList<>();
        if (first) {
            all.addAll(targets.target().instances(placement(d, d.stablePlacement, Scope.STABLE, d.version)));
        } else {
            all.addAll(targets.target().instances(canary(d)));
            all.addAll(targets.target().instances(baseline(d)));
        }
        for (InstanceStatus i : all) {
            if (i.health() == InstanceStatus.Health.FAILED) {
                rollBackNow(d, now, "instance " + i.id() + " failed to start: " + i.detail());
                return;
            }
        }
        boolean ready = !all.isEmpty() && all.stream().allMatch(i -> i.health() == InstanceStatus.Health.READY);
        if (!ready) {
            if (now.isAfter(d.windowStart.plus(config.startupTimeout()))) {
                rollBackNow(
                        d,
                        now,
                        "not every instance was ready within "
                                + config.startupTimeout().toSeconds() + " s");
            } else {
                d.wakeAt = now.plus(POLL);
            }
            return;
        }
        if (first) {
            targets.target().setWeights(d.component, Map.of(Scope.STABLE, 100));
            release(d, d.stablePlacement, now);
            finish(
                    d,
                    DeploymentStatus.PROMOTED,
                    now,
                    "first version " + d.version + " is stable with 100 % of the traffic");
            return;
        }
        store.log(
                d.id, TimelineKind.READY, SYSTEM, "canary and baseline are ready (" + all.size() + " instances)", null);
        d.phase = Phase.STEP_ENTER;
        d.stepIndex = 0;
    }

    private void enterStep(DeploymentEntity d, Instant now) {
        List<Step> steps = steps(d);
        if (d.stepIndex >= steps.size()) {
            d.status = DeploymentStatus.PROMOTING;
            store.log(d.id, TimelineKind.PROMOTED, SYSTEM, "every step passed: promoting " + d.version, null);
            return;
        }
        Step s = steps.get(d.stepIndex);
        if (s instanceof Step.SetWeight w) {
            setWeight(d, w.percent(), SYSTEM);
            d.stepIndex++;
        } else if (s instanceof Step.Pause p) {
            if (p.duration() == null) {
                pause(d, "step " + (d.stepIndex + 1) + " is a pause without duration: waiting for a promote");
            } else {
                d.phase = Phase.STEP_WAIT;
                d.wakeAt = now.plus(p.duration());
                store.log(
                        d.id,
                        TimelineKind.PAUSED,
                        SYSTEM,
                        "pausing " + p.duration().toSeconds() + " s",
                        null);
            }
        } else if (s instanceof Step.Analysis a) {
            d.phase = Phase.STEP_WAIT;
            d.analysisRun = 0;
            d.failures = 0;
            d.inconclusives = 0;
            openWindow(d, a, now.plus(a.initialDelay()));
            store.log(
                    d.id,
                    TimelineKind.ANALYSIS,
                    SYSTEM,
                    "analysis: " + a.judgements() + " judgement(s) over " + a.count() + " window(s) of "
                            + a.interval().toSeconds() + " s at " + d.weight + " %"
                            + (a.initialDelay().isZero()
                                    ? ""
                                    : ", the first after " + a.initialDelay().toSeconds() + " s of warm-up"),
                    null);
        }
    }

    private static void openWindow(DeploymentEntity d, Step.Analysis a, Instant now) {
        d.windowStart = now;
        d.wakeAt = now.plus(a.perInterval() ? a.interval() : a.interval().multipliedBy(a.count()));
    }

    private void inStep(DeploymentEntity d, Instant now) {
        Step s = steps(d).get(d.stepIndex);
        if (s instanceof Step.Pause) {
            d.stepIndex++;
            d.phase = Phase.STEP_ENTER;
            return;
        }
        Step.Analysis a = (Step.Analysis) s;
        for (InstanceStatus i :
                concat(targets.target().instances(canary(d)), targets.target().instances(baseline(d)))) {
            if (i.health() == InstanceStatus.Health.FAILED) {
                rollBackNow(d, now, "instance " + i.id() + " failed during the analysis: " + i.detail());
                return;
            }
        }
        judge(d, a, now);
    }

    private void judge(DeploymentEntity d, Step.Analysis a, Instant now) {
        Instant end = now.truncatedTo(ChronoUnit.MILLIS);
        Analyst.Judgement j = analyst.judge(
                configJson(d),
                d.passThreshold,
                d.marginalThreshold,
                d.component,
                canary(d),
                baseline(d),
                d.windowStart,
                end);
        JudgementEntity row = new JudgementEntity();
        row.id = UUID.randomUUID();
        row.deploymentId = d.id;
        row.stepIndex = d.stepIndex;
        row.run = d.analysisRun;
        row.windowStart = d.windowStart;
        row.windowEnd = end;
        row.score = j.result().score().score();
        row.classification = j.result().score().classification().label();
        row.inconclusive = j.result().score().inconclusive();
        row.result = write(j.result());
        row.input = write(j.input());
        row.resultHash = resultHash(row.result);
        row.judgedAt = now;
        store.insert(row);
        for (var event : CanaryEvidence.of(d, row, j.result())) {
            outbox.publish(Topics.DEPLOY, d.component, event);
        }
        Outcome o = j.result().score().classification();
        store.log(
                d.id,
                TimelineKind.JUDGED,
                SYSTEM,
                "judgement " + (d.analysisRun + 1) + "/" + a.judgements() + " of step " + (d.stepIndex + 1) + ": "
                        + o.label() + (row.inconclusive ? " (inconclusive)" : "") + ", score "
                        + Math.round(row.score * 10) / 10.0 + ": "
                        + j.result().score().classificationReason(),
                "{\"judgement\":\"" + row.id + "\"}");
        d.analysisRun++;
        if (row.inconclusive || o == Outcome.MARGINAL) {
            d.inconclusives++;
            if (d.inconclusives > a.inconclusiveLimit()) {
                pause(
                        d,
                        (row.inconclusive ? "inconclusive" : "marginal") + " judgement (" + d.inconclusives
                                + " > inconclusiveLimit " + a.inconclusiveLimit() + "): a person decides");
                return;
            }
        } else if (o == Outcome.FAIL) {
            d.failures++;
            if (d.failures > a.failureLimit()) {
                d.status = DeploymentStatus.ROLLING_BACK;
                d.statusReason = "judgement failed the canary (" + d.failures + " > failureLimit " + a.failureLimit()
                        + "): " + j.result().score().classificationReason();
                d.wakeAt = now; // the rollback is the very next transition
                return;
            }
        }
        continueAnalysis(d, a, now);
    }

    /** After a judgement that did not stop the step (or a promote out of a pause inside it). */
    private static void continueAnalysis(DeploymentEntity d, Step.Analysis a, Instant now) {
        if (d.analysisRun >= a.judgements()) {
            d.stepIndex++;
            d.phase = Phase.STEP_ENTER;
            d.wakeAt = now;
        } else {
            openWindow(d, a, now);
        }
    }

    private void pause(DeploymentEntity d, String reason) {
        d.status = DeploymentStatus.PAUSED;
        d.statusReason = reason;
        d.wakeAt = NEVER;
        store.log(d.id, TimelineKind.PAUSED, SYSTEM, "paused: " + reason, null);
    }

    private void setWeight(DeploymentEntity d, int w, String actor) {
        targets.target().setWeights(d.component, split(w));
        d.weight = w;
        store.log(
                d.id,
                TimelineKind.WEIGHT,
                actor,
                "canary " + w + " %, baseline " + w + " %, stable " + (100 - 2 * w) + " %",
                null);
    }

    /** Re-applies the weights this deployment last set: the target's router forgot them when this process died. */
    public void reapplyWeights(DeploymentEntity d) {
        if (d.canaryPlacement == null || d.weight == 0 || d.status == DeploymentStatus.ROLLING_BACK) {
            targets.target().setWeights(d.component, Map.of(Scope.STABLE, 100));
        } else {
            targets.target().setWeights(d.component, split(d.weight));
        }
    }

    /** Canary and baseline {@code w} % each, stable the rest. */
    static Map<Scope, Integer> split(int w) {
        Map<Scope, Integer> split = new EnumMap<>(Scope.class);
        split.put(Scope.CANARY, w);
        split.put(Scope.BASELINE, w);
        split.put(Scope.STABLE, 100 - 2 * w);
        return split;
    }

    /**
     * After this process started: an analysis window that was open is started over, because the router's records
     * from before the restart are gone (a window judged on half its data would be judged on less than it claims).
     */
    public boolean restartWindow(DeploymentEntity d, Instant now) {
        if (d.status != DeploymentStatus.RUNNING || d.phase != Phase.STEP_WAIT) {
            return false;
        }
        if (steps(d).get(d.stepIndex) instanceof Step.Analysis a) {
            openWindow(d, a, now);
            d.updatedAt = now;
            store.log(
                    d.id,
                    TimelineKind.RECOVERED,
                    SYSTEM,
                    "the orchestrator restarted: judgement " + (d.analysisRun + 1) + " of step " + (d.stepIndex + 1)
                            + " starts its window again (the router's records before the restart are gone)",
                    null);
            return true;
        }
        return false;
    }

    // ---- manual actions (the caller holds the row lock) -----------------------------------------------------------

    /** Moves a paused deployment on: past its pause step, or on with the analysis it paused in. */
    public void resume(DeploymentEntity d, Instant now, String actor, String reason) {
        Step s = steps(d).get(d.stepIndex);
        d.status = DeploymentStatus.RUNNING;
        d.statusReason = null;
        if (s instanceof Step.Analysis a && d.phase == Phase.STEP_WAIT) {
            d.inconclusives = 0;
            continueAnalysis(d, a, now);
        } else {
            d.stepIndex++;
            d.phase = Phase.STEP_ENTER;
            d.wakeAt = now;
        }
        store.log(d.id, TimelineKind.MANUAL, actor, "promote: " + reason, null);
    }

    public void promoteFull(DeploymentEntity d, Instant now, String actor, String reason) {
        d.status = DeploymentStatus.PROMOTING;
        d.statusReason = "promoted in full by " + actor + ": " + reason;
        d.wakeAt = now;
        store.log(d.id, TimelineKind.MANUAL, actor, "promote-full: " + reason, null);
    }

    public void abort(DeploymentEntity d, Instant now, String actor, String reason) {
        d.status = DeploymentStatus.ROLLING_BACK;
        d.abortedBy = actor;
        d.statusReason = "aborted by " + actor + ": " + reason;
        d.wakeAt = now;
        store.log(d.id, TimelineKind.MANUAL, actor, "abort: " + reason, null);
    }

    // ---- PROMOTING / ROLLING_BACK ---------------------------------------------------------------------------------

    /**
     * The canary joins stable first, then the old version and the baseline go: each call is a no-op when repeated,
     * so a crash anywhere in here repeats the whole transition safely, and no request is sent to a removed instance
     * (removing rebuilds the routes before the processes stop).
     */
    private void promote(DeploymentEntity d, Instant now) {
        DeployTarget t = targets.target();
        Placement stable = t.rescope(canary(d), Scope.STABLE);
        t.setWeights(d.component, Map.of(Scope.STABLE, 100, Scope.CANARY, 0, Scope.BASELINE, 0));
        if (d.stablePlacement != null && !d.stablePlacement.equals(stable.id())) {
            t.remove(placement(d, d.stablePlacement, Scope.STABLE, d.baselineVersion));
        }
        t.remove(baseline(d));
        d.weight = 0;
        release(d, stable.id(), now);
        finish(
                d,
                DeploymentStatus.PROMOTED,
                now,
                d.version + " is stable with 100 % of the traffic; " + d.baselineVersion + " and the baseline removed");
    }

    private void rollBackNow(DeploymentEntity d, Instant now, String reason) {
        d.status = DeploymentStatus.ROLLING_BACK;
        d.statusReason = reason;
        rollBack(d, now);
    }

    private void rollBack(DeploymentEntity d, Instant now) {
        DeployTarget t = targets.target();
        if (d.canaryPlacement == null) { // a first version that did not come up: nothing else runs
            t.remove(placement(d, d.stablePlacement, Scope.STABLE, d.version));
        } else {
            t.setWeights(d.component, Map.of(Scope.STABLE, 100, Scope.CANARY, 0, Scope.BASELINE, 0));
            d.weight = 0;
            store.log(d.id, TimelineKind.WEIGHT, SYSTEM, "canary 0 %, baseline 0 %, stable 100 %", null);
            t.remove(canary(d));
            t.remove(baseline(d));
        }
        boolean aborted = d.abortedBy != null;
        finish(
                d,
                aborted ? DeploymentStatus.ABORTED : DeploymentStatus.ROLLED_BACK,
                now,
                (aborted ? "aborted" : "rolled back") + ": " + d.statusReason);
    }

    private void release(DeploymentEntity d, String placement, Instant now) {
        ReleaseEntity r = new ReleaseEntity();
        r.component = d.component;
        r.version = d.version;
        r.artifactType = d.artifactType;
        r.artifact = d.artifact;
        r.runtime = d.runtime;
        r.instances = d.instances;
        r.placementId = placement;
        r.deploymentId = d.id;
        r.releasedAt = now;
        store.release(r);
    }

    private void finish(DeploymentEntity d, DeploymentStatus status, Instant now, String summary) {
        d.status = status;
        d.phase = Phase.DONE;
        d.finishedAt = now;
        d.wakeAt = now;
        TimelineKind kind = switch (status) {
            case PROMOTED -> TimelineKind.PROMOTED;
            case ABORTED -> TimelineKind.ABORTED;
            default -> TimelineKind.ROLLED_BACK;
        };
        store.log(d.id, kind, SYSTEM, summary, null);
        Log.infof("deployment %s of %s %s: %s", d.id, d.component, status, summary);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    Placement canary(DeploymentEntity d) {
        return placement(d, d.canaryPlacement, Scope.CANARY, d.version);
    }

    Placement baseline(DeploymentEntity d) {
        return placement(d, d.baselinePlacement, Scope.BASELINE, d.baselineVersion);
    }

    private static Placement placement(DeploymentEntity d, String id, Scope scope, String version) {
        return new Placement(id, d.component, scope, version);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    List<Step> steps(DeploymentEntity d) {
        List<ConfigError> errors = new ArrayList<>();
        List<Step> steps = StepsReader.read(tree(d.steps), "/steps", errors);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("stored steps of " + d.id + " do not read: " + errors);
        }
        return steps;
    }

    JsonNode configJson(DeploymentEntity d) {
        return tree(d.config);
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON does not read", e);
        }
    }

    String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + o.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** The hash of a result as stored: canonical JSON, so key order and number spelling do not matter. */
    String resultHash(String resultJson) {
        try {
            return CanonicalJson.contentHash(json.readValue(resultJson, new TypeReference<Map<String, Object>>() {}));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

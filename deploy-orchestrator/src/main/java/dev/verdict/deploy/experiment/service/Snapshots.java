package dev.verdict.deploy.experiment.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.deploy.config.DeployConfig;
import dev.verdict.deploy.experiment.analysis.ExperimentAnalysis;
import dev.verdict.deploy.experiment.analysis.Snapshot;
import dev.verdict.deploy.experiment.model.ExperimentDefinition;
import dev.verdict.deploy.experiment.model.ExperimentStatus;
import dev.verdict.deploy.experiment.store.ArmStatsEntity;
import dev.verdict.deploy.experiment.store.ExperimentEntity;
import dev.verdict.deploy.experiment.store.ExperimentPhaseEntity;
import dev.verdict.deploy.experiment.store.SnapshotEntity;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.canonical.CanonicalJson;
import dev.verdict.events.evidence.EvidenceEvents;
import dev.verdict.events.evidence.EvidenceReported;
import dev.verdict.events.experiment.ExperimentEvents;
import dev.verdict.outbox.Outbox;
import dev.verdict.problem.ConflictException;
import dev.verdict.problem.NotFoundException;
import dev.verdict.stats.cuped.Moments;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Analyses running experiments on a schedule: a phase whose arm sums changed since its last snapshot gets a new one,
 * stored and published through the outbox as evidence ({@code experiment} kind, one item per comparison) in the same
 * transaction. Each experiment row is claimed with {@code SKIP LOCKED}, so two replicas never analyse one experiment
 * at once, and the input hash keeps a repeated run from publishing twice.
 */
@ApplicationScoped
public class Snapshots {

    static final String PRODUCER = "deploy-orchestrator/experiments";

    private final ExperimentService experiments;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final DeployConfig.Experiments config;
    private ScheduledExecutorService executor;

    public Snapshots(ExperimentService experiments, Outbox outbox, ObjectMapper json, DeployConfig config) {
        this.experiments = experiments;
        this.outbox = outbox;
        this.json = json;
        this.config = config.experiments();
    }

    void start(@Observes StartupEvent ev) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "experiment-analysis");
            t.setDaemon(true);
            return t;
        });
        long every = config.analysisEvery().toMillis();
        executor.scheduleWithFixedDelay(this::runOnce, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** One round over the running experiments; each in its own transaction. */
    public void runOnce() {
        try {
            List<String> keys = QuarkusTransaction.requiringNew()
                    .call(() -> ExperimentEntity.<ExperimentEntity>list("status", ExperimentStatus.RUNNING).stream()
                            .map(e -> e.key)
                            .toList());
            for (String key : keys) {
                QuarkusTransaction.requiringNew().run(() -> analyse(key, false));
            }
        } catch (RuntimeException e) {
            Log.warnf(e, "experiment analysis round failed; the next round tries again");
        }
    }

    /**
     * Analyses {@code key}'s current phase if its sums changed (or always, when {@code force}); returns the new
     * snapshot, or empty when nothing changed or another replica holds the experiment.
     */
    public Optional<SnapshotEntity> analyse(String key, boolean force) {
        ExperimentEntity e = ExperimentEntity.<ExperimentEntity>find("key", key)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED
                .firstResult();
        if (e == null && force && ExperimentEntity.findById(key) != null) {
            throw new ConflictException("analysis-running", "another replica is analysing " + key + " right now");
        }
        if (e == null || e.phase == 0) {
            return Optional.empty();
        }
        ExperimentDefinition d = experiments.definition(e);
        Map<String, Moments[]> arms = arms(e, d);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("definitionHash", e.definitionHash);
        input.put("arms", arms);
        String inputHash = CanonicalJson.contentHash(json.convertValue(input, Map.class));
        SnapshotEntity last = latest(key).orElse(null);
        if (!force && last != null && last.inputHash.equals(inputHash)) {
            return Optional.empty();
        }
        if (arms.isEmpty()) {
            return Optional.empty();
        }
        Snapshot s = ExperimentAnalysis.analyze(plan(d), arms, previousSequential(last, e.phase));
        Instant now = Instant.now();
        SnapshotEntity row = new SnapshotEntity();
        row.id = UUID.randomUUID();
        row.experiment = key;
        row.phase = e.phase;
        row.at = now;
        row.status = s.status();
        row.recommendation = s.recommendation();
        row.definitionHash = e.definitionHash;
        row.inputHash = inputHash;
        row.snapshot = write(s);
        row.evidenceIdsDerived = true;
        row.persist();
        publish(e, d, s, row, last != null && last.phase == row.phase && last.evidenceIdsDerived ? last : null);
        return Optional.of(row);
    }

    /** A snapshot now, even if nothing changed; 404 when nothing is counted, 409 if another replica holds it. */
    public SnapshotEntity analyseNow(String key) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (ExperimentEntity.findById(key) == null) {
                throw new NotFoundException("no experiment " + key);
            }
            return analyse(key, true)
                    .orElseThrow(
                            () -> new NotFoundException(
                                    "experiment " + key
                                            + " has nothing to analyse: it is a draft, or no exposure of its current phase has been counted"));
        });
    }

    public static Optional<SnapshotEntity> latest(String key) {
        return SnapshotEntity.<SnapshotEntity>find("experiment", Sort.descending("at"), key)
                .firstResultOptional();
    }

    public Snapshot read(SnapshotEntity row) {
        try {
            return json.readValue(row.snapshot, Snapshot.class);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException("snapshot " + row.id + " is unreadable", x);
        }
    }

    private Map<String, Moments[]> arms(ExperimentEntity e, ExperimentDefinition d) {
        int k = d.variations().size();
        Map<String, Moments[]> arms = new LinkedHashMap<>();
        for (ArmStatsEntity a : ArmStatsEntity.<ArmStatsEntity>list(
                "id.experiment = ?1 and id.phase = ?2", Sort.ascending("id.metric", "id.variation"), e.key, e.phase)) {
            if (a.id.variation() < 0 || a.id.variation() >= k) {
                continue;
            }
            Moments[] m = arms.computeIfAbsent(a.id.metric(), x -> empty(k));
            m[a.id.variation()] = new Moments(a.n, a.sumY, a.sumY2, a.sumX, a.sumX2, a.sumXY);
        }
        return arms;
    }

    private static Moments[] empty(int k) {
        Moments[] m = new Moments[k];
        java.util.Arrays.fill(m, new Moments(0, 0, 0, 0, 0, 0));
        return m;
    }

    private ExperimentAnalysis.Plan plan(ExperimentDefinition d) {
        return new ExperimentAnalysis.Plan(
                d.variations().stream().map(ExperimentDefinition.Variation::key).toList(),
                d.weights().stream().mapToDouble(Double::doubleValue).toArray(),
                d.metrics().primary(),
                d.metrics().secondary(),
                d.metrics().guardrails(),
                config.alpha(),
                d.plannedUnitsPerArm(config.tuningUnits()));
    }

    /** The sequential state of the last snapshot of the same phase: its looks and running minimum p-value. */
    private Map<String, Snapshot.Sequential> previousSequential(SnapshotEntity last, int phase) {
        Map<String, Snapshot.Sequential> p = new HashMap<>();
        if (last != null && last.phase == phase) {
            for (Snapshot.Comparison c : read(last).comparisons()) {
                if (c.sequential() != null) {
                    p.put(c.metric() + "|" + c.variation(), c.sequential());
                }
            }
        }
        return p;
    }

    /**
     * One evidence item per comparison; the interval is the confidence sequence, valid at any look. A phase's
     * snapshots are cumulative, so each item supersedes the same comparison's item of the phase's previous snapshot:
     * only the newest counts, and a sample-ratio mismatch found later withdraws the lift found earlier instead of
     * leaving it standing.
     */
    private void publish(
            ExperimentEntity e, ExperimentDefinition d, Snapshot s, SnapshotEntity row, SnapshotEntity previous) {
        ExperimentPhaseEntity phase = ExperimentPhaseEntity.findById(new ExperimentPhaseEntity.Id(e.key, e.phase));
        String control = d.variations().get(0).key();
        // the previous snapshot's published comparisons: only an item that exists can be superseded
        Set<String> published = new HashSet<>();
        if (previous != null) {
            for (Snapshot.Comparison p : read(previous).comparisons()) {
                if (p.sequential() != null) {
                    published.add(p.metric() + "|" + p.variation());
                }
            }
        }
        for (Snapshot.Comparison c : s.comparisons()) {
            if (c.sequential() == null) {
                continue;
            }
            Map<String, String> cfg = new LinkedHashMap<>();
            cfg.put("experiment", e.key);
            cfg.put("phase", Integer.toString(e.phase));
            cfg.put("seed", e.seed);
            cfg.put("role", c.role());
            cfg.put("snapshot", row.id.toString());
            cfg.put("alpha", Double.toString(s.alpha()));
            List<EvidenceReported.Gate> gates = new ArrayList<>();
            gates.add(new EvidenceReported.Gate(
                    "sample-ratio",
                    !s.srm().mismatch(),
                    String.format(
                            java.util.Locale.ROOT,
                            "chi-square p = %.3g (blocks below 0.001)",
                            s.srm().pValue())));
            if (c.guardrail() != null) {
                gates.add(new EvidenceReported.Gate("guardrail", !"violated".equals(c.guardrail()), c.guardrail()));
            }
            EvidenceReported item = new EvidenceReported(
                    "experiment",
                    e.component,
                    e.decisionRef,
                    c.metric(),
                    "lift(" + c.variation() + "/" + control + ")",
                    new EvidenceReported.Provenance(
                            PRODUCER,
                            e.key + "/phase-" + e.phase,
                            cfg,
                            e.definitionHash,
                            null,
                            null,
                            phase == null ? null : phase.startedAt,
                            row.at),
                    new EvidenceReported.Measurements(
                            "relative lift",
                            List.of(
                                    new EvidenceReported.Group(
                                            control, c.nControl(), Map.of("mean", c.meanControl()), null, null),
                                    new EvidenceReported.Group(
                                            c.variation(),
                                            c.nTreatment(),
                                            Map.of("mean", c.meanTreatment()),
                                            null,
                                            null))),
                    new EvidenceReported.Result(
                            "CUPED-adjusted relative lift, O'Brien-Fleming-type alpha spending with a normal-mixture confidence"
                                    + " sequence (ADR-0007; the p-value is the sequence's always-valid p)",
                            c.cuped().estimate(),
                            c.sequential().lower(),
                            c.sequential().upper(),
                            1 - s.alpha(),
                            c.sequential().alwaysValidP(),
                            c.nControl(),
                            c.nTreatment(),
                            s.status()),
                    gates,
                    !published.contains(c.metric() + "|" + c.variation())
                            ? null
                            : EvidenceReported.itemId(evidenceEventId(previous, c), 0)
                                    .toString(),
                    s.recommendation());
            outbox.publish(
                    ExperimentEvents.TOPIC,
                    e.component,
                    VerdictEvent.create(EvidenceEvents.EXPERIMENT_EVIDENCE, "deploy-orchestrator", e.component, item)
                            .withId(evidenceEventId(row, c)));
        }
    }

    /** The evidence event of one comparison of a snapshot: derived, so the next snapshot can supersede its item. */
    static UUID evidenceEventId(SnapshotEntity snapshot, Snapshot.Comparison c) {
        return UUID.nameUUIDFromBytes(("experiment-snapshot|" + snapshot.id + "|" + c.metric() + "|" + c.variation())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }
}

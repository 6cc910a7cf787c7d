package dev.verdict.deploy.experiment.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.deploy.experiment.model.ExistingUnits;
import dev.verdict.deploy.experiment.model.ExperimentDefinition;
import dev.verdict.deploy.experiment.model.ExperimentStatus;
import dev.verdict.deploy.experiment.model.HistoryKind;
import dev.verdict.deploy.experiment.store.ExperimentEntity;
import dev.verdict.deploy.experiment.store.ExperimentHistoryEntity;
import dev.verdict.deploy.experiment.store.ExperimentPhaseEntity;
import dev.verdict.deploy.owner.service.Owners;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.canonical.CanonicalJson;
import dev.verdict.events.experiment.ExperimentChanged;
import dev.verdict.events.experiment.ExperimentEvents;
import dev.verdict.outbox.Outbox;
import dev.verdict.problem.ConflictException;
import dev.verdict.problem.NotFoundException;
import dev.verdict.problem.UnprocessableException;
import dev.verdict.problem.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An experiment's lifecycle: draft → running → stopped → concluded, and new phases. Every change is one
 * transaction that also writes a history line and publishes the definition as it now is
 * ({@link ExperimentEvents#EXPERIMENT_CHANGED}) through the outbox, which SDKs and the aggregation follow.
 *
 * <p>A running experiment keeps its allocation: weights, coverage, variations, hash settings, namespace and
 * targeting change only with a new phase, which gets a new seed, so no unit is silently moved between variations
 * within a phase (the re-randomisation trap of GrowthBook #6730).
 */
@ApplicationScoped
public class ExperimentService {

    static final String SERVICE = "deploy-orchestrator";

    private final Owners owners;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final ExperimentReader reader;
    private final ExperimentGeneration generation;

    public ExperimentService(Owners owners, Outbox outbox, ObjectMapper json, ExperimentGeneration generation) {
        this.owners = owners;
        this.outbox = outbox;
        this.json = json;
        this.reader = new ExperimentReader(json);
        this.generation = generation;
    }

    /** A new draft: 422 for a bad definition, 404 unknown component, 403 non-owner, 409 if the key is taken. */
    @Transactional
    public ExperimentEntity create(JsonNode body, Owners.Member caller) {
        ExperimentDefinition d = reader.read(body, null);
        owners.checkMayExperiment(d.component(), caller);
        if (ExperimentEntity.findById(d.key()) != null) {
            throw new ConflictException(
                    "experiment-exists",
                    "Experiment exists",
                    "an experiment " + d.key() + " exists; choose another key or change it with PUT /api/experiments/"
                            + d.key(),
                    Map.of("experiment", d.key()));
        }
        Instant now = Instant.now();
        ExperimentEntity e = new ExperimentEntity();
        e.key = d.key();
        e.status = ExperimentStatus.DRAFT;
        e.phase = 0;
        e.createdBy = actor(caller);
        e.createdAt = now;
        apply(e, d, now);
        e.persist();
        changed(e, HistoryKind.CREATED, caller, "created as a draft on " + e.component, now);
        return e;
    }

    /**
     * Replaces the definition. A draft takes any change; a running or stopped experiment only changes that keep
     * its allocation (hypothesis, decision, metrics, forced units), else 409 pointing at a new phase.
     */
    @Transactional
    public ExperimentEntity update(String key, JsonNode body, Owners.Member caller) {
        ExperimentEntity e = lock(key);
        owners.checkMayExperiment(e.component, caller); // before validation: a non-owner learns nothing of the rules
        ExperimentDefinition d = reader.read(body, key);
        if (!d.component().equals(e.component)) {
            throw new UnprocessableException(
                    "invalid-experiment",
                    "Invalid experiment definition",
                    "an experiment stays on its component",
                    List.of(Violation.at("/component", "was " + e.component + "; create a new experiment instead")));
        }
        if (e.status == ExperimentStatus.CONCLUDED) {
            throw conflict(e, "a concluded experiment does not change");
        }
        if (e.status != ExperimentStatus.DRAFT && !definition(e).sameAllocation(d)) {
            throw new ConflictException(
                    "allocation-locked",
                    "Allocation locked",
                    "experiment " + key + " is " + e.status.label() + " in phase " + e.phase + ": its variations,"
                            + " weights, coverage, hash settings, namespace and targeting decide which unit sees what,"
                            + " and changing them mid-phase moves units between variations and biases the result;"
                            + " start a new phase (POST /api/experiments/" + key + "/phases), which gets a new seed",
                    Map.of("newPhase", "/api/experiments/" + key + "/phases"));
        }
        if (e.status != ExperimentStatus.DRAFT
                && !java.util.Objects.equals(plannedUnits(definition(e)), plannedUnits(d))) {
            throw new ConflictException(
                    "plan-locked",
                    "Sequential plan locked",
                    "experiment " + key + " is " + e.status.label() + " in phase " + e.phase + ": the sequential test"
                            + " spends its alpha over the planned units per arm, and a plan changed after looking at"
                            + " the data voids its error bound (ADR-0007); start a new phase with"
                            + " {\"plannedUnitsPerArm\": n} (POST /api/experiments/" + key + "/phases)",
                    Map.of("newPhase", "/api/experiments/" + key + "/phases"));
        }
        Instant now = Instant.now();
        String seed = e.seed;
        apply(e, d, now);
        if (e.status != ExperimentStatus.DRAFT) {
            e.seed = seed;
            e.definitionHash = hash(e);
        }
        changed(e, HistoryKind.UPDATED, caller, "definition changed", now);
        return e;
    }

    /** draft → running, phase 1; 409 from any other status. */
    @Transactional
    public ExperimentEntity start(String key, Owners.Member caller) {
        ExperimentEntity e = lock(key);
        owners.checkMayExperiment(e.component, caller);
        if (e.status != ExperimentStatus.DRAFT) {
            throw conflict(e, "start runs a draft; a " + e.status.label() + " experiment runs again with a new phase");
        }
        Instant now = Instant.now();
        e.status = ExperimentStatus.RUNNING;
        e.phase = 1;
        if (e.seed == null) {
            e.seed = e.key; // GrowthBook's default seed: a team moving over keeps its units' variations
        }
        e.bucketVersion = 0; // GrowthBook's default too: its sticky documents of the experiment are read (ADR-0006)
        e.minBucketVersion = 0;
        e.definitionHash = hash(e);
        e.updatedAt = now;
        phase(e, caller, "first phase", now);
        changed(e, HistoryKind.STARTED, caller, "started: phase 1, seed " + e.seed, now);
        return e;
    }

    /**
     * A new phase of a running or stopped experiment: a new seed (given, or random), optionally new weights and
     * coverage; the experiment runs. {@code existingUnits} says what happens to units sticky bucketing assigned
     * before (ADR-0006): {@code reassign} (the default) re-randomises them, {@code exclude} leaves them out, {@code
     * keep} keeps their variations and is refused with changed weights.
     */
    @Transactional
    public ExperimentEntity newPhase(String key, JsonNode body, Owners.Member caller) {
        ExperimentEntity e = lock(key);
        owners.checkMayExperiment(e.component, caller);
        if (e.status != ExperimentStatus.RUNNING && e.status != ExperimentStatus.STOPPED) {
            throw conflict(e, "a new phase follows a running or stopped phase; start a draft first");
        }
        ObjectNode b = body != null && body.isObject() ? (ObjectNode) body : json.createObjectNode();
        ExistingUnits existing = existingUnits(b);
        ObjectNode merged = view(definition(e));
        merged.remove("seed");
        for (String f : List.of("weights", "coverage", "seed")) {
            if (b.has(f)) {
                merged.set(f, b.get(f));
            }
        }
        if (b.has("plannedUnitsPerArm") && merged.get("metrics") instanceof ObjectNode m) {
            List<Violation> bad = new ArrayList<>();
            Long planned = ExperimentReader.plannedUnits(b.get("plannedUnitsPerArm"), "/plannedUnitsPerArm", bad);
            if (!bad.isEmpty()) {
                throw new UnprocessableException(
                        "invalid-experiment", "Invalid phase", "the planned size is invalid", bad);
            }
            if (planned == null) {
                m.remove("plannedUnitsPerArm");
            } else {
                m.put("plannedUnitsPerArm", planned);
            }
        }
        ExperimentDefinition next = reader.read(merged, key);
        String seed = next.seed() != null ? next.seed() : UUID.randomUUID().toString();
        if (seed.equals(e.seed)) {
            throw new UnprocessableException(
                    "invalid-experiment",
                    "Invalid phase",
                    "a new phase needs a new seed",
                    List.of(Violation.at("/seed", "phase " + e.phase + " used " + seed + "; give another or none")));
        }
        if (existing == ExistingUnits.KEEP
                && !next.weights().equals(definition(e).weights())) {
            throw new UnprocessableException(
                    "invalid-experiment",
                    "Invalid phase",
                    "sticky units can be kept only while the weights stay",
                    List.of(Violation.at(
                            "/existingUnits",
                            "keep needs the weights of phase " + e.phase + " "
                                    + definition(e).weights()
                                    + ": with new weights the kept units and the new ones are split differently, a"
                                    + " sample-ratio mismatch; use reassign or exclude (ADR-0006)")));
        }
        Instant now = Instant.now();
        ExperimentPhaseEntity last = ExperimentPhaseEntity.findById(new ExperimentPhaseEntity.Id(key, e.phase));
        if (last != null && last.endedAt == null) {
            last.endedAt = now;
        }
        e.weights = write(next.weights());
        e.coverage = next.coverage();
        e.metrics = write(next.metrics()); // the planned size may change with the phase
        e.seed = seed;
        e.phase = e.phase + 1;
        if (existing != ExistingUnits.KEEP) {
            e.bucketVersion = e.bucketVersion + 1;
        }
        if (existing == ExistingUnits.EXCLUDE) {
            e.minBucketVersion = e.bucketVersion;
        }
        e.status = ExperimentStatus.RUNNING;
        e.definitionHash = hash(e);
        e.updatedAt = now;
        String reason = b.path("reason").asText("").isBlank()
                ? "(no reason given)"
                : b.path("reason").asText();
        phase(e, caller, reason, now);
        changed(
                e,
                HistoryKind.PHASE,
                caller,
                "phase " + e.phase + " with seed " + seed + ", sticky units: " + existing.label() + " (bucket version "
                        + e.bucketVersion + ", minimum " + e.minBucketVersion + "): " + reason,
                now);
        return e;
    }

    /** The new phase's {@code existingUnits}: absent is {@code reassign}; anything else unknown is a 422. */
    private static ExistingUnits existingUnits(ObjectNode b) {
        JsonNode n = b.get("existingUnits");
        if (n == null || n.isNull()) {
            return ExistingUnits.REASSIGN;
        }
        ExistingUnits u = n.isTextual() ? ExistingUnits.ofNewPhase(n.asText()) : null;
        if (u == null) {
            throw new UnprocessableException(
                    "invalid-experiment",
                    "Invalid phase",
                    "existingUnits says what the new phase does to units with sticky assignments",
                    List.of(Violation.at("/existingUnits", "one of reassign (the default), exclude, keep")));
        }
        return u;
    }

    /** running → stopped: allocation ends (every unit sees the control, not counted). */
    @Transactional
    public ExperimentEntity stop(String key, String reason, Owners.Member caller) {
        ExperimentEntity e = lock(key);
        owners.checkMayExperiment(e.component, caller);
        if (e.status != ExperimentStatus.RUNNING) {
            throw conflict(e, "stop ends a running experiment");
        }
        Instant now = Instant.now();
        ExperimentPhaseEntity p = ExperimentPhaseEntity.findById(new ExperimentPhaseEntity.Id(key, e.phase));
        if (p != null) {
            p.endedAt = now;
        }
        e.status = ExperimentStatus.STOPPED;
        e.updatedAt = now;
        changed(e, HistoryKind.STOPPED, caller, "stopped: " + why(reason), now);
        return e;
    }

    /** stopped → concluded, with the variation that won (or none) and why. */
    @Transactional
    public ExperimentEntity conclude(String key, String winner, String reason, Owners.Member caller) {
        ExperimentEntity e = lock(key);
        owners.checkMayExperiment(e.component, caller);
        if (e.status != ExperimentStatus.STOPPED) {
            throw conflict(e, "conclude closes a stopped experiment; stop it first");
        }
        ExperimentDefinition d = definition(e);
        if (winner != null && d.variations().stream().noneMatch(v -> v.key().equals(winner))) {
            throw new UnprocessableException(
                    "invalid-conclusion",
                    "Invalid conclusion",
                    "the winner must be one of the variations",
                    List.of(Violation.at(
                            "/winner",
                            "one of "
                                    + d.variations().stream()
                                            .map(ExperimentDefinition.Variation::key)
                                            .toList() + ", or null for none")));
        }
        Instant now = Instant.now();
        e.status = ExperimentStatus.CONCLUDED;
        e.winner = winner;
        e.conclusion = why(reason);
        e.updatedAt = now;
        changed(
                e,
                HistoryKind.CONCLUDED,
                caller,
                "concluded: " + (winner == null ? "no winner" : winner + " won") + ": " + e.conclusion,
                now);
        return e;
    }

    /** 404 for an unknown experiment, 403 unless the caller owns its component or is an admin. */
    @Transactional
    public void checkMayChange(String key, Owners.Member caller) {
        ExperimentEntity e = ExperimentEntity.findById(key);
        if (e == null) {
            throw new NotFoundException("no experiment " + key);
        }
        owners.checkMayExperiment(e.component, caller);
    }

    private static Long plannedUnits(ExperimentDefinition d) {
        return d.metrics() == null ? null : d.metrics().plannedUnitsPerArm();
    }

    /** The stored definition, as the reader would return it. */
    public ExperimentDefinition definition(ExperimentEntity e) {
        try {
            return new ExperimentDefinition(
                    e.key,
                    e.component,
                    e.decisionRef,
                    e.hypothesis,
                    json.readValue(e.variations, new TypeReference<List<ExperimentDefinition.Variation>>() {}),
                    json.readValue(e.weights, new TypeReference<List<Double>>() {}),
                    e.coverage,
                    e.hashAttribute,
                    e.hashVersion,
                    e.seed,
                    e.namespace == null ? null : json.readValue(e.namespace, ExperimentDefinition.Namespace.class),
                    e.condition == null
                            ? null
                            : json.readValue(e.condition, new TypeReference<LinkedHashMap<String, Object>>() {}),
                    json.readValue(e.forced, new TypeReference<LinkedHashMap<String, Integer>>() {}),
                    json.readValue(e.metrics, ExperimentDefinition.Metrics.class),
                    e.fallbackAttribute);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException("experiment " + e.key + " has an unreadable definition", x);
        }
    }

    /** The definition in the request's shape (what GET shows and PUT takes). */
    public ObjectNode view(ExperimentDefinition d) {
        ObjectNode n = json.valueToTree(d);
        if (d.seed() == null) {
            n.remove("seed");
        }
        return n;
    }

    private ExperimentEntity lock(String key) {
        ExperimentEntity e = ExperimentEntity.findById(key, LockModeType.PESSIMISTIC_WRITE);
        if (e == null) {
            throw new NotFoundException("no experiment " + key);
        }
        return e;
    }

    private void apply(ExperimentEntity e, ExperimentDefinition d, Instant now) {
        e.component = d.component();
        e.decisionRef = d.decision();
        e.hypothesis = d.hypothesis();
        e.seed = d.seed();
        e.hashAttribute = d.hashAttribute();
        e.fallbackAttribute = d.fallbackAttribute();
        e.hashVersion = d.hashVersion();
        e.variations = write(d.variations());
        e.weights = write(d.weights());
        e.coverage = d.coverage();
        e.namespace = d.namespace() == null ? null : write(d.namespace());
        e.condition = d.condition() == null ? null : write(d.condition());
        e.forced = write(d.forced());
        e.metrics = write(d.metrics());
        e.definitionHash = hash(e);
        e.updatedAt = now;
    }

    /** SHA-256 of the canonical definition with its phase and seed: the provenance of every result of the phase. */
    private String hash(ExperimentEntity e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("definition", json.convertValue(view(definition(e)), new TypeReference<Map<String, Object>>() {}));
        m.put("phase", e.phase);
        m.put("seed", e.seed);
        m.put("bucketVersion", e.bucketVersion);
        m.put("minBucketVersion", e.minBucketVersion);
        return CanonicalJson.contentHash(m);
    }

    private void phase(ExperimentEntity e, Owners.Member caller, String reason, Instant now) {
        ExperimentPhaseEntity p = new ExperimentPhaseEntity();
        p.id = new ExperimentPhaseEntity.Id(e.key, e.phase);
        p.seed = e.seed;
        p.weights = e.weights;
        p.coverage = e.coverage;
        p.bucketVersion = e.bucketVersion;
        p.minBucketVersion = e.minBucketVersion;
        p.definitionHash = e.definitionHash;
        p.reason = reason;
        p.startedBy = actor(caller);
        p.startedAt = now;
        p.persist();
    }

    private void changed(ExperimentEntity e, HistoryKind kind, Owners.Member caller, String summary, Instant now) {
        generation.bumpAfterCommit();
        ExperimentHistoryEntity h = new ExperimentHistoryEntity();
        h.experiment = e.key;
        h.at = now;
        h.kind = kind;
        h.actor = actor(caller);
        h.summary = summary;
        h.persist();
        ExperimentDefinition d = definition(e);
        ExperimentPhaseEntity p =
                e.phase == 0 ? null : ExperimentPhaseEntity.findById(new ExperimentPhaseEntity.Id(e.key, e.phase));
        ExperimentChanged data = new ExperimentChanged(
                e.key,
                e.component,
                e.decisionRef,
                e.status.label(),
                e.phase,
                p == null ? null : p.startedAt.toString(),
                e.seed,
                e.hashAttribute,
                e.hashVersion,
                d.variations().stream().map(ExperimentDefinition.Variation::key).toList(),
                d.weights(),
                d.coverage(),
                d.namespace() == null
                        ? null
                        : new ExperimentChanged.NamespaceRange(
                                d.namespace().name(),
                                d.namespace().start(),
                                d.namespace().end()),
                d.condition(),
                d.forced(),
                d.metrics().all(),
                e.definitionHash,
                actor(caller),
                e.bucketVersion,
                e.minBucketVersion,
                e.fallbackAttribute);
        outbox.publish(
                ExperimentEvents.TOPIC,
                e.key,
                VerdictEvent.create(ExperimentEvents.EXPERIMENT_CHANGED, SERVICE, e.component, data));
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }

    private static String actor(Owners.Member m) {
        return "user:" + m.name();
    }

    private static String why(String reason) {
        return reason == null || reason.isBlank() ? "(no reason given)" : reason.trim();
    }

    private static ConflictException conflict(ExperimentEntity e, String what) {
        return new ConflictException(
                "invalid-experiment-state",
                "Invalid experiment state",
                what + "; experiment " + e.key + " is " + e.status.label(),
                Map.of("experimentStatus", e.status.label()));
    }
}

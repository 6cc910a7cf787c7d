package dev.verdict.deploy.experiment.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.allocation.Assigner;
import dev.verdict.allocation.Experiment;
import dev.verdict.allocation.StickyBuckets;
import dev.verdict.deploy.experiment.model.ExperimentDefinition;
import dev.verdict.deploy.experiment.model.ExperimentStatus;
import dev.verdict.deploy.experiment.store.ExperimentEntity;
import dev.verdict.problem.NotFoundException;
import dev.verdict.problem.UnprocessableException;
import dev.verdict.problem.Violation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The REST allocation for callers without the Java SDK: the same {@link Allocator} over the stored definition, so a
 * unit gets the same variation from either. Definitions are turned into allocation form once per change and kept in
 * memory: a request reads no row and opens no transaction (reading the row on every request was half of its CPU at
 * 2,000 requests/s). A change committed in this process drops the cache at once ({@link ExperimentGeneration}); one
 * committed by another replica is seen when the entry is older than {@link #MAX_AGE}, as an SDK sees it when the
 * definition event arrives.
 */
@ApplicationScoped
public class Allocations {

    static final int MAX_BATCH = 10_000;

    /**
     * One unit's outcome; {@code inExperiment} false means: show the control and do not count the unit.
     *
     * @param stickyBucketAssignmentDocs the unit's sticky documents this allocation changed or created, for the
     *                                   caller to save over its own (empty: nothing changed); absent when the
     *                                   request sent no documents
     */
    public record Result(
            String experiment,
            int phase,
            String unit,
            int variation,
            String variationKey,
            boolean inExperiment,
            String reason,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, StickyDoc> stickyBucketAssignmentDocs) {}

    /** A sticky bucket document as GrowthBook's SDKs keep it: assignments {@code "<key>__<bucketVersion>" → variation key}. */
    public record StickyDoc(String attributeName, String attributeValue, Map<String, String> assignments) {}

    /** How long a cached definition is used before the row is read again (another replica may have changed it). */
    static final Duration MAX_AGE = Duration.ofSeconds(1);

    /**
     * A definition in allocation form, or none ({@code experiment} null: no such experiment), as read when the
     * process's {@link ExperimentGeneration} was {@code generation}.
     */
    private record Prepared(
            long generation, long readAtNanos, Experiment experiment, ExperimentDefinition definition, int phase) {}

    private final ExperimentService experiments;
    private final ExperimentGeneration generation;
    private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();

    public Allocations(ExperimentService experiments, ExperimentGeneration generation) {
        this.experiments = experiments;
        this.generation = generation;
    }

    public Result allocate(String key, Map<String, ?> attributes) {
        return allocate(key, attributes, null);
    }

    /**
     * One unit, with its sticky bucket documents ({@code stickyDocs} null or JSON null: no sticky bucketing): the
     * documents the allocation changed come back in the result. A bad document is a 422 naming it by pointer.
     */
    public Result allocate(String key, Map<String, ?> attributes, JsonNode stickyDocs) {
        Prepared p = prepare(key);
        List<Violation> violations = new ArrayList<>();
        if (attributes == null) {
            violations.add(Violation.at("/attributes", "the unit's attributes, e.g. {\"id\": \"user-42\"}"));
        }
        Map<String, StickyBuckets.Doc> docs = StickyDocuments.read(stickyDocs, "/" + STICKY_FIELD, violations);
        if (!violations.isEmpty()) {
            throw invalid(
                    attributes == null ? "the unit's attributes are missing" : "bad sticky bucket documents",
                    violations);
        }
        return run(p, attributes, docs);
    }

    public List<Result> allocateAll(String key, List<Map<String, ?>> units) {
        return allocateAll(key, units, null);
    }

    /**
     * Up to {@link #MAX_BATCH} units; {@code stickyDocs}, when given, is a list with one entry per unit (its
     * documents, or null for none).
     */
    public List<Result> allocateAll(String key, List<Map<String, ?>> units, JsonNode stickyDocs) {
        Prepared p = prepare(key);
        if (units == null || units.size() > MAX_BATCH) {
            throw invalid(
                    "a batch is 0-" + MAX_BATCH + " units",
                    List.of(Violation.at("/units", "a list of at most " + MAX_BATCH + " attribute objects")));
        }
        List<Map<String, StickyBuckets.Doc>> docs = new ArrayList<>(units.size());
        if (stickyDocs != null && !stickyDocs.isNull()) {
            if (!stickyDocs.isArray() || stickyDocs.size() != units.size()) {
                throw invalid(
                        "bad sticky bucket documents",
                        List.of(Violation.at(
                                "/" + STICKY_FIELD,
                                "a list with one entry per unit (" + units.size()
                                        + "): the unit's documents, or null for none")));
            }
            List<Violation> violations = new ArrayList<>();
            for (int i = 0; i < units.size(); i++) {
                docs.add(StickyDocuments.read(stickyDocs.get(i), "/" + STICKY_FIELD + "/" + i, violations));
            }
            if (!violations.isEmpty()) {
                throw invalid("bad sticky bucket documents", violations);
            }
        }
        List<Result> out = new ArrayList<>(units.size());
        for (int i = 0; i < units.size(); i++) {
            Map<String, ?> u = units.get(i);
            out.add(run(p, u == null ? Map.of() : u, docs.isEmpty() ? null : docs.get(i)));
        }
        return out;
    }

    /** The request field with a unit's sticky documents, as GrowthBook's SDKs name them. */
    public static final String STICKY_FIELD = "stickyBucketAssignmentDocs";

    private static UnprocessableException invalid(String detail, List<Violation> violations) {
        return new UnprocessableException("invalid-allocation", "Invalid allocation request", detail, violations);
    }

    private Result run(Prepared p, Map<String, ?> attributes, Map<String, StickyBuckets.Doc> docs) {
        ExperimentDefinition d = p.definition();
        StickyBuckets sticky = docs == null ? null : new StickyBuckets(docs);
        Assigner.Outcome o = Assigner.assign(p.experiment(), d.forced(), attributes, sticky);
        return new Result(
                d.key(),
                p.phase(),
                Assigner.unit(p.experiment(), attributes, sticky != null),
                o.variation(),
                d.variations().get(o.variation()).key(),
                o.inExperiment(),
                o.reason(),
                sticky == null ? null : StickyDocuments.changed(sticky));
    }

    private Prepared prepare(String key) {
        long now = System.nanoTime();
        long gen = generation.current();
        Prepared p = prepared.get(key);
        if (p == null || p.generation() != gen || now - p.readAtNanos() > MAX_AGE.toNanos()) {
            // read before the row: a change committed while we read bumps the generation past what we record
            p = QuarkusTransaction.requiringNew().call(() -> read(key, gen, now));
            if (prepared.size() > 10_000) {
                prepared.clear(); // keys of deleted or mistyped experiments must not pile up
            }
            prepared.put(key, p);
        }
        if (p.experiment() == null) {
            throw new NotFoundException("no experiment " + key);
        }
        return p;
    }

    private Prepared read(String key, long gen, long now) {
        ExperimentEntity e = ExperimentEntity.findById(key);
        if (e == null) {
            return new Prepared(gen, now, null, null, 0);
        }
        ExperimentDefinition d = experiments.definition(e);
        return new Prepared(
                gen,
                now,
                toAllocation(d, e.status == ExperimentStatus.RUNNING, e.bucketVersion, e.minBucketVersion),
                d,
                e.phase);
    }

    /** The definition in libs/allocation's (GrowthBook's) form, in sticky bucket version 0. */
    public static Experiment toAllocation(ExperimentDefinition d, boolean active) {
        return toAllocation(d, active, 0, 0);
    }

    /**
     * The definition in libs/allocation's (GrowthBook's) form, with its phase's sticky bucket versions (ADR-0006);
     * sticky documents store the variations' keys.
     */
    public static Experiment toAllocation(
            ExperimentDefinition d, boolean active, int bucketVersion, int minBucketVersion) {
        double[] weights = d.weights().stream().mapToDouble(Double::doubleValue).toArray();
        return new Experiment(
                d.key(),
                new ArrayList<Object>(d.variations().stream()
                        .map(ExperimentDefinition.Variation::key)
                        .toList()),
                weights,
                d.coverage(),
                null,
                d.condition(),
                d.namespace() == null
                        ? null
                        : new Experiment.Namespace(
                                d.namespace().name(),
                                d.namespace().start(),
                                d.namespace().end()),
                null,
                null,
                d.hashAttribute(),
                d.hashVersion(),
                d.seed(),
                active,
                new Experiment.Sticky(
                        d.variations().stream()
                                .map(ExperimentDefinition.Variation::key)
                                .toList(),
                        d.fallbackAttribute(),
                        bucketVersion,
                        minBucketVersion,
                        false));
    }
}

package dev.verdict.deploy.experiment.service;

import dev.verdict.allocation.Assigner;
import dev.verdict.allocation.Experiment;
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

    /** One unit's outcome; {@code inExperiment} false means: show the control and do not count the unit. */
    public record Result(
            String experiment,
            int phase,
            String unit,
            int variation,
            String variationKey,
            boolean inExperiment,
            String reason) {}

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
        Prepared p = prepare(key);
        if (attributes == null) {
            throw new UnprocessableException(
                    "invalid-allocation",
                    "Invalid allocation request",
                    "the unit's attributes are missing",
                    List.of(Violation.at("/attributes", "the unit's attributes, e.g. {\"id\": \"user-42\"}")));
        }
        return run(p, attributes);
    }

    public List<Result> allocateAll(String key, List<Map<String, ?>> units) {
        Prepared p = prepare(key);
        if (units == null || units.size() > MAX_BATCH) {
            throw new UnprocessableException(
                    "invalid-allocation",
                    "Invalid allocation request",
                    "a batch is 0-" + MAX_BATCH + " units",
                    List.of(Violation.at("/units", "a list of at most " + MAX_BATCH + " attribute objects")));
        }
        List<Result> out = new ArrayList<>(units.size());
        for (Map<String, ?> u : units) {
            out.add(run(p, u == null ? Map.of() : u));
        }
        return out;
    }

    private Result run(Prepared p, Map<String, ?> attributes) {
        ExperimentDefinition d = p.definition();
        Assigner.Outcome o = Assigner.assign(p.experiment(), d.forced(), attributes);
        return new Result(
                d.key(),
                p.phase(),
                Assigner.unit(p.experiment(), attributes),
                o.variation(),
                d.variations().get(o.variation()).key(),
                o.inExperiment(),
                o.reason());
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
        return new Prepared(gen, now, toAllocation(d, e.status == ExperimentStatus.RUNNING), d, e.phase);
    }

    /** The definition in libs/allocation's (GrowthBook's) form. */
    public static Experiment toAllocation(ExperimentDefinition d, boolean active) {
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
                active);
    }
}

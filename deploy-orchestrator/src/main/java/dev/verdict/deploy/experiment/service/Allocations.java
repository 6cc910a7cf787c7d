package dev.verdict.deploy.experiment.service;

import dev.verdict.allocation.Assigner;
import dev.verdict.allocation.Experiment;
import dev.verdict.deploy.experiment.model.ExperimentDefinition;
import dev.verdict.deploy.experiment.model.ExperimentStatus;
import dev.verdict.deploy.experiment.store.ExperimentEntity;
import dev.verdict.problem.NotFoundException;
import dev.verdict.problem.UnprocessableException;
import dev.verdict.problem.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The REST allocation for callers without the Java SDK: the same {@link Allocator} over the stored definition, so a
 * unit gets the same variation from either. Definitions are turned into allocation form once per change (the row's
 * version), not per request.
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

    /** A definition in allocation form, as of the row's version (every change of the row bumps it). */
    private record Prepared(int version, Experiment experiment, ExperimentDefinition definition, int phase) {}

    private final ExperimentService experiments;
    private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();

    public Allocations(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @Transactional
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

    @Transactional
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
        ExperimentEntity e = ExperimentEntity.findById(key);
        if (e == null) {
            throw new NotFoundException("no experiment " + key);
        }
        Prepared cached = prepared.get(key);
        if (cached != null && cached.version() == e.versionLock) {
            return cached;
        }
        ExperimentDefinition d = experiments.definition(e);
        Prepared p = new Prepared(e.versionLock, toAllocation(d, e.status == ExperimentStatus.RUNNING), d, e.phase);
        prepared.put(key, p);
        return p;
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

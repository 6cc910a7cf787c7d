package dev.verdict.deploy.experiment.aggregate;

import dev.verdict.events.Topics;
import java.util.List;

/**
 * Every topic and state store name of {@link ExperimentAggregationTopology}, in one place. The repartition topics and
 * changelogs that Kafka Streams creates itself are named {@code <application.id>-<name>-repartition} and
 * {@code <application.id>-<store>-changelog} from the names below.
 */
public final class AggregationTopics {

    /** Input: {@code ExperimentChanged} (keyed by experiment key) and {@code ExposureRecorded} (keyed by unit). */
    public static final String EXPERIMENTS = Topics.EXPERIMENTS;

    /** Input: {@code MetricObserved}, keyed by unit id. */
    public static final String TELEMETRY = Topics.TELEMETRY;

    /**
     * The latest definition per experiment key, written by the topology and read back as a global store. Must be
     * created compacted ({@code cleanup.policy=compact}): a global store restores from it on every start.
     */
    public static final String DEFINITIONS = "deploy-orchestrator.experiment-definitions";

    /** Output: one {@link ArmStats} per change of an arm, keyed {@code experiment|phase|variation|metric}. */
    public static final String STATS = "deploy-orchestrator.experiment-stats";

    /** Output: every input the topology could not use, as {@link Parked}, keyed by the input's raw key. */
    public static final String PARKED = "deploy-orchestrator.experiment-parked";

    /** The topics a deployment must create before starting the topology (the inputs exist already). */
    public static final List<String> OWNED = List.of(DEFINITIONS, STATS, PARKED);

    /** Global store: definitions by experiment, plus a metric → experiments index (see {@link Definition}). */
    public static final String DEFINITIONS_STORE = "experiment-definitions";

    /** Per unit: first exposures, running totals, recently seen metric event ids ({@link UnitState}). */
    public static final String UNIT_STATE_STORE = "experiment-unit-state";

    /** Per task: the arm changes since its last flush downstream ({@link ArmDelta} per arm key). */
    public static final String PENDING_STORE = "experiment-pending-deltas";

    /**
     * Partitions of the input topics the platform creates and of {@link #BY_UNIT}; an input already in the partition
     * its unit hashes to among these skips the by-unit repartition.
     */
    public static final int PARTITIONS = 3;

    /** Per arm: the summed {@link ArmStats}. */
    public static final String ARM_STATS_STORE = "experiment-arm-stats";

    /** Repartition of exposures and observations by unit id, so one task sees all of a unit's events. */
    public static final String BY_UNIT = "experiment-events-by-unit";

    /** Repartition of per-unit deltas by arm key, so one task sums an arm. */
    public static final String BY_ARM = "experiment-deltas-by-arm";

    private AggregationTopics() {}
}

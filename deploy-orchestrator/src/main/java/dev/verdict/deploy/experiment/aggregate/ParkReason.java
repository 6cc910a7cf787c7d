package dev.verdict.deploy.experiment.aggregate;

/** Why an input went to {@link AggregationTopics#PARKED} instead of into the statistics. */
public enum ParkReason {
    /** Not a readable Verdict event (not JSON, not a CloudEvent, unknown type, data that does not bind...). */
    UNDECODABLE,
    /** A readable event with a field the aggregation cannot use (no unit, an unparseable time, a NaN value...). */
    INVALID,
    /** An exposure for an experiment key no definition has been seen for. */
    NO_EXPERIMENT,
    /** An exposure for an experiment that is not running (draft, stopped, concluded). */
    NOT_RUNNING,
    /** An exposure for a phase other than the experiment's current one. */
    WRONG_PHASE,
    /** An exposure whose variation index is not one of the experiment's variations. */
    BAD_VARIATION
}

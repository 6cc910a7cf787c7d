package dev.verdict.events.experiment;

/**
 * {@code dev.verdict.experiment.exposure-recorded.v1}, keyed by unit id: a unit was allocated to a variation of a
 * running experiment and saw it. Emitted by the SDK on each evaluation that puts a unit in the experiment, so the same
 * unit may be reported many times; the aggregation keeps each unit's first exposure per experiment and phase.
 *
 * @param experiment the experiment key
 * @param phase      the phase the allocation used (its seed)
 * @param unit       the hashed attribute's value, e.g. a user id
 * @param variation  the variation's index (0 = control)
 * @param at         ISO-8601 instant of the exposure
 * @param source     who allocated: {@code sdk:<service>} or {@code rest}
 */
public record ExposureRecorded(String experiment, int phase, String unit, int variation, String at, String source) {}

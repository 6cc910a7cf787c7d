package dev.verdict.events.telemetry;

/**
 * {@code dev.verdict.telemetry.metric-observed.v1}, keyed by unit id: one observation of a metric for one unit, e.g.
 * {@code checkout-conversion = 1} or {@code order-value = 42.5}. A unit's metric value in an experiment is the sum of
 * its observations after its first exposure; observations before it (in the same phase's look-back window) are its
 * pre-period covariate for CUPED.
 *
 * @param unit      the unit id, as the experiment hashes it
 * @param metric    the metric name, as experiments list it
 * @param value     the observed amount
 * @param at        ISO-8601 instant of the observation
 * @param component optional catalog ref of the reporting component
 */
public record MetricObserved(String unit, String metric, double value, String at, String component) {}

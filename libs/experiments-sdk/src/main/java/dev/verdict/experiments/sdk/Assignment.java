package dev.verdict.experiments.sdk;

/**
 * Which variation a unit sees. {@code inExperiment} false means: show the control ({@code variation} 0 unless the
 * unit is a forced QA unit) and do not count the unit; no exposure is published then.
 *
 * @param reason {@code hashed}, {@code forced}, {@code not running}, {@code unknown experiment}, {@code no <attribute>
 *               attribute} or {@code not included (coverage, namespace or targeting)}, as the REST endpoint says
 */
public record Assignment(
        String experiment,
        int phase,
        String unit,
        int variation,
        String variationKey,
        boolean inExperiment,
        String reason) {}

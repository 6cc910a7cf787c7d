package dev.verdict.experiments.sdk;

/**
 * Which variation a unit sees. {@code inExperiment} false means: show the control ({@code variation} 0 unless the
 * unit is a forced QA unit) and do not count the unit; no exposure is published then.
 *
 * @param reason {@code hashed}, {@code sticky} (a sticky document kept the unit's variation), {@code forced},
 *               {@code not running}, {@code unknown experiment}, {@code no <attribute> attribute}, {@code not included
 *               (coverage, namespace or targeting)} or {@code excluded: assigned under an earlier bucket version}, as
 *               the REST endpoint says
 */
public record Assignment(
        String experiment,
        int phase,
        String unit,
        int variation,
        String variationKey,
        boolean inExperiment,
        String reason) {}

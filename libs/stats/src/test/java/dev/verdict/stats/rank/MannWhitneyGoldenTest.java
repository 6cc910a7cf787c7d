package dev.verdict.stats.rank;

import static dev.verdict.stats.Golden.close;
import static dev.verdict.stats.Golden.gen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.stats.Alternative;
import org.junit.jupiter.api.Test;

/**
 * Golden values from R 4.2.2 {@code wilcox.test(x, y, conf.int = TRUE, tol.root = 1e-12, ...)}, produced by
 * {@code Rscript libs/stats/src/test/golden/mann_whitney.R} (each case below is one line of its output).
 * Interval bounds from the normal branch come from R's uniroot, which lands within ~1e-12 of the exact step we
 * compute; estimates are compared with R's {@code median(outer(x, y, "-"))}.
 */
class MannWhitneyGoldenTest {

    static final double[] X1 = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
    static final double[] Y1 = {1.15, 0.88, 0.90, 0.74, 1.21};
    static final double[] X2 = {1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30};
    static final double[] Y2 = {0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29};
    static final double A = 0.6180339887498949;
    static final double B = 0.7548776662466927;

    private static MannWhitney.Options opts() {
        return MannWhitney.Options.defaults();
    }

    private static void check(
            MannWhitneyResult r, double w, double p, double lo, double hi, double est, String method) {
        assertEquals(w, r.statistic(), 0.0, "W");
        close(p, r.pValue(), "p-value");
        close(lo, r.confidenceInterval().lower(), "lower");
        close(hi, r.confidenceInterval().upper(), "upper");
        close(est, r.estimate(), 1e-12, 1.0, "estimate");
        assertEquals(method, r.method());
    }

    @Test
    void exactTwoSidedUnequalSizes() {
        // exact_two_sided: W=35 p=0.2544122544122544 ci=[-0.15000000000000002, 0.7599999999999999]
        // est=0.30500000000000005
        MannWhitneyResult r = MannWhitney.test(X1, Y1);
        check(
                r,
                35,
                0.2544122544122544,
                -0.15000000000000002,
                0.7599999999999999,
                0.30500000000000005,
                "Wilcoxon rank sum exact test");
        assertTrue(r.exact());
        assertEquals(0.95, r.achievedConfidenceLevel());
        assertEquals(10, r.n1());
        assertEquals(5, r.n2());
    }

    @Test
    void exactOneSided() {
        // exact_less: W=35 p=0.89676989676989671 ci=[-Inf, 0.71999999999999997]
        check(
                MannWhitney.test(X1, Y1, opts().withAlternative(Alternative.LESS)),
                35,
                0.89676989676989671,
                Double.NEGATIVE_INFINITY,
                0.71999999999999997,
                0.30500000000000005,
                "Wilcoxon rank sum exact test");
        // exact_greater (conf.level = 0.9): W=35 p=0.1272061272061272 ci=[-0.050000000000000044, Inf]
        MannWhitneyResult g = MannWhitney.test(
                X1, Y1, opts().withAlternative(Alternative.GREATER).withConfidenceLevel(0.9));
        check(
                g,
                35,
                0.1272061272061272,
                -0.050000000000000044,
                Double.POSITIVE_INFINITY,
                0.30500000000000005,
                "Wilcoxon rank sum exact test");
        assertEquals(0.9, g.confidenceInterval().level());
    }

    @Test
    void tiesUseNormalApproximationWithCorrection() {
        // ties_two_sided: W=58 p=0.13291945818531886 ci=[-0.36999999999968486, 1.1829999999993448] hl_median=0.56
        MannWhitneyResult r = MannWhitney.test(X2, Y2);
        check(
                r,
                58,
                0.13291945818531886,
                -0.36999999999968486,
                1.1829999999993448,
                0.56000000000000005,
                "Wilcoxon rank sum test with continuity correction");
        assertFalse(r.exact());
        assertTrue(r.ties());
        // ties_greater: W=58 p=0.066459729092659431 ci=[-0.098000000000046453, Inf]
        check(
                MannWhitney.test(X2, Y2, opts().withAlternative(Alternative.GREATER)),
                58,
                0.066459729092659431,
                -0.098000000000046453,
                Double.POSITIVE_INFINITY,
                0.56000000000000005,
                "Wilcoxon rank sum test with continuity correction");
        // ties_no_correction: W=58 p=0.12189099149676107 ci=[-0.22000000000078224, 1.0820000000001291]
        check(
                MannWhitney.test(X2, Y2, opts().withContinuityCorrection(false)),
                58,
                0.12189099149676107,
                -0.22000000000078224,
                1.0820000000001291,
                0.56000000000000005,
                "Wilcoxon rank sum test");
    }

    @Test
    void normalApproximationForLargerSamples() {
        // normal_60_70: W=1961 p=0.51775166334982581 ci=[-1.3897718366231053, 0.70570366451995947]
        //               hl_median=-0.33450134267149778
        check(
                MannWhitney.test(gen(60, A, 10, 0), gen(70, B, 10, 0.5)),
                1961,
                0.51775166334982581,
                -1.3897718366231053,
                0.70570366451995947,
                -0.33450134267149778,
                "Wilcoxon rank sum test with continuity correction");
    }

    @Test
    void heavyTies() {
        double[] x = gen(200, A, 10, 0, true);
        double[] y = gen(150, B, 10, 0.5, true);
        // heavy_ties_200_150: W=13607 p=0.13712010180688078 ci=[-1.1000000000004793, 0.19999999999979706] hl=-0.5
        check(
                MannWhitney.test(x, y),
                13607,
                0.13712010180688078,
                -1.1000000000004793,
                0.19999999999979706,
                -0.5,
                "Wilcoxon rank sum test with continuity correction");
        // heavy_ties_200_150_less (0.99): W=13607 p=0.068560050903440389 ci=[-Inf, 0.29999999999994542]
        check(
                MannWhitney.test(x, y, opts().withAlternative(Alternative.LESS).withConfidenceLevel(0.99)),
                13607,
                0.068560050903440389,
                Double.NEGATIVE_INFINITY,
                0.29999999999994542,
                -0.5,
                "Wilcoxon rank sum test with continuity correction");
    }

    @Test
    void thousandByThousand() {
        // normal_1000_1000: W=471180 p=0.025628779911040869 ci=[-0.54869107187512101, -0.036199628180937485]
        //                   hl_median=-0.29259654638606802
        check(
                MannWhitney.test(gen(1000, A, 10, 0), gen(1000, B, 10, 0.3)),
                471180,
                0.025628779911040869,
                -0.54869107187512101,
                -0.036199628180937485,
                -0.29259654638606802,
                "Wilcoxon rank sum test with continuity correction");
    }

    @Test
    void singleObservationExactIntervalIsDegenerateAndSaysSo() {
        // n1_exact: W=2 p=1 ci=[-0.79999999999999982, 2.1000000000000001] est=0.70000000000000018 level=0.5
        MannWhitneyResult r = MannWhitney.test(new double[] {3.2}, new double[] {1.1, 2.5, 4.0});
        check(r, 2, 1.0, -0.79999999999999982, 2.1000000000000001, 0.70000000000000018, "Wilcoxon rank sum exact test");
        assertEquals(0.5, r.achievedConfidenceLevel(), 1e-15);
    }

    @Test
    void constantSamples() {
        // constant_different: W=48 p=0.00041487596345399328 (R cannot give an interval here; all differences are 2)
        MannWhitneyResult r = MannWhitney.test(new double[] {5, 5, 5, 5, 5, 5, 5, 5}, new double[] {3, 3, 3, 3, 3, 3});
        check(r, 48, 0.00041487596345399328, 2, 2, 2, "Wilcoxon rank sum test with continuity correction");
        // all_identical: W=24 p=NaN in R; we report p = 1 and a zero shift
        MannWhitneyResult same = MannWhitney.test(new double[] {5, 5, 5}, new double[] {5, 5});
        assertEquals(1.0, same.pValue());
        assertEquals(0.0, same.estimate());
        assertEquals(0.0, same.confidenceInterval().lower());
        assertEquals(0.0, same.confidenceInterval().upper());
    }

    @Test
    void forcedNormalApproximationOnSmallSample() {
        // forced_normal_small (exact = FALSE): W=35 p=0.24462360512698336 ci=[-0.15000000000045499,
        // 0.75999999999914136]
        check(
                MannWhitney.test(X1, Y1, opts().withMode(MannWhitney.Mode.NORMAL)),
                35,
                0.24462360512698336,
                -0.15000000000045499,
                0.75999999999914136,
                0.30500000000000005,
                "Wilcoxon rank sum test with continuity correction");
    }
}

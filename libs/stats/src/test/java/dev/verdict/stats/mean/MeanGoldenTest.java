package dev.verdict.stats.mean;

import static dev.verdict.stats.Golden.close;
import static dev.verdict.stats.Golden.gen;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verdict.stats.Alternative;
import org.junit.jupiter.api.Test;

/**
 * Golden values for Welch, two-proportion z and relative lift.
 * Welch and proportions: {@code Rscript libs/stats/src/test/golden/r_reference.R} (R 4.2.2 t.test / prop.test),
 * Welch also cross-checked by {@code python3 libs/stats/src/test/golden/scipy_reference.py} (scipy.stats.ttest_ind).
 * Lift: the delta-method formula evaluated in NumPy by scipy_reference.py (line "lift_300_280").
 */
class MeanGoldenTest {

    static final double A = 0.6180339887498949;
    static final double B = 0.7548776662466927;

    private static void welch(MeanDifferenceResult r, double t, double df, double p, double lo, double hi) {
        close(t, r.statistic(), "t");
        close(df, r.degreesOfFreedom(), "df");
        close(p, r.pValue(), "p");
        close(lo, r.confidenceInterval().lower(), "lower");
        close(hi, r.confidenceInterval().upper(), "upper");
    }

    @Test
    void welchMatchesRAndSciPy() {
        double[] x = gen(40, A, 3, 10);
        double[] y = gen(55, B, 5, 9);
        // welch_two.sided: t=-0.07132637743881827 df=90.123034559662159 p=0.94329604739503659
        //                  ci=[-0.48948112459946497, 0.45555155539894127] est=-0.016964784600261851
        // (SciPy: df=90.123034559662173, same p and interval)
        MeanDifferenceResult r = WelchTTest.test(x, y);
        welch(
                r,
                -0.07132637743881827,
                90.123034559662159,
                0.94329604739503659,
                -0.48948112459946497,
                0.45555155539894127);
        close(-0.016964784600261851, r.estimate(), "estimate");
        assertEquals(40, r.n1());
        // welch_less (0.9): p=0.47164802369751829 ci=[-Inf, 0.29009982212943852]
        welch(
                WelchTTest.test(x, y, Alternative.LESS, 0.9),
                -0.07132637743881827,
                90.123034559662159,
                0.47164802369751829,
                Double.NEGATIVE_INFINITY,
                0.29009982212943852);
        // welch_greater (0.9): p=0.52835197630248176 ci=[-0.32402939132996217, Inf]
        welch(
                WelchTTest.test(x, y, Alternative.GREATER, 0.9),
                -0.07132637743881827,
                90.123034559662159,
                0.52835197630248176,
                -0.32402939132996217,
                Double.POSITIVE_INFINITY);
    }

    @Test
    void welchTinySamplesAndTinyPValues() {
        // welch_tiny: t=-7.0502398791063259 df=2.4334792859548671 p=0.011260145726645481
        //             ci=[-16.435044716716511, -5.2316219499501555]
        welch(
                WelchTTest.test(new double[] {1, 2}, new double[] {10, 12, 15}),
                -7.0502398791063259,
                2.4334792859548671,
                0.011260145726645481,
                -16.435044716716511,
                -5.2316219499501555);
        // welch_small_p: t=-10.242412933286209 df=855.34396887518039 p=2.6580265630553518e-23
        //                ci=[-0.23648815029707804, -0.16042765092935782]
        welch(
                WelchTTest.test(gen(500, A, 1, 0), gen(400, B, 1, 0.2)),
                -10.242412933286209,
                855.34396887518039,
                2.6580265630553518e-23,
                -0.23648815029707804,
                -0.16042765092935782);
    }

    private static void prop(ProportionTestResult r, double x2, double p, double lo, double hi) {
        close(x2, r.statistic() * r.statistic(), "X-squared");
        close(p, r.pValue(), "p");
        close(lo, r.confidenceInterval().lower(), "lower");
        close(hi, r.confidenceInterval().upper(), "upper");
    }

    @Test
    void twoProportionsMatchPropTest() {
        // prop_basic: X2=1.893939393939394 p=0.16875826541967717 ci=[-0.0084701213760401788, 0.04847012137604019]
        prop(
                TwoProportionZTest.test(130, 1000, 110, 1000),
                1.893939393939394,
                0.16875826541967717,
                -0.0084701213760401788,
                0.04847012137604019);
        // prop_unequal: X2=0.98604588100101531 p=0.32071071982265176 ci=[-0.016941908189885196, 0.048393521093111014]
        prop(
                TwoProportionZTest.test(45, 400, 300, 3100),
                0.98604588100101531,
                0.32071071982265176,
                -0.016941908189885196,
                0.048393521093111014);
        // prop_greater: X2=1.893939393939394 p=0.084379132709838572 ci=[-0.0038928790398756984, 1]
        prop(
                TwoProportionZTest.test(130, 1000, 110, 1000, Alternative.GREATER, 0.95),
                1.893939393939394,
                0.084379132709838572,
                -0.0038928790398756984,
                1);
        // prop_less: X2=2.2645533623285372 p=0.066182184049515924 ci=[-1, 0.0074884156468092711]
        prop(
                TwoProportionZTest.test(30, 40, 31, 35, Alternative.LESS, 0.95),
                2.2645533623285372,
                0.066182184049515924,
                -1,
                0.0074884156468092711);
    }

    @Test
    void liftMatchesDeltaMethodFormula() {
        // lift_300_280: lift=0.024158432792528384 se=0.0045160121439542971 p=8.81947740035937e-08
        //               ci=[0.015307211636632448, 0.033009653948424318]
        LiftResult r = RelativeLift.deltaMethod(gen(300, A, 4, 20), gen(280, B, 4, 19.5), 0.95);
        close(0.024158432792528384, r.estimate(), "lift");
        close(0.0045160121439542971, r.standardError(), "se");
        close(8.81947740035937e-08, r.pValue(), "p");
        close(0.015307211636632448, r.confidenceInterval().lower(), "lower");
        close(0.033009653948424318, r.confidenceInterval().upper(), "upper");
    }
}

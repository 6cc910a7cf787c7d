package dev.verdict.stats.cuped;

import static dev.verdict.stats.Golden.close;
import static dev.verdict.stats.Golden.gen;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.stats.Alternative;
import org.junit.jupiter.api.Test;

/**
 * Golden values: NumPy (pooled theta = cov/var, adjustment) + scipy.stats.ttest_ind(equal_var=False) on the
 * adjusted values, from {@code python3 libs/stats/src/test/golden/scipy_reference.py} (line "cuped").
 */
class CupedGoldenTest {

    static final double A = 0.6180339887498949;
    static final double B = 0.7548776662466927;

    static double[] plus(double[] x, double factor, double[] noise) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = factor * x[i] + noise[i];
        }
        return out;
    }

    @Test
    void matchesNumPyAndSciPy() {
        double[] xt = gen(120, A, 10, 50);
        double[] yt = plus(xt, 0.8, gen(120, B, 6, 3));
        double[] xc = gen(110, 0.5698402909980532, 10, 50);
        double[] yc = plus(xc, 0.8, gen(110, 0.4142135623730950, 6, 2));
        // cuped: theta=0.80043064954280396 est=0.98296800651651495 t=4.3059913584500471 p=2.4764799502820141e-05
        //        ci=[0.53314521397226833, 1.4327907990607616] reduction=0.62302769766696664
        CupedResult r = Cuped.compare(yt, xt, yc, xc, Alternative.TWO_SIDED, 0.95);
        close(0.80043064954280396, r.theta(), "theta");
        close(0.98296800651651495, r.adjusted().estimate(), "estimate");
        close(4.3059913584500471, r.adjusted().statistic(), "t");
        close(2.4764799502820141e-05, r.adjusted().pValue(), "p");
        close(0.53314521397226833, r.adjusted().confidenceInterval().lower(), "lower");
        close(1.4327907990607616, r.adjusted().confidenceInterval().upper(), "upper");
        close(0.62302769766696664, r.varianceReduction(), "variance reduction");
        assertTrue(
                r.adjusted().confidenceInterval().width()
                        < r.unadjusted().confidenceInterval().width(),
                "CUPED narrows the interval when the covariate is correlated");
    }
}

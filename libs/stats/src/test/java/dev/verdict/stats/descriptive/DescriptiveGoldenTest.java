package dev.verdict.stats.descriptive;

import static dev.verdict.stats.Golden.close;
import static dev.verdict.stats.Golden.gen;

import org.junit.jupiter.api.Test;

/**
 * Golden values: R 4.2.2 quantile(type = 7) / IQR / var from {@code Rscript libs/stats/src/test/golden/r_reference.R},
 * NumPy percentile(method = "linear") / scipy.stats.variation / gmean from
 * {@code python3 libs/stats/src/test/golden/scipy_reference.py}.
 */
class DescriptiveGoldenTest {

    static final double A = 0.6180339887498949;
    static final double B = 0.7548776662466927;

    @Test
    void percentilesAreType7() {
        double[] d = gen(37, A, 100, -20);
        // quantile7_37 (R) == percentiles_37 (NumPy) up to the last bit of the 5 % quantile
        double[] expected = {
            -18.684438250357331,
            -17.918133745277878,
            -13.80046632524593,
            4.9223594996216491,
            30.657780874821334,
            54.264578624800322,
            67.577207824699315,
            72.724292099739202,
            76.631469639828481,
            77.871376374779288
        };
        double[] actual = Descriptive.percentiles(d, 0, .01, .05, .25, .5, .75, .9, .95, .99, 1);
        for (int i = 0; i < expected.length; i++) {
            close(expected[i], actual[i], 1e-13, 1.0, "quantile[" + i + "]");
        }
        // iqr_37: 49.342219125178673
        close(49.342219125178673, Descriptive.interquartileRange(d), 1e-13, 1.0, "IQR");
        // percentiles_even_4: 1.3, 2.5, 3.7000000000000002
        double[] even = Descriptive.percentiles(new double[] {4, 1, 3, 2}, 0.1, 0.5, 0.9);
        close(1.3, even[0], 1e-15, 1.0, "p10");
        close(2.5, even[1], 1e-15, 1.0, "p50");
        close(3.7000000000000002, even[2], 1e-15, 1.0, "p90");
    }

    @Test
    void meanVarianceCoefficientOfVariation() {
        double[] d = gen(37, A, 100, -20);
        // mean_var_cv_37: mean=29.940254300475988 var=845.02582411195033 cv=0.97091118868253978 (R var:
        // 845.0258241119501)
        close(29.940254300475988, Descriptive.mean(d), 1e-14, 1.0, "mean");
        close(845.0258241119501, Descriptive.variance(d), 1e-13, 1.0, "variance");
        close(29.069327892332669, Descriptive.standardDeviation(d), 1e-13, 1.0, "sd");
        close(0.97091118868253978, Descriptive.coefficientOfVariation(d), 1e-13, 1.0, "cv");
    }

    @Test
    void geometricMeanOfRatios() {
        double[] ratios = gen(12, B, 0.2, 0);
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] += 0.9;
        }
        // gmean_12: gmean=0.97980233746062917 ci=[0.94402184294526592, 1.0169389910493563]
        GeometricMean.Result r = GeometricMean.ofRatios(ratios, 0.95);
        close(0.97980233746062917, r.estimate(), "gmean");
        close(0.94402184294526592, r.confidenceInterval().lower(), "lower");
        close(1.0169389910493563, r.confidenceInterval().upper(), "upper");
    }
}

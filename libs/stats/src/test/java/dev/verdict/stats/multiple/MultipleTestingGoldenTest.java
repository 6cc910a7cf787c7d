package dev.verdict.stats.multiple;

import static dev.verdict.stats.Golden.close;

import org.junit.jupiter.api.Test;

/** Golden values: R 4.2.2 p.adjust, from {@code Rscript libs/stats/src/test/golden/r_reference.R}. */
class MultipleTestingGoldenTest {

    static final double[] P = {0.01, 0.04, 0.03, 0.005, 0.5, 0.04, 0.2, 0.0001};

    @Test
    void holmMatchesPAdjust() {
        // holm: 0.06, 0.16, 0.15, 0.035, 0.5, 0.16, 0.4, 0.0008
        double[] expected = {
            0.059999999999999998,
            0.16,
            0.14999999999999999,
            0.035000000000000003,
            0.5,
            0.16,
            0.40000000000000002,
            0.00080000000000000004
        };
        double[] actual = MultipleTesting.holm(P);
        for (int i = 0; i < P.length; i++) {
            close(expected[i], actual[i], 1e-12, 1e-300, "holm[" + i + "]");
        }
    }

    @Test
    void benjaminiHochbergMatchesPAdjust() {
        // bh: 0.026666666666666665, 0.05333333333333333, 0.05333333333333333, 0.02, 0.5, 0.05333333333333333,
        //     0.22857142857142856, 0.0008
        double[] expected = {
            0.026666666666666665,
            0.05333333333333333,
            0.05333333333333333,
            0.02,
            0.5,
            0.05333333333333333,
            0.22857142857142856,
            0.00080000000000000004
        };
        double[] actual = MultipleTesting.benjaminiHochberg(P);
        for (int i = 0; i < P.length; i++) {
            close(expected[i], actual[i], 1e-12, 1e-300, "bh[" + i + "]");
        }
    }
}

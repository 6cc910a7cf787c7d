package dev.verdict.stats.srm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** Detection power and false alarm rate of the SRM check, simulated with seeded binomial draws. */
class SrmPropertyTest {

    static final int N = 100_000;
    static final int RUNS = 1000;

    private static int detections(double actualShare, long seed) {
        BinomialDistribution arm = new BinomialDistribution(new Well19937c(seed), N, actualShare);
        int detected = 0;
        for (int run = 0; run < RUNS; run++) {
            long a = arm.sample();
            if (SampleRatioMismatch.check(new long[] {a, N - a}, new double[] {50, 50})
                    .mismatch()) {
                detected++;
            }
        }
        return detected;
    }

    @Test
    void detects49To51SplitAt100kAlmostAlways() {
        // expected z ~ 6.3 against a threshold of z ~ 3.29: power ~ 99.9 %
        int detected = detections(0.49, 11);
        assertTrue(detected >= 990, "detected " + detected + " / " + RUNS);
    }

    @Test
    void rarelyFiresOnACorrect5050Split() {
        int falseAlarms = detections(0.5, 12);
        assertTrue(falseAlarms <= 6, "false alarms " + falseAlarms + " / " + RUNS + " at threshold 0.001");
    }
}

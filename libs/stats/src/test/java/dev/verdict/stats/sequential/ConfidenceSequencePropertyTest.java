package dev.verdict.stats.sequential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.stats.Distributions;
import dev.verdict.stats.descriptive.SampleSummary;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What "anytime-valid" means, checked by simulation: over 1,000 seeded experiments, each looked at after every
 * pair of observations (500 looks), the confidence sequence covers the true difference at every look in at
 * least 95 % of the experiments. The naive fixed-sample 95 % interval, looked at just as often, does not.
 */
class ConfidenceSequencePropertyTest {

    static final int RUNS = 1000;
    static final int LOOKS = 500;
    static final double TRUE_DIFF = 0.3;

    @Test
    void coversTheTrueDifferenceAtEveryLookInAtLeast95PercentOfRuns() {
        ConfidenceSequence cs = ConfidenceSequence.tunedFor(0.05, 2.0 / 200);
        int coveredThroughout = 0;
        int naiveCoveredThroughout = 0;
        double z = Distributions.normalQuantile(0.975);
        Random random = new Random(20240607L);
        for (int run = 0; run < RUNS; run++) {
            boolean ok = true;
            boolean naiveOk = true;
            double sumT = 0;
            double sumC = 0;
            for (int n = 1; n <= LOOKS; n++) {
                sumT += TRUE_DIFF + random.nextGaussian();
                sumC += random.nextGaussian();
                double estimate = sumT / n - sumC / n;
                double variance = 2.0 / n; // known unit variances
                ok &= cs.interval(estimate, variance).contains(TRUE_DIFF);
                naiveOk &= Math.abs(estimate - TRUE_DIFF) <= z * Math.sqrt(variance);
            }
            coveredThroughout += ok ? 1 : 0;
            naiveCoveredThroughout += naiveOk ? 1 : 0;
        }
        assertTrue(coveredThroughout >= 950, "confidence sequence covered in " + coveredThroughout + " / " + RUNS);
        assertTrue(
                naiveCoveredThroughout < 850,
                "naive interval covered in " + naiveCoveredThroughout + " / " + RUNS
                        + "; the check above would be vacuous otherwise");
    }

    @Test
    void alwaysValidPValueKeepsTypeOneErrorWithEstimatedVariances() {
        // plug-in variances (the way experiments use it), looks from 10 pairs on, no true difference
        ConfidenceSequence cs = ConfidenceSequence.tunedFor(0.05, 2.0 * 4 / 300);
        Random random = new Random(99);
        int falseStops = 0;
        for (int run = 0; run < RUNS; run++) {
            double p = 1.0;
            double[] t = new double[LOOKS];
            double[] c = new double[LOOKS];
            double st = 0;
            double sst = 0;
            double sc = 0;
            double ssc = 0;
            for (int n = 1; n <= LOOKS && p > 0.05; n++) {
                t[n - 1] = 5 + 2 * random.nextGaussian();
                c[n - 1] = 5 + 2 * random.nextGaussian();
                st += t[n - 1];
                sst += t[n - 1] * t[n - 1];
                sc += c[n - 1];
                ssc += c[n - 1] * c[n - 1];
                if (n >= 10) {
                    SampleSummary a = new SampleSummary(n, st / n, (sst - st * st / n) / (n - 1));
                    SampleSummary b = new SampleSummary(n, sc / n, (ssc - sc * sc / n) / (n - 1));
                    p = SequentialMeanDifference.look(cs, a, b, p).alwaysValidPValue();
                }
            }
            falseStops += p <= 0.05 ? 1 : 0;
        }
        assertTrue(falseStops <= 60, "false stops " + falseStops + " / " + RUNS);
    }
}

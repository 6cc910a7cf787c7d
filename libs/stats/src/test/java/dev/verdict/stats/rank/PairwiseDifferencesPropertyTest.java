package dev.verdict.stats.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Selection of the k-th pairwise difference equals sorting all n*m differences, for every k. */
class PairwiseDifferencesPropertyTest {

    @Provide
    Arbitrary<double[]> sorted() {
        Arbitrary<Double> coarse = Arbitraries.integers().between(-5, 5).map(i -> i * 0.5);
        Arbitrary<Double> wide = Arbitraries.doubles().between(-1e6, 1e6);
        Arbitrary<Double> tiny =
                Arbitraries.doubles().between(-1, 1).ofScale(6).map(v -> v * 1e-305); // tiny magnitudes
        return Arbitraries.oneOf(coarse, wide, tiny)
                .array(double[].class)
                .ofMinSize(1)
                .ofMaxSize(30)
                .map(a -> {
                    Arrays.sort(a);
                    return a;
                });
    }

    @Property(tries = 300)
    void everyOrderStatisticMatchesBruteForce(@ForAll("sorted") double[] x, @ForAll("sorted") double[] y) {
        double[] all = new double[x.length * y.length];
        int q = 0;
        for (double xi : x) {
            for (double yj : y) {
                all[q++] = xi - yj + 0.0;
            }
        }
        Arrays.sort(all);
        PairwiseDifferences d = new PairwiseDifferences(x, y);
        for (int k = 1; k <= all.length; k++) {
            assertEquals(all[k - 1], d.kthSmallest(k), 0.0, "k = " + k);
        }
    }

    @Test
    void fewPassesOnLargeSmoothSamples() {
        Random random = new Random(3);
        double[] x = random.doubles(1000)
                .map(u -> Math.exp(4 + 0.4 * random.nextGaussian()))
                .sorted()
                .toArray();
        double[] y = random.doubles(1000)
                .map(u -> Math.exp(4 + 0.4 * random.nextGaussian()))
                .sorted()
                .toArray();
        PairwiseDifferences d = new PairwiseDifferences(x, y);
        d.kthSmallest(500_000);
        assertTrue(d.passes <= 20, "passes for the median of 10^6 differences: " + d.passes);
    }
}

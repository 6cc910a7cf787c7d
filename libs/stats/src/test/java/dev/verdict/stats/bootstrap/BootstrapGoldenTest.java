package dev.verdict.stats.bootstrap;

import static dev.verdict.stats.Golden.close;
import static dev.verdict.stats.Golden.gen;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The interval step checked against SciPy 1.17 {@code scipy.stats.bootstrap((x, y), ..., n_resamples=999,
 * method=...)} on SciPy's own replicates (saved under src/test/resources/golden/ by
 * {@code python3 libs/stats/src/test/golden/scipy_reference.py}): same z0, same jackknife acceleration over both
 * samples, same type-7 percentiles. The resampling itself uses our own seeded generator (see the property tests).
 */
class BootstrapGoldenTest {

    static final double A = 0.6180339887498949;
    static final double B = 0.7548776662466927;
    static final double[] X = gen(25, A, 4, 10);
    static final double[] Y = gen(30, B, 4, 9);

    static double[] replicates(String name) throws IOException {
        try (InputStream in = BootstrapGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .mapToDouble(Double::parseDouble)
                    .toArray();
        }
    }

    private static void check(BootstrapResult r, double lo, double hi, double se) {
        close(lo, r.confidenceInterval().lower(), 1e-12, 1.0, "lower");
        close(hi, r.confidenceInterval().upper(), 1e-12, 1.0, "upper");
        close(se, r.standardError(), 1e-12, 1.0, "standard error");
    }

    @Test
    void ratioOfMeans() throws IOException {
        double[] reps = replicates("bootstrap_ratio_of_means.txt");
        assertEquals(999, reps.length);
        // bootstrap_ratio_of_means_BCa: ci=[1.057491767680006, 1.1705987268934266] se=0.029033829577319738
        check(
                Bootstrap.interval(Bootstrap.Statistic.RATIO_OF_MEANS, X, Y, reps, 0.95, Bootstrap.Interval.BCA, 0),
                1.057491767680006,
                1.1705987268934266,
                0.029033829577319738);
        // bootstrap_ratio_of_means_percentile: ci=[1.0568076491156699, 1.1703146208395572]
        check(
                Bootstrap.interval(
                        Bootstrap.Statistic.RATIO_OF_MEANS, X, Y, reps, 0.95, Bootstrap.Interval.PERCENTILE, 0),
                1.0568076491156699,
                1.1703146208395572,
                0.029033829577319738);
    }

    @Test
    void ratioOfMedians() throws IOException {
        double[] reps = replicates("bootstrap_ratio_of_medians.txt");
        // bootstrap_ratio_of_medians_BCa: ci=[0.9852264663589696, 1.1847997707124684] se=0.052253701070812814
        check(
                Bootstrap.interval(Bootstrap.Statistic.RATIO_OF_MEDIANS, X, Y, reps, 0.95, Bootstrap.Interval.BCA, 0),
                0.9852264663589696,
                1.1847997707124684,
                0.052253701070812814);
        // bootstrap_ratio_of_medians_percentile: ci=[1.0132537893213898, 1.2117966346659304]
        check(
                Bootstrap.interval(
                        Bootstrap.Statistic.RATIO_OF_MEDIANS, X, Y, reps, 0.95, Bootstrap.Interval.PERCENTILE, 0),
                1.0132537893213898,
                1.2117966346659304,
                0.052253701070812814);
    }
}

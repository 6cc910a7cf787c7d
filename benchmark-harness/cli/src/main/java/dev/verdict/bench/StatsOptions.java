package dev.verdict.bench;

import dev.verdict.bench.compare.Comparer;
import dev.verdict.bench.compare.Comparison;
import picocli.CommandLine.Option;

/** The statistical options shared by {@code run} and {@code compare}. */
public class StatsOptions {

    private static final Comparison.StatsSettings D = Comparer.defaults();

    @Option(
            names = "--threshold",
            description =
                    "Practical threshold: smaller changes are 'no significant change' (default ${DEFAULT-VALUE} = 3 %%).")
    double threshold = D.threshold();

    @Option(names = "--alpha", description = "Significance level of the adjusted p-value (default ${DEFAULT-VALUE}).")
    double alpha = D.alpha();

    @Option(names = "--ci-level", description = "Confidence level of the intervals (default ${DEFAULT-VALUE}).")
    double ciLevel = D.ciLevel();

    @Option(names = "--resamples", description = "Bootstrap resamples (default ${DEFAULT-VALUE}).")
    int resamples = D.resamples();

    @Option(names = "--seed", description = "Bootstrap seed (default ${DEFAULT-VALUE}); same seed, same result.")
    long seed = D.seed();

    @Option(
            names = "--p-adjust",
            description = "Multiple-testing correction over the suite: bh, holm or none (default ${DEFAULT-VALUE}).")
    String pAdjust = D.pAdjust();

    @Option(
            names = "--min-forks",
            description = "Forks per JDK for the 'forks' quality gate (default ${DEFAULT-VALUE}).")
    int minForks = D.minForks();

    @Option(
            names = "--max-cv",
            description =
                    "Largest coefficient of variation of fork scores for the 'noise' gate (default ${DEFAULT-VALUE}).")
    double maxCv = D.maxCv();

    public Comparison.StatsSettings settings() {
        if (!(threshold >= 0 && threshold < 1)) {
            throw new BenchException("--threshold must be in [0, 1), e.g. 0.03 for 3 %; was " + threshold);
        }
        if (!(alpha > 0 && alpha < 1) || !(ciLevel > 0 && ciLevel < 1)) {
            throw new BenchException("--alpha and --ci-level must be between 0 and 1");
        }
        if (resamples < 100) {
            throw new BenchException("--resamples must be at least 100");
        }
        if (!pAdjust.equals("bh") && !pAdjust.equals("holm") && !pAdjust.equals("none")) {
            throw new BenchException("--p-adjust must be bh, holm or none; was " + pAdjust);
        }
        return new Comparison.StatsSettings(alpha, threshold, ciLevel, resamples, seed, pAdjust, minForks, maxCv);
    }
}

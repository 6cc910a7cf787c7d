package dev.verdict.bench;

import dev.verdict.bench.compare.Comparer;
import dev.verdict.bench.compare.Comparison;
import picocli.CommandLine.Option;

/** The statistical options shared by {@code run} and {@code compare}. */
public class StatsOptions {

    private static final Comparison.StatsSettings D = Comparer.defaults();

    @Option(
            names = {"--margin", "--threshold"},
            paramLabel = "FRACTION|PERCENT",
            converter = Percent.class,
            description = "Practical margin: better / worse mean by more than this, equivalent means within +- this;"
                    + " 0.03 or 3%% (default 3%%).")
    double margin = D.margin();

    @Option(
            names = "--alpha",
            description = "Error rate of each decision, before the suite's adjustment (default ${DEFAULT-VALUE}).")
    double alpha = D.alpha();

    @Option(
            names = "--ci-level",
            description = "Confidence level of the suite-wide geometric means (default ${DEFAULT-VALUE}).")
    double ciLevel = D.ciLevel();

    @Option(
            names = "--p-adjust",
            description = "Multiplicity over the suite: bh (Benjamini-Hochberg, false-coverage-rate intervals) or none"
                    + " (default ${DEFAULT-VALUE}).")
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
        if (!(margin > 0 && margin < 1)) {
            throw new BenchException("--margin must be in (0, 1), e.g. 0.03 or 3% for 3 %; was " + margin);
        }
        if (!(alpha > 0 && alpha < 1) || !(ciLevel > 0 && ciLevel < 1)) {
            throw new BenchException("--alpha and --ci-level must be between 0 and 1");
        }
        if (!pAdjust.equals("bh") && !pAdjust.equals("none")) {
            throw new BenchException("--p-adjust must be bh or none; was " + pAdjust);
        }
        return new Comparison.StatsSettings(alpha, margin, ciLevel, pAdjust, minForks, maxCv);
    }

    /** {@code 3%} or {@code 0.03}. */
    public static final class Percent implements picocli.CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            String v = value.strip();
            try {
                return v.endsWith("%")
                        ? Double.parseDouble(v.substring(0, v.length() - 1).strip()) / 100
                        : Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a fraction (0.03) or a percentage (3%)");
            }
        }
    }
}

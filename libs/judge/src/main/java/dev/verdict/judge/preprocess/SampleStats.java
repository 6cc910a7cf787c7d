package dev.verdict.judge.preprocess;

/**
 * What the judge saw of one side after preprocessing (Kayenta's {@code stats}): count, mean, min, max and the sample
 * standard deviation (n - 1; 0 for one value); all 0 for no values.
 */
public record SampleStats(int count, double mean, double min, double max, double std) {

    public static SampleStats of(double[] v) {
        if (v.length == 0) {
            return new SampleStats(0, 0, 0, 0, 0);
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            sum += x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double mean = sum / v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double std = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0;
        return new SampleStats(v.length, mean, min, max, std);
    }
}

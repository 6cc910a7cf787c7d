package dev.verdict.judge;

import dev.verdict.stats.SeededRandom;

/** Seeded test data: normal samples by Box-Muller over libs/stats' generator. */
final class Samples {

    private Samples() {}

    static double[] normal(long seed, int n, double mean, double sd) {
        SeededRandom r = new SeededRandom(seed);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double u1 = 1 - r.nextDouble();
            double u2 = r.nextDouble();
            out[i] = mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }
        return out;
    }

    static double[] times(int n, double v) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, v);
        return out;
    }
}

package dev.verdict.judge.classify;

import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/** Kayenta's effect sizes of canary {@code e} against baseline {@code c}. */
public final class EffectSizes {

    private EffectSizes() {}

    /** mean(e) / mean(c); NaN when either mean is exactly 0. */
    public static double meanRatio(double[] e, double[] c) {
        double me = mean(e);
        double mc = mean(c);
        return me == 0 || mc == 0 ? Double.NaN : me / mc;
    }

    /** Common-language effect size: P(e > c) + P(e = c) / 2, from average ranks of the pooled sample. */
    public static double cles(double[] e, double[] c) {
        double[] pooled = new double[e.length + c.length];
        System.arraycopy(e, 0, pooled, 0, e.length);
        System.arraycopy(c, 0, pooled, e.length, c.length);
        double[] ranks = new NaturalRanking(NaNStrategy.MAXIMAL, TiesStrategy.AVERAGE).rank(pooled);
        double r1 = 0;
        for (int i = 0; i < e.length; i++) {
            r1 += ranks[i];
        }
        double m = e.length;
        return (2 * r1 - m * (m + 1)) / (2.0 * c.length * m);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}

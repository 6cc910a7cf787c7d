package dev.verdict.stats.cuped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.stats.Alternative;
import dev.verdict.stats.descriptive.SampleSummary;
import dev.verdict.stats.mean.LiftResult;
import dev.verdict.stats.mean.RelativeLift;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CUPED from sums, as experiment analysis runs it on aggregated arms, against CUPED on the raw units. */
class MomentsTest {

    /** Units whose metric correlates with their pre-period covariate at rho; treatment adds {@code lift}. */
    static double[][] arm(Random r, int n, double rho, double lift) {
        double[] y = new double[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double z1 = r.nextGaussian();
            double z2 = r.nextGaussian();
            x[i] = 10 + 2 * z1;
            y[i] = (10 + lift) + 2 * (rho * z1 + Math.sqrt(1 - rho * rho) * z2);
        }
        return new double[][] {y, x};
    }

    @Test
    void theSumsGiveTheSameAdjustmentAsTheUnits() {
        Random r = new Random(7);
        double[][] t = arm(r, 500, 0.6, 0.3);
        double[][] c = arm(r, 480, 0.6, 0);
        CupedResult units = Cuped.compare(t[0], t[1], c[0], c[1], Alternative.TWO_SIDED, 0.95);
        Moments mt = Moments.of(t[0], t[1]);
        Moments mc = Moments.of(c[0], c[1]);
        double theta = Moments.theta(mt, mc);
        double mx = Moments.covariateMean(mt, mc);
        assertThat(theta).isCloseTo(units.theta(), within(1e-9));
        assertThat(mx).isCloseTo(units.covariateMean(), within(1e-9));
        SampleSummary at = mt.adjusted(theta, mx);
        SampleSummary ac = mc.adjusted(theta, mx);
        SampleSummary direct = SampleSummary.of(Cuped.adjust(t[0], t[1], theta, mx));
        assertThat(at.mean()).isCloseTo(direct.mean(), within(1e-9));
        assertThat(at.variance()).isCloseTo(direct.variance(), within(1e-7));
        assertThat(at.mean() - ac.mean()).isCloseTo(units.adjusted().estimate(), within(1e-9));
        assertThat(mt.raw().variance()).isCloseTo(SampleSummary.of(t[0]).variance(), within(1e-7));
    }

    /** Theory: the interval narrows by 1 − sqrt(1 − ρ²), 28.6 % at ρ = 0.7. */
    @Test
    void atRho07TheLiftIntervalNarrowsBy25To35Percent() {
        Random r = new Random(2026);
        double narrowing = 0;
        int runs = 200;
        for (int run = 0; run < runs; run++) {
            double[][] t = arm(r, 2000, 0.7, 0.2);
            double[][] c = arm(r, 2000, 0.7, 0);
            Moments mt = Moments.of(t[0], t[1]);
            Moments mc = Moments.of(c[0], c[1]);
            LiftResult raw = RelativeLift.deltaMethod(mt.raw(), mc.raw(), 0.95);
            double theta = Moments.theta(mt, mc);
            double mx = Moments.covariateMean(mt, mc);
            LiftResult adj = RelativeLift.deltaMethod(mt.adjusted(theta, mx), mc.adjusted(theta, mx), 0.95);
            narrowing += 1
                    - adj.confidenceInterval().width()
                            / raw.confidenceInterval().width();
        }
        narrowing /= runs;
        assertThat(narrowing).isBetween(0.25, 0.35).isCloseTo(1 - Math.sqrt(1 - 0.49), within(0.02));
    }

    @Test
    void aConstantCovariateLeavesTheMetricAlone() {
        double[] y = {1, 2, 3, 4};
        double[] x = {5, 5, 5, 5};
        Moments m = Moments.of(y, x);
        assertThat(Moments.theta(m)).isZero();
        assertThat(m.adjusted(0, 5)).isEqualTo(m.raw());
    }
}

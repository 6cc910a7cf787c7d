package dev.verdict.stats.sequential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.stats.descriptive.Descriptive;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The margin decision as a benchmark comparison uses it: two groups of fork samples (log scores) with estimated
 * variances, looked at after every pair of new forks from 3 per group on, stopped at the first decision.
 */
class MarginDecisionTest {

    static final int RUNS = 2000;
    static final int FIRST = 3;
    static final int MAX = 40;

    @Test
    void withAKnownVarianceItIsTheIntersectionOfTwoNormalMixtureSequencesAtHalfAlphaEach() {
        MarginDecision d = MarginDecision.of(0.05);
        ConfidenceSequence near = ConfidenceSequence.normalMixture(0.025, 0.05 * 0.05);
        ConfidenceSequence large = ConfidenceSequence.normalMixture(0.025, 1.0);
        for (double se : new double[] {0.003, 0.03, 0.3}) {
            double expected = Math.min(near.halfWidth(se * se), large.halfWidth(se * se));
            assertThat(d.halfWidth(se, Double.POSITIVE_INFINITY, 0.95)).isCloseTo(expected, within(1e-12));
            double p = 2
                    * Math.min(
                            1 / near.likelihoodRatio(0.02, se * se, 0.0),
                            1 / large.likelihoodRatio(0.02, se * se, 0.0));
            assertThat(d.pValue(0.02, se, Double.POSITIVE_INFINITY, 0.0)).isCloseTo(Math.min(1, p), within(1e-12));
        }
        // small standard errors: the sequence tuned for the margin is the tighter one; large: the other
        assertThat(near.halfWidth(0.003 * 0.003)).isLessThan(large.halfWidth(0.003 * 0.003));
        assertThat(large.halfWidth(0.3 * 0.3)).isLessThan(near.halfWidth(0.3 * 0.3));
    }

    @Test
    void aLargeEffectIsDecidedAtFiveForksEvenAfterASuiteAdjustment() {
        // JDK 25 vs 17, StringBench.format: ratio 0.12 with 15 % fork noise, 5 forks each, level 1 - 0.05 / 21
        MarginDecision d = MarginDecision.of(Math.log(1.05));
        double se = 0.15 * Math.sqrt(2.0 / 5);
        MarginDecision.Decision decision = d.decide(Math.log(0.12), se, 8, 1 - 0.05 / 21);
        assertThat(decision.region()).isEqualTo(MarginDecision.Region.BELOW);
        // the sequence tuned for the margin alone would not have decided it
        ConfidenceSequence near = ConfidenceSequence.normalMixture(0.05 / 21, Math.log(1.05) * Math.log(1.05));
        double zNear = near.halfWidth(se * se) / se;
        double tNear =
                -dev.verdict.stats.Distributions.tQuantile(dev.verdict.stats.Distributions.normalUpper(zNear), 4);
        assertThat(Math.log(0.12) + tNear * se).isGreaterThan(-Math.log(1.05));
    }

    @Test
    void theTCorrectionWidensSmallSamplesAndVanishesForLargeOnes() {
        MarginDecision d = MarginDecision.of(0.03);
        double normal = d.halfWidth(0.01, Double.POSITIVE_INFINITY, 0.95);
        assertThat(d.halfWidth(0.01, 4, 0.95)).isGreaterThan(1.5 * normal);
        assertThat(d.halfWidth(0.01, 1e6, 0.95)).isCloseTo(normal, within(1e-6));
    }

    @Test
    void theDecisionPValueIsTheLevelAtWhichTheIntervalEntersTheRegion() {
        MarginDecision d = MarginDecision.of(Math.log(1.03));
        double[][] cases = {{0.12, 0.02, 10}, {-0.2, 0.05, 6}, {0.001, 0.004, 30}, {0.02, 0.01, 8}};
        for (double[] c : cases) {
            double p = d.pValue(c[0], c[1], c[2]);
            assertThat(p).isBetween(1e-15, 1.0);
            if (p < 0.5) {
                MarginDecision.Decision looser = d.decide(c[0], c[1], c[2], 1 - p * 1.01);
                MarginDecision.Decision stricter = d.decide(c[0], c[1], c[2], 1 - p * 0.99);
                assertThat(looser.region()).as("decided just above p for %s", c).isEqualTo(looser.nearest());
                assertThat(stricter.decided())
                        .as("undecided just below p for %s", c)
                        .isFalse();
            }
        }
    }

    @Test
    void aaComparisonsAlmostNeverCallADifferenceAndMostlyCallEquivalence() {
        Outcomes o = simulate(0.0, Math.log(1.05), 0.04, 11L);
        // wrong calls: a difference beyond 5 % when there is none
        assertThat(o.above + o.below).isLessThanOrEqualTo(RUNS / 20);
        assertThat(o.within).isGreaterThan(RUNS * 8 / 10);
    }

    @Test
    void aTenPercentSlowdownIsCalledWorseBeyondAThreePercentMargin() {
        Outcomes o = simulate(Math.log(1.10), Math.log(1.03), 0.04, 12L);
        assertThat(o.within + o.below).isLessThanOrEqualTo(RUNS / 20);
        assertThat(o.above).isGreaterThan(RUNS * 9 / 10);
    }

    @Test
    void anEffectOnTheMarginIsRarelyCalledEitherWay() {
        // true effect exactly 3 %: neither "within 3 %" nor "beyond 3 %" is true, each wrong at most alpha
        Outcomes o = simulate(Math.log(1.03), Math.log(1.03), 0.04, 13L);
        assertThat(o.within).isLessThanOrEqualTo(RUNS / 20);
        assertThat(o.above).isLessThanOrEqualTo(RUNS / 20);
    }

    @Test
    void observationsNeededShrinksWithTheDistanceToTheMargin() {
        MarginDecision d = MarginDecision.of(Math.log(1.03));
        int far = d.observationsNeeded(Math.log(1.30), 0.05, 0.95, 200);
        int near = d.observationsNeeded(Math.log(1.06), 0.05, 0.95, 200);
        int equivalent = d.observationsNeeded(0.0, 0.05, 0.95, 200);
        assertThat(far).isBetween(2, near - 1);
        assertThat(equivalent).isPositive();
        assertThat(d.observationsNeeded(Math.log(1.03), 0.05, 0.95, 200)).isEqualTo(-1);
        assertThat(d.observationsNeeded(Math.log(1.031), 0.05, 0.95, 50)).isEqualTo(-1);
        // and the planned n really decides at that effect with a known sd
        double se = 0.05 * Math.sqrt(2.0 / near);
        assertThat(d.decide(Math.log(1.06), se, 2.0 * near - 2, 0.95).region()).isEqualTo(MarginDecision.Region.ABOVE);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> MarginDecision.of(0)).isInstanceOf(IllegalArgumentException.class);
        MarginDecision d = MarginDecision.of(0.03);
        assertThatThrownBy(() -> d.pValue(0.1, 0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.pValue(Double.NaN, 0.1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.pValue(0.1, 0.1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    record Outcomes(int above, int below, int within, int undecided) {}

    /** Seeded runs of log-normal fork samples; each run stops at its first decision or at MAX forks per group. */
    static Outcomes simulate(double theta, double margin, double sd, long seed) {
        MarginDecision d = MarginDecision.of(margin);
        Random random = new Random(seed);
        int above = 0;
        int below = 0;
        int within = 0;
        int undecided = 0;
        for (int run = 0; run < RUNS; run++) {
            double[] a = new double[MAX];
            double[] b = new double[MAX];
            MarginDecision.Region region = null;
            for (int n = 1; n <= MAX && region == null; n++) {
                a[n - 1] = theta + sd * random.nextGaussian();
                b[n - 1] = sd * random.nextGaussian();
                if (n >= FIRST && (n - FIRST) % 2 == 0) {
                    double[] x = java.util.Arrays.copyOf(a, n);
                    double[] y = java.util.Arrays.copyOf(b, n);
                    double vx = Descriptive.variance(x) / n;
                    double vy = Descriptive.variance(y) / n;
                    double se = Math.sqrt(vx + vy);
                    double df = (vx + vy) * (vx + vy) / (vx * vx / (n - 1) + vy * vy / (n - 1));
                    region = d.decide(Descriptive.mean(x) - Descriptive.mean(y), se, df, 0.95)
                            .region();
                }
            }
            if (region == null) {
                undecided++;
            } else {
                switch (region) {
                    case ABOVE -> above++;
                    case BELOW -> below++;
                    case WITHIN -> within++;
                }
            }
        }
        return new Outcomes(above, below, within, undecided);
    }
}

package dev.verdict.stats.sequential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.stats.Distributions;
import dev.verdict.stats.SeededRandom;
import org.junit.jupiter.api.Test;

/**
 * The recursive integration against published tables (Jennison &amp; Turnbull 2000, Tables 2.1, 2.3 and 2.4), the
 * Lan-DeMets boundaries against an independent multivariate-normal computation in SciPy
 * ({@code python3 libs/stats/src/test/golden/group_sequential_reference.py}; gsDesign's sfLDOF and sfLDPocock give
 * the same for equal spacing), the error spent, monotonicity, looks past the plan and bad input.
 */
class GroupSequentialDesignTest {

    static final double[] EQUAL = {0.2, 0.4, 0.6, 0.8, 1.0};
    static final double[] UNEVEN = {0.1, 0.35, 0.5, 0.9, 1.0};

    @Test
    void pococksConstantMatchesTheTable() {
        // J&T Table 2.1, two-sided alpha = 0.05: C_P(K)
        assertThat(GroupSequentialDesign.pocockConstant(0.05, 1)).isCloseTo(1.960, within(5e-4));
        assertThat(GroupSequentialDesign.pocockConstant(0.05, 2)).isCloseTo(2.178, within(5e-4));
        assertThat(GroupSequentialDesign.pocockConstant(0.05, 3)).isCloseTo(2.289, within(5e-4));
        assertThat(GroupSequentialDesign.pocockConstant(0.05, 4)).isCloseTo(2.361, within(5e-4));
        assertThat(GroupSequentialDesign.pocockConstant(0.05, 5)).isCloseTo(2.413, within(5e-4));
        // the script: "pocock constant alpha 0.01 K 5: 2.98626"
        assertThat(GroupSequentialDesign.pocockConstant(0.01, 5)).isCloseTo(2.98626, within(5e-5));
    }

    @Test
    void obrienFlemingsConstantMatchesTheTable() {
        // J&T Table 2.3, two-sided alpha = 0.05: C_B(K); the final boundary is C_B, the first C_B sqrt(K)
        assertThat(GroupSequentialDesign.obrienFlemingConstant(0.05, 2)).isCloseTo(1.977, within(5e-4));
        assertThat(GroupSequentialDesign.obrienFlemingConstant(0.05, 3)).isCloseTo(2.004, within(5e-4));
        assertThat(GroupSequentialDesign.obrienFlemingConstant(0.05, 4)).isCloseTo(2.024, within(5e-4));
        assertThat(GroupSequentialDesign.obrienFlemingConstant(0.05, 5)).isCloseTo(2.040, within(5e-4));
    }

    @Test
    void lanDeMetsBoundariesMatchScipy() {
        // obf [0.2, 0.4, 0.6, 0.8, 1.0] 4.87688 3.35701 2.68028 2.28982 2.03103
        check(AlphaSpending.OBRIEN_FLEMING, EQUAL, 4.87688, 3.35701, 2.68028, 2.28982, 2.03103);
        // obf [0.1, 0.35, 0.5, 0.9, 1.0] 6.99135 3.61279 2.97292 2.10514 2.05733
        check(AlphaSpending.OBRIEN_FLEMING, UNEVEN, 6.99135, 3.61279, 2.97292, 2.10514, 2.05733);
        // pocock [0.2, 0.4, 0.6, 0.8, 1.0] 2.43798 2.42681 2.41019 2.39665 2.38598
        check(AlphaSpending.POCOCK, EQUAL, 2.43798, 2.42681, 2.41019, 2.39665, 2.38598);
        // pocock [0.1, 0.35, 0.5, 0.9, 1.0] 2.65511 2.38662 2.45564 2.28052 2.40237
        check(AlphaSpending.POCOCK, UNEVEN, 2.65511, 2.38662, 2.45564, 2.28052, 2.40237);
    }

    private static void check(AlphaSpending s, double[] t, double... expected) {
        double[] b = GroupSequentialDesign.lanDeMets(s, 0.05, t).bounds();
        for (int k = 0; k < t.length; k++) {
            assertThat(b[k]).as("%s look %d", s, k + 1).isCloseTo(expected[k], within(2e-5));
        }
    }

    @Test
    void theLooksSpendWhatTheSpendingFunctionAllowsAndNoMore() {
        double[] t = new double[50];
        for (int k = 0; k < t.length; k++) {
            t[k] = (k + 1) / 50.0;
        }
        for (AlphaSpending s : AlphaSpending.values()) {
            GroupSequentialDesign d = GroupSequentialDesign.lanDeMets(s, 0.045, t);
            double[] first = GroupSequentialDesign.crossingProbabilities(t, d.bounds(), 0);
            double sum = 0;
            for (int k = 0; k < t.length; k++) {
                sum += first[k];
                assertThat(sum).as("%s by look %d", s, k + 1).isCloseTo(s.spent(0.045, t[k]), within(1e-9));
            }
            assertThat(GroupSequentialDesign.crossingProbability(t, d.bounds(), 0))
                    .isCloseTo(0.045, within(1e-9));
        }
    }

    @Test
    void aSeededSimulationOfBrownianLooksRejectsAtAlpha() {
        double[] t = {0.03, 0.1, 0.25, 0.26, 0.5, 0.51, 0.77, 0.9, 1.0};
        double[] b = GroupSequentialDesign.lanDeMets(AlphaSpending.OBRIEN_FLEMING, 0.05, t)
                .bounds();
        SeededRandom r = new SeededRandom(7);
        int rejected = 0;
        int runs = 200_000;
        for (int run = 0; run < runs; run++) {
            double s = 0;
            double previous = 0;
            for (int k = 0; k < t.length; k++) {
                s += Math.sqrt(t[k] - previous) * Distributions.normalQuantile(1e-16 + r.nextDouble() * (1 - 2e-16));
                previous = t[k];
                if (Math.abs(s / Math.sqrt(t[k])) >= b[k]) {
                    rejected++;
                    break;
                }
            }
        }
        // sd of the rate at 0.05 over 200,000 runs is 0.00049
        assertThat(rejected / (double) runs).isCloseTo(0.05, within(0.0015));
    }

    @Test
    void boundariesFallOverTheLooksAndRiseAsAlphaFallsOrLooksAreAdded() {
        double[] obf = GroupSequentialDesign.lanDeMets(AlphaSpending.OBRIEN_FLEMING, 0.05, EQUAL)
                .bounds();
        for (int k = 1; k < obf.length; k++) {
            assertThat(obf[k]).isLessThan(obf[k - 1]);
        }
        // the final boundary stays above the fixed-horizon 1.96: some error went to the earlier looks
        assertThat(obf[4]).isGreaterThan(1.96);
        double[] strict = GroupSequentialDesign.lanDeMets(AlphaSpending.OBRIEN_FLEMING, 0.01, EQUAL)
                .bounds();
        for (int k = 0; k < obf.length; k++) {
            assertThat(strict[k]).isGreaterThan(obf[k]);
        }
        double[] ten = new double[10];
        for (int k = 0; k < 10; k++) {
            ten[k] = (k + 1) / 10.0;
        }
        double[] more =
                GroupSequentialDesign.lanDeMets(AlphaSpending.POCOCK, 0.05, ten).bounds();
        double[] fewer = GroupSequentialDesign.lanDeMets(AlphaSpending.POCOCK, 0.05, EQUAL)
                .bounds();
        assertThat(more[9]).isGreaterThan(fewer[4]);
        // Pocock-type spending keeps the boundaries nearly flat
        assertThat(fewer[0] - fewer[4]).isBetween(0.0, 0.1);
    }

    @Test
    void powerMatchesTheTabledInflationFactors() {
        // at K = 5, alpha = 0.05, power 0.8 the maximum sample size is R times the fixed-horizon size (drift
        // z_0.975 + z_0.8): for O'Brien-Fleming R = 1.028 (J&T Table 2.4), for Pocock the script gives
        // "inflation at power 0.8: 1.22837"
        double fixed = Distributions.normalQuantile(0.975) + Distributions.normalQuantile(0.8);
        double c = GroupSequentialDesign.pocockConstant(0.05, 5);
        assertThat(inflation(new double[] {c, c, c, c, c}, fixed)).isCloseTo(1.22837, within(1e-4));
        double cb = GroupSequentialDesign.obrienFlemingConstant(0.05, 5);
        double[] b = new double[5];
        for (int k = 0; k < 5; k++) {
            b[k] = cb / Math.sqrt(EQUAL[k]);
        }
        assertThat(inflation(b, fixed)).isCloseTo(1.028, within(1e-3));
    }

    private static double inflation(double[] bounds, double fixed) {
        double lo = fixed;
        double hi = 2 * fixed;
        for (int i = 0; i < 100; i++) {
            double mid = 0.5 * (lo + hi);
            if (GroupSequentialDesign.crossingProbability(EQUAL, bounds, mid) < 0.8) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double drift = 0.5 * (lo + hi);
        return drift * drift / (fixed * fixed);
    }

    @Test
    void theFirstLookPastThePlanSpendsTheRestAndLaterLooksCannotReject() {
        GroupSequentialDesign d = GroupSequentialDesign.lanDeMets(AlphaSpending.OBRIEN_FLEMING, 0.05, 0.5, 0.8);
        assertThat(d.exhausted()).isFalse();
        GroupSequentialDesign over = d.look(1.2);
        assertThat(over.exhausted()).isTrue();
        assertThat(over.cumulativeSpent()[2]).isEqualTo(0.05);
        assertThat(GroupSequentialDesign.crossingProbability(over.fractions(), over.bounds(), 0))
                .isCloseTo(0.05, within(1e-9));
        assertThat(over.look(1.5).boundary()).isInfinite();
    }

    @Test
    void theSameLooksGiveTheSameBoundariesBitForBit() {
        GroupSequentialDesign a = GroupSequentialDesign.lanDeMets(AlphaSpending.OBRIEN_FLEMING, 0.045, UNEVEN);
        GroupSequentialDesign b = GroupSequentialDesign.lanDeMets(AlphaSpending.OBRIEN_FLEMING, 0.045);
        for (double t : UNEVEN) {
            b = b.look(t);
        }
        assertThat(b.bounds()).containsExactly(a.bounds());
    }

    @Test
    void badInputSaysWhatToFix() {
        GroupSequentialDesign d = GroupSequentialDesign.lanDeMets(AlphaSpending.POCOCK, 0.05, 0.3);
        assertThatThrownBy(() -> d.look(0.3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not exceed the previous look's 0.3");
        assertThatThrownBy(() -> d.look(Double.NaN)).hasMessageContaining("positive finite");
        assertThatThrownBy(() -> d.look(0)).hasMessageContaining("positive finite");
        assertThatThrownBy(() -> GroupSequentialDesign.lanDeMets(AlphaSpending.POCOCK, 1.0))
                .hasMessageContaining("alpha must be in (0, 1)");
        assertThatThrownBy(() -> GroupSequentialDesign.lanDeMets(null, 0.05)).hasMessageContaining("spending");
        assertThatThrownBy(() -> GroupSequentialDesign.lanDeMets(AlphaSpending.POCOCK, 0.05)
                        .boundary())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() ->
                        GroupSequentialDesign.crossingProbabilities(new double[] {0.5, 0.4}, new double[] {2, 2}, 0))
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(
                        () -> GroupSequentialDesign.crossingProbabilities(new double[] {0.5}, new double[] {2, 2}, 0))
                .hasMessageContaining("same length");
        assertThatThrownBy(() -> AlphaSpending.OBRIEN_FLEMING.spent(0.05, -0.1)).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> GroupSequentialDesign.pocockConstant(0.05, 0)).hasMessageContaining("looks");
    }

    @Test
    void spendingFunctionsStartAtZeroEndAtAlphaAndOnlyGrow() {
        for (AlphaSpending s : AlphaSpending.values()) {
            assertThat(s.spent(0.05, 0)).isZero();
            assertThat(s.spent(0.05, 1)).isEqualTo(0.05);
            assertThat(s.spent(0.05, 3)).isEqualTo(0.05);
            double previous = 0;
            for (int i = 1; i <= 100; i++) {
                double a = s.spent(0.05, i / 100.0);
                assertThat(a).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(0.05);
                previous = a;
            }
        }
        // O'Brien-Fleming-type spends almost nothing early, Pocock-type a good part
        assertThat(AlphaSpending.OBRIEN_FLEMING.spent(0.05, 0.2)).isLessThan(1e-5);
        assertThat(AlphaSpending.POCOCK.spent(0.05, 0.2)).isGreaterThan(0.014);
    }
}

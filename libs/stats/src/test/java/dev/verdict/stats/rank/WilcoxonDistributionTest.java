package dev.verdict.stats.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Exact distribution against R 4.2.2: {@code pwilcox(q, m, n)} and {@code qwilcox(p, m, n)} values printed by
 * {@code Rscript -e 'sprintf("%.17g", c(pwilcox(10, 7, 9), pwilcox(40, 7, 9), qwilcox(0.025, 7, 9),
 * qwilcox(0.975, 7, 9), pwilcox(600, 40, 45), qwilcox(0.025, 40, 45)))'}.
 */
class WilcoxonDistributionTest {

    @Test
    void matchesR() {
        WilcoxonDistribution d = new WilcoxonDistribution(7, 9);
        assertEquals(0.011451048951048953, d.cdf(10), 1e-15);
        assertEquals(0.82447552447552441, d.cdf(40), 1e-14);
        assertEquals(13, d.quantile(0.025));
        assertEquals(50, d.quantile(0.975));
        WilcoxonDistribution big = new WilcoxonDistribution(40, 45);
        assertEquals(0.003948489782099579, big.cdf(600), 1e-15);
        assertEquals(678, big.quantile(0.025));
    }

    @Test
    void symmetricAndComplete() {
        WilcoxonDistribution d = new WilcoxonDistribution(5, 8);
        for (int w = 0; w <= 40; w++) {
            assertEquals(d.cdf(w), d.upper(40 - w - 1), 1e-15, "P(W <= w) = P(W >= mn - w)");
            assertEquals(1.0, d.cdf(w) + d.upper(w), 1e-15);
        }
        assertEquals(1.0, d.cdf(40));
        assertEquals(0.0, d.cdf(-1));
        assertThrows(IllegalArgumentException.class, () -> new WilcoxonDistribution(101, 100));
    }
}

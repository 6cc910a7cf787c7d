package dev.verdict.stats.srm;

import static dev.verdict.stats.Golden.close;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Golden values: scipy.stats.chisquare from {@code python3 libs/stats/src/test/golden/scipy_reference.py}. */
class SampleRatioMismatchGoldenTest {

    @Test
    void balancedSplitPasses() {
        // srm_50_50_ok: chi2=0.57599999999999996 p=0.44788447826411193
        SrmResult r = SampleRatioMismatch.check(new long[] {50_120, 49_880}, new double[] {0.5, 0.5});
        close(0.57599999999999996, r.chiSquare(), "chi2");
        close(0.44788447826411193, r.pValue(), "p");
        assertEquals(1, r.degreesOfFreedom());
        assertFalse(r.mismatch());
    }

    @Test
    void fortyNineFiftyOneIsAMismatch() {
        // srm_49_51: chi2=40 p=2.5396285894708634e-10
        SrmResult r = SampleRatioMismatch.check(new long[] {49_000, 51_000}, new double[] {50, 50});
        close(40, r.chiSquare(), "chi2");
        close(2.5396285894708634e-10, r.pValue(), "p");
        assertTrue(r.mismatch());
    }

    @Test
    void threeArmsWithUnequalWeights() {
        // srm_three_arms: chi2=6.0566666666666666 p=0.048396231331960304
        SrmResult r = SampleRatioMismatch.check(new long[] {20_310, 19_950, 59_740}, new double[] {0.2, 0.2, 0.6});
        close(6.0566666666666666, r.chiSquare(), "chi2");
        close(0.048396231331960304, r.pValue(), "p");
        assertEquals(2, r.degreesOfFreedom());
        assertFalse(r.mismatch(), "p = 0.048 is above the 0.001 SRM threshold");
    }
}

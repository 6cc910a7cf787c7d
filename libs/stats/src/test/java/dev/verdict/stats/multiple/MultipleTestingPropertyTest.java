package dev.verdict.stats.multiple;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

class MultipleTestingPropertyTest {

    @Property(tries = 500)
    void adjustedPValuesAreValidAndOrdered(
            @ForAll @Size(min = 1, max = 50) List<@DoubleRange(min = 0, max = 1) Double> ps) {
        double[] p = ps.stream().mapToDouble(Double::doubleValue).toArray();
        double[] holm = MultipleTesting.holm(p);
        double[] bh = MultipleTesting.benjaminiHochberg(p);
        for (int i = 0; i < p.length; i++) {
            assertTrue(holm[i] >= p[i] && holm[i] <= 1, "Holm never lowers a p-value and caps at 1");
            assertTrue(bh[i] >= p[i] && bh[i] <= 1);
            assertTrue(bh[i] <= holm[i] + 1e-15, "BH is never more conservative than Holm");
            for (int j = 0; j < p.length; j++) {
                if (p[i] < p[j]) {
                    assertTrue(holm[i] <= holm[j] && bh[i] <= bh[j], "adjustment keeps the order");
                }
            }
        }
    }
}

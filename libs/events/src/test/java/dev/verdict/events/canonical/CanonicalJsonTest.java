package dev.verdict.events.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The canonical form's rules, and its fast exact decimals equal to the BigDecimal ones for every kind of double. */
class CanonicalJsonTest {

    @Test
    void keysInCodePointOrderNullsLeftOutNoWhitespaceExactNumbers() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("\uD83D\uDE00", 1); // a supplementary code point sorts after U+FFFF, unlike UTF-16 order
        inner.put("\uFFFF", 2);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("b", List.of(0.1, 3L, new BigInteger("123456789012345678901234567890")));
        value.put("a", "line\nbreak \"quoted\" \u0001");
        value.put("gone", null);
        value.put("c", inner);
        value.put("d", Double.POSITIVE_INFINITY);

        assertThat(CanonicalJson.write(value))
                .isEqualTo("{\"a\":\"line\\nbreak \\\"quoted\\\" \\u0001\","
                        + "\"b\":[0.1000000000000000055511151231257827021181583404541015625,3,123456789012345678901234567890],"
                        + "\"c\":{\"\uFFFF\":2,\"\uD83D\uDE00\":1},\"d\":\"Infinity\"}");
        assertThat(CanonicalJson.contentHash(value))
                .hasSize(64)
                .isEqualTo(CanonicalJson.sha256Hex(CanonicalJson.write(value)));
    }

    @Test
    void nanHasNoCanonicalForm() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CanonicalJson.write(List.of(Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }

    private static String viaBigDecimal(double d) {
        return CanonicalJson.decimal(new BigDecimal(d));
    }

    private static String fast(double d) {
        StringBuilder sb = new StringBuilder();
        CanonicalJson.exactDecimal(sb, d);
        return sb.toString();
    }

    @Test
    void randomBitPatternsAndEverydayValuesAgree() {
        Random rnd = new Random(1);
        for (int i = 0; i < 300_000; i++) {
            double d = switch (i % 3) {
                case 0 -> Double.longBitsToDouble(rnd.nextLong());
                case 1 -> (rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(50) - 25);
                default -> Math.round(rnd.nextDouble() * 1e6) / Math.pow(10, rnd.nextInt(8));
            };
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                continue;
            }
            assertThat(fast(d)).as("%s", d).isEqualTo(viaBigDecimal(d));
        }
    }

    @Test
    void edgeValuesAgree() {
        double[] edges = {
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.95,
            0.5,
            1e-6,
            1.5e-6,
            9.99e-7,
            1e-7,
            1e15,
            1e16,
            1e21,
            1e22,
            1e23,
            1023.0,
            1024.0,
            8192.5,
            Math.pow(2, 62),
            Math.pow(2, 63),
            Math.pow(2, 64),
            -Math.pow(2, 63),
            Double.MIN_VALUE,
            Double.MIN_NORMAL,
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            4.9e-300,
            123456789.123456789
        };
        for (double d : edges) {
            assertThat(fast(d)).as("%s", d).isEqualTo(viaBigDecimal(d));
        }
        assertThat(fast(0.1)).isEqualTo("0.1000000000000000055511151231257827021181583404541015625");
    }
}

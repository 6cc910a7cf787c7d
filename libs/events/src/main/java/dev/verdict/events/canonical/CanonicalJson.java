package dev.verdict.events.canonical;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON form that evidence hashes are computed over: objects with keys in code-point order, no
 * whitespace, null members left out, strings escaped as in RFC 8785, and numbers written as the exact decimal value
 * of the IEEE double (trailing zeros removed, e.g. 0.1 → 0.1000000000000000055511151231257827021181583404541015625).
 * Exact decimals instead of shortest round-trip strings because {@code Double.toString} differs between JDK 17 and
 * JDK 19+ for some values, and a hash must not depend on the JVM that computed it. Infinite values are the strings
 * {@code "Infinity"} and {@code "-Infinity"}; NaN is refused.
 *
 * <p>The one implementation of content hashes in Verdict: decision-records hashes evidence with it, the benchmark
 * harness hashes comparisons with it, so a hash computed by one is checked by the other.
 */
public final class CanonicalJson {

    private CanonicalJson() {}

    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    /** SHA-256 (hex) of {@link #write(Object)} of {@code value}. */
    public static String contentHash(Object value) {
        return sha256Hex(write(value));
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * Writes the members of one object in the order the caller gives them, which must be code-point order of their
     * names; null members are left out. For content of a fixed shape (evidence), where sorting maps is the cost.
     */
    public static final class Obj {
        private final StringBuilder sb;
        private boolean first = true;

        public Obj(StringBuilder sb) {
            this.sb = sb;
            sb.append('{');
        }

        /** The name of a member whose value the caller writes next. */
        public Obj key(String name) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            CanonicalJson.string(sb, name);
            sb.append(':');
            return this;
        }

        public Obj string(String name, String value) {
            if (value != null) {
                key(name);
                CanonicalJson.string(sb, value);
            }
            return this;
        }

        public Obj number(String name, Number value) {
            if (value != null) {
                key(name);
                write(sb, value);
            }
            return this;
        }

        public Obj number(String name, long value) {
            key(name);
            sb.append(value);
            return this;
        }

        public Obj bool(String name, boolean value) {
            key(name);
            sb.append(value);
            return this;
        }

        public void end() {
            sb.append('}');
        }
    }

    /** Appends the canonical form of {@code v} (a map, list, string, number, boolean or null). */
    @SuppressWarnings("unchecked")
    public static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (v instanceof Integer
                || v instanceof Long
                || v instanceof Short
                || v instanceof Byte
                || v instanceof BigInteger) {
            sb.append(v);
        } else if (v instanceof BigDecimal d) {
            sb.append(decimal(d));
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                throw new IllegalArgumentException("NaN has no canonical JSON form");
            }
            if (Double.isInfinite(d)) {
                string(sb, d > 0 ? "Infinity" : "-Infinity");
            } else {
                exactDecimal(sb, d);
            }
        } else if (v instanceof Map<?, ?> m) {
            TreeMap<String, Object> sorted = new TreeMap<>(CanonicalJson::compareCodePoints);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() != null) {
                    sorted.put((String) e.getKey(), e.getValue());
                }
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(sb, e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, l.get(i));
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException(
                    "no canonical JSON form for " + v.getClass().getName());
        }
    }

    /**
     * Appends {@code decimal(new BigDecimal(d))} for a finite {@code d}, without BigInteger arithmetic in the common
     * cases: an integer below 2^63, or a fraction in plain notation (BigDecimal's adjusted exponent >= -6), whose
     * exact digits are the odd mantissa times a power of 5, computed in base-10^9 limbs. Other values take the
     * BigDecimal path. {@code CanonicalJsonTest} compares both on random bit patterns.
     */
    static void exactDecimal(StringBuilder sb, double d) {
        if (d == 0) {
            sb.append('0');
            return;
        }
        long bits = Double.doubleToRawLongBits(d);
        int biased = (int) ((bits >>> 52) & 0x7ff);
        long m = bits & 0xFFFFFFFFFFFFFL;
        int e;
        if (biased == 0) {
            e = -1074;
        } else {
            m |= 1L << 52;
            e = biased - 1075;
        }
        int zeros = Long.numberOfTrailingZeros(m);
        m >>>= zeros;
        e += zeros;
        if (e >= 0) {
            if (e <= 10) { // m < 2^53, so m * 2^e < 2^63: a plain integer of at most 19 digits
                if (d < 0) {
                    sb.append('-');
                }
                sb.append(m << e);
                return;
            }
            sb.append(decimal(new BigDecimal(d)));
            return;
        }
        int k = -e; // value = m * 5^k / 10^k; m odd, so the digits end in 5 and have no trailing zeros
        if (k > 400) {
            sb.append(decimal(new BigDecimal(d)));
            return;
        }
        int[] limbs = new int[(17 + (k * 7 + 9) / 10) / 9 + 2]; // little-endian base 10^9; m < 10^17, 5^k < 10^(0.7k)
        limbs[0] = (int) (m % 1_000_000_000L);
        limbs[1] = (int) (m / 1_000_000_000L % 1_000_000_000L);
        limbs[2] = (int) (m / 1_000_000_000_000_000_000L);
        int used = 3;
        for (int left = k; left > 0; ) {
            int step = Math.min(left, 13);
            long factor = POW5[step];
            long carry = 0;
            for (int i = 0; i < used; i++) {
                long v = limbs[i] * factor + carry;
                limbs[i] = (int) (v % 1_000_000_000L);
                carry = v / 1_000_000_000L;
            }
            while (carry != 0) {
                limbs[used++] = (int) (carry % 1_000_000_000L);
                carry /= 1_000_000_000L;
            }
            left -= step;
        }
        while (used > 1 && limbs[used - 1] == 0) {
            used--;
        }
        StringBuilder digits = new StringBuilder(used * 9);
        digits.append(limbs[used - 1]);
        for (int i = used - 2; i >= 0; i--) {
            String part = Integer.toString(limbs[i]);
            for (int pad = part.length(); pad < 9; pad++) {
                digits.append('0');
            }
            digits.append(part);
        }
        int length = digits.length();
        if (length - k - 1 < -6) { // BigDecimal.toString would use scientific notation
            sb.append(decimal(new BigDecimal(d)));
            return;
        }
        if (d < 0) {
            sb.append('-');
        }
        if (length > k) {
            sb.append(digits, 0, length - k).append('.').append(digits, length - k, length);
        } else {
            sb.append("0.");
            for (int z = length; z < k; z++) {
                sb.append('0');
            }
            sb.append(digits);
        }
    }

    private static final long[] POW5 = new long[14];

    static {
        POW5[0] = 1;
        for (int i = 1; i < POW5.length; i++) {
            POW5[i] = POW5[i - 1] * 5;
        }
    }

    static String decimal(BigDecimal d) {
        if (d.signum() == 0) {
            return "0";
        }
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() <= 0 && s.precision() - s.scale() <= 21
                ? s.toBigIntegerExact().toString()
                : s.toString();
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    static void string(StringBuilder sb, String s) {
        sb.append('"');
        int plain = 0;
        while (plain < s.length()) {
            char c = s.charAt(plain);
            if (c < 0x20 || c == '"' || c == '\\') {
                break;
            }
            plain++;
        }
        if (plain == s.length()) { // the common case: nothing to escape
            sb.append(s).append('"');
            return;
        }
        sb.append(s, 0, plain);
        for (int i = plain; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}

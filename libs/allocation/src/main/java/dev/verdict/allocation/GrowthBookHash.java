package dev.verdict.allocation;

/**
 * GrowthBook's deterministic hash of a unit and a seed to a number in [0, 1), as its reference (JavaScript) SDK
 * computes it, so a team moving from GrowthBook keeps every unit in the same bucket:
 *
 * <ul>
 *   <li>version 1: {@code fnv1a32(value + seed) % 1000 / 1000} (the original, biased for similar seeds);
 *   <li>version 2: {@code fnv1a32(decimal(fnv1a32(seed + value))) % 10000 / 10000}.
 * </ul>
 *
 * FNV-1a runs over UTF-16 code units, as JavaScript's {@code charCodeAt} gives them. Nothing is allocated: the
 * concatenations and the decimal string are hashed in place, so the hot path of an allocation makes no garbage.
 */
public final class GrowthBookHash {

    static final int OFFSET = 0x811c9dc5;
    static final int PRIME = 0x01000193;

    private GrowthBookHash() {}

    /** The unit's hash in [0, 1), or NaN for a hash version GrowthBook does not define (its SDKs return null). */
    public static double hash(String seed, String value, int version) {
        if (version == 2) {
            int inner = update(update(OFFSET, seed), value);
            return Integer.toUnsignedLong(decimal(OFFSET, Integer.toUnsignedLong(inner))) % 10000 / 10000.0;
        }
        if (version == 1) {
            int h = update(update(OFFSET, value), seed);
            return Integer.toUnsignedLong(h) % 1000 / 1000.0;
        }
        return Double.NaN;
    }

    /** FNV-1a, 32 bits, of {@code s}'s UTF-16 code units, as an unsigned value. */
    public static long fnv1a32(String s) {
        return Integer.toUnsignedLong(update(OFFSET, s));
    }

    static int update(int h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= PRIME; // multiplication mod 2^32, as JavaScript's shift-and-add form computes it
        }
        return h;
    }

    /** Continues {@code h} over the decimal digits of {@code v} (0 ≤ v < 2^32), as if hashing {@code v + ""}. */
    static int decimal(int h, long v) {
        long p = 1;
        while (p * 10 <= v) {
            p *= 10;
        }
        for (; p > 0; p /= 10) {
            h ^= '0' + (int) (v / p % 10);
            h *= PRIME;
        }
        return h;
    }
}

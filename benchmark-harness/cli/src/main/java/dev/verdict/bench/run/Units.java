package dev.verdict.bench.run;

import java.util.Locale;

/** JMH score units: which direction is better, and the time per operation in nanoseconds. */
public final class Units {

    private Units() {}

    /** Throughput units ({@code ops/s}) are better when higher; time units ({@code us/op}) when lower. */
    public static boolean higherIsBetter(String unit, String mode) {
        if (unit != null) {
            String u = unit.toLowerCase(Locale.ROOT);
            if (u.startsWith("ops/")) {
                return true;
            }
            if (u.endsWith("/op")) {
                return false;
            }
        }
        return "thrpt".equals(mode);
    }

    /** Nanoseconds per operation for a score in {@code unit}, or null if the unit is not a time or rate unit. */
    public static Double nanosPerOp(double score, String unit) {
        if (unit == null || !(score > 0)) {
            return null;
        }
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.endsWith("/op")) {
            Double f = nanos(u.substring(0, u.length() - 3));
            return f == null ? null : score * f;
        }
        if (u.startsWith("ops/")) {
            Double f = nanos(u.substring(4));
            return f == null ? null : f / score;
        }
        return null;
    }

    private static Double nanos(String timeUnit) {
        return switch (timeUnit) {
            case "ns" -> 1.0;
            case "us", "\u00b5s", "\u03bcs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "min" -> 60e9;
            case "hr", "h" -> 3600e9;
            case "day", "d" -> 86400e9;
            default -> null;
        };
    }
}

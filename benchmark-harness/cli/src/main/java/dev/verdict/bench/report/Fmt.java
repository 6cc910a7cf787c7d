package dev.verdict.bench.report;

import java.util.Locale;

/** Number formatting shared by the reports (locale-independent, so reports are the same on every machine). */
final class Fmt {

    private Fmt() {}

    /** 4 significant digits: 12.35, 0.9812, 12346. */
    static String num(Double v) {
        if (v == null || !Double.isFinite(v)) {
            return v == null ? "–" : String.valueOf(v);
        }
        double a = Math.abs(v);
        if (a >= 10_000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static String ratio(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String ci(Double lo, Double hi) {
        return lo == null || hi == null ? "" : "[" + ratio(lo) + ", " + ratio(hi) + "]";
    }

    static String p(Double p) {
        if (p == null) {
            return "–";
        }
        return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    static String percent(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    /** "+4.2 %" for a ratio of 1.042. */
    static String change(Double ratio) {
        return ratio == null ? "–" : String.format(Locale.ROOT, "%+.1f%%", (ratio - 1) * 100);
    }

    /** The last two segments of a benchmark name plus parameters: {@code JsonBench.serialize[size=10]}. */
    static String shortKey(String key) {
        int bracket = key.indexOf('[');
        String name = bracket < 0 ? key : key.substring(0, bracket);
        String params = bracket < 0 ? "" : key.substring(bracket);
        String[] parts = name.split("\\.");
        return (parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : name) + params;
    }
}

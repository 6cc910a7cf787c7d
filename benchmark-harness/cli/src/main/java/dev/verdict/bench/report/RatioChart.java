package dev.verdict.bench.report;

import dev.verdict.bench.compare.Classification;
import dev.verdict.bench.compare.Comparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A server-side SVG forest plot: one row per benchmark with the time-per-op ratio candidate / baseline and its CI
 * (throughput ratios are inverted, so left of 1 is always "candidate faster"), on a log axis, with the practical
 * threshold band around 1 and the suite's geometric mean at the bottom. No script, no external resources.
 */
final class RatioChart {

    private static final int LABEL_WIDTH = 290;
    private static final int PLOT_WIDTH = 520;
    private static final int RIGHT = 210;
    private static final int ROW = 22;
    private static final int TOP = 40;

    private RatioChart() {}

    record Row(String label, Double ratio, Double lo, Double hi, Classification classification, boolean bold) {}

    static String svg(Comparison c) {
        List<Row> rows = new ArrayList<>();
        for (Comparison.BenchmarkComparison b : c.benchmarks()) {
            Comparison.Effect e = b.score();
            if (e == null) {
                rows.add(new Row(Fmt.shortKey(b.key()), null, null, null, b.classification(), false));
                continue;
            }
            Double lo = e.ciLower();
            Double hi = e.ciUpper();
            if (b.higherIsBetter() && lo != null && hi != null) {
                double l = 1.0 / hi;
                hi = 1.0 / lo;
                lo = l;
            }
            rows.add(new Row(Fmt.shortKey(b.key()), b.timeRatio(), lo, hi, b.classification(), false));
        }
        for (Comparison.Overall o : c.overall()) {
            if (o.estimate() != null) {
                rows.add(new Row(
                        "geometric mean, " + o.metric(),
                        o.estimate(),
                        o.ciLower(),
                        o.ciUpper(),
                        o.classification(),
                        true));
            }
        }
        double lo = 1 - c.settings().margin() * 2;
        double hi = 1 + c.settings().margin() * 2;
        for (Row r : rows) {
            for (Double v : new Double[] {r.ratio(), r.lo(), r.hi()}) {
                if (v != null && v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        double min = Math.log(lo) - 0.05 * (Math.log(hi) - Math.log(lo));
        double max = Math.log(hi) + 0.05 * (Math.log(hi) - Math.log(lo));
        int height = TOP + rows.size() * ROW + 40;
        int width = LABEL_WIDTH + PLOT_WIDTH + RIGHT;
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                        + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\""
                        + " aria-label=\"time per operation ratios\">%n",
                width,
                height,
                width,
                height));
        s.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"16\" font-weight=\"bold\">Time per operation, %s / %s"
                        + " (left of 1: %s faster), anytime-valid intervals, band: ±margin</text>%n",
                LABEL_WIDTH,
                esc(c.candidate().label()),
                esc(c.baseline().label()),
                esc(c.candidate().label())));
        // threshold band and the line at 1
        double bandL = x(1 - c.settings().margin(), min, max);
        double bandR = x(1 + c.settings().margin(), min, max);
        s.append(String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#eeeeee\"/>%n",
                bandL,
                TOP - 8,
                bandR - bandL,
                rows.size() * ROW + 8));
        for (double tick : ticks(lo, hi)) {
            double x = x(tick, min, max);
            s.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n",
                    x,
                    TOP - 8,
                    x,
                    TOP + rows.size() * ROW,
                    tick == 1.0 ? "#333333" : "#dddddd"));
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555555\">%s" + "</text>%n",
                    x,
                    TOP + rows.size() * ROW + 16,
                    trim(tick)));
        }
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int y = TOP + i * ROW + ROW / 2;
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\"%s>%s</text>%n",
                    LABEL_WIDTH - 8,
                    y + 4,
                    r.bold() ? " font-weight=\"bold\"" : "",
                    esc(r.label())));
            String color = color(r.classification());
            if (r.ratio() == null) {
                s.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n",
                        LABEL_WIDTH + 4,
                        y + 4,
                        color,
                        esc(r.classification().words())));
                continue;
            }
            if (r.lo() != null && r.hi() != null) {
                double x1 = x(r.lo(), min, max);
                double x2 = x(r.hi(), min, max);
                s.append(String.format(
                        Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"" + " stroke-width=\"2\"/>%n",
                        x1,
                        y,
                        x2,
                        y,
                        color));
                s.append(String.format(
                        Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n"
                                + "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n",
                        x1,
                        y - 4,
                        x1,
                        y + 4,
                        color,
                        x2,
                        y - 4,
                        x2,
                        y + 4,
                        color));
            }
            double cx = x(r.ratio(), min, max);
            s.append(String.format(
                    Locale.ROOT,
                    r.bold()
                            ? "<rect x=\"%.1f\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"><title>%s</title></rect>%n"
                            : "<circle cx=\"%.1f\" cy=\"%d\" r=\"4.5\" fill=\"%s\"><title>%s</title></circle>%n",
                    r.bold() ? cx - 5 : cx,
                    r.bold() ? y - 5 : y,
                    color,
                    esc(r.label() + ": " + Fmt.ratio(r.ratio()) + " " + Fmt.ci(r.lo(), r.hi()))));
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s %s</text>%n",
                    LABEL_WIDTH + PLOT_WIDTH + 8,
                    y + 4,
                    color,
                    Fmt.ratio(r.ratio()),
                    esc(r.classification().words())));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static double x(double ratio, double min, double max) {
        return LABEL_WIDTH + (Math.log(ratio) - min) / (max - min) * PLOT_WIDTH;
    }

    static List<Double> ticks(double lo, double hi) {
        double[] candidates = {0.1, 0.2, 0.25, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.25, 1.5, 2, 3, 4, 5, 10
        };
        List<Double> t = new ArrayList<>();
        for (double c : candidates) {
            if (c >= lo && c <= hi) {
                t.add(c);
            }
        }
        if (t.size() > 9) {
            t.removeIf(v -> v == 0.95 || v == 1.05 || v == 0.6 || v == 0.7 || v == 0.25 || v == 3 || v == 4);
        }
        return t;
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String color(Classification c) {
        return switch (c) {
            case BETTER -> "#1a7f37";
            case WORSE -> "#cf222e";
            case EQUIVALENT -> "#0969da";
            case UNDECIDED -> "#57606a";
            case UNSUPPORTED, INSUFFICIENT_DATA -> "#9a6700";
        };
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

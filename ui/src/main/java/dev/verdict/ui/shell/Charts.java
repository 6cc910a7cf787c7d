package dev.verdict.ui.shell;

import java.util.List;
import java.util.Locale;

/**
 * The portal's charts as server-side SVG text: no JavaScript chart library, nothing outside the prebuilt bundle, and
 * pure (data in, SVG out), so a chart is unit-tested like any other function. Two shapes cover every page:
 * {@link #intervals} (an estimate with its confidence interval per row against a reference, e.g. ratio 1.0) and
 * {@link #lines} (series over a common x axis, e.g. canary and baseline per analysis interval).
 */
public final class Charts {

    /** One row of an interval chart; {@code tone} colours it: "better", "worse" or anything else for neutral. */
    public record Interval(String label, double estimate, double lower, double upper, String tone) {}

    /** One series; NaN values are gaps. */
    public record Line(String name, String colour, double[] values) {}

    static final int LABEL_W = 300;
    static final int PLOT_W = 420;
    static final int ROW_H = 26;
    static final int AXIS_H = 34;
    static final String FONT = "font-family=\"sans-serif\" font-size=\"12\"";

    private Charts() {}

    /**
     * Each row's estimate as a dot and its interval as a bar, on one x scale that always includes {@code reference}
     * (drawn as a dashed line), so "the interval crosses 1.0" is visible at a glance.
     */
    public static String intervals(String title, List<Interval> rows, double reference) {
        double lo = reference;
        double hi = reference;
        for (Interval r : rows) {
            lo = min(lo, r.lower(), r.estimate());
            hi = max(hi, r.upper(), r.estimate());
        }
        double pad = (hi - lo) * 0.08 + 1e-9;
        Scale x = new Scale(lo - pad, hi + pad, LABEL_W, LABEL_W + PLOT_W);
        int height = rows.size() * ROW_H + AXIS_H + 8;
        int width = LABEL_W + PLOT_W + 20;
        StringBuilder svg = open(title, width, height);
        double ref = x.at(reference);
        svg.append("<g class=\"reference\">")
                .append(line(ref, 4, ref, rows.size() * ROW_H + 4, "#889", "4 3"))
                .append("</g>");
        for (int i = 0; i < rows.size(); i++) {
            Interval r = rows.get(i);
            double y = i * ROW_H + ROW_H / 2.0 + 4;
            String c = tone(r.tone());
            svg.append("<g class=\"row\"><title>")
                    .append(escape(r.label()))
                    .append(": ")
                    .append(num(r.estimate()))
                    .append(" [")
                    .append(num(r.lower()))
                    .append(", ")
                    .append(num(r.upper()))
                    .append("]</title>")
                    .append(text(LABEL_W - 8, y + 4, "end", shorten(r.label(), 44)));
            if (finite(r.lower()) && finite(r.upper())) {
                svg.append(line(x.at(r.lower()), y, x.at(r.upper()), y, c, null));
            }
            if (finite(r.estimate())) {
                svg.append("<circle cx=\"")
                        .append(num(x.at(r.estimate())))
                        .append("\" cy=\"")
                        .append(num(y))
                        .append("\" r=\"4\" fill=\"")
                        .append(c)
                        .append("\"/>");
            }
            svg.append("</g>");
        }
        axis(svg, x, rows.size() * ROW_H + 8);
        return svg.append("</svg>").toString();
    }

    /** The series as polylines over x = 0..n-1, with a legend and the y range labelled. */
    public static String lines(String title, String unit, List<Line> series) {
        int n = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Line l : series) {
            n = Math.max(n, l.values().length);
            for (double v : l.values()) {
                if (finite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        double pad = (hi - lo) * 0.08 + 1e-9;
        int left = 70;
        int plotH = 160;
        Scale x = new Scale(0, Math.max(1, n - 1), left, left + PLOT_W + LABEL_W - 90);
        Scale y = new Scale(lo - pad, hi + pad, plotH + 10, 10);
        int width = LABEL_W + PLOT_W + 20;
        int height = plotH + 40 + 18 * series.size();
        StringBuilder svg = open(title, width, height);
        svg.append(line(left, 10, left, plotH + 10, "#889", null))
                .append(line(left, plotH + 10, x.to, plotH + 10, "#889", null))
                .append(text(left - 6, y.at(hi) + 4, "end", num(hi)))
                .append(text(left - 6, y.at(lo) + 4, "end", num(lo)))
                .append(text(left - 6, plotH + 28, "end", escape(unit)));
        for (int s = 0; s < series.size(); s++) {
            Line l = series.get(s);
            StringBuilder d = new StringBuilder();
            boolean pen = false;
            for (int i = 0; i < l.values().length; i++) {
                double v = l.values()[i];
                if (!finite(v)) {
                    pen = false;
                    continue;
                }
                d.append(pen ? " L" : " M").append(num(x.at(i))).append(',').append(num(y.at(v)));
                pen = true;
            }
            svg.append("<path class=\"series\" d=\"")
                    .append(d.toString().strip())
                    .append("\" fill=\"none\" stroke=\"")
                    .append(l.colour())
                    .append("\" stroke-width=\"1.6\"><title>")
                    .append(escape(l.name()))
                    .append("</title></path>");
            int ly = plotH + 44 + 18 * s;
            svg.append(line(left, ly - 4, left + 24, ly - 4, l.colour(), null))
                    .append(text(left + 30, ly, "start", escape(l.name())));
        }
        return svg.append("</svg>").toString();
    }

    /** A linear map from data to pixels. */
    record Scale(double from, double toValue, double fromPx, double to) {
        double at(double v) {
            return fromPx + (v - from) / (toValue - from) * (to - fromPx);
        }
    }

    private static void axis(StringBuilder svg, Scale x, double y) {
        svg.append(line(x.fromPx, y, x.to, y, "#889", null));
        for (int i = 0; i <= 4; i++) {
            double v = x.from + (x.toValue - x.from) * i / 4;
            double px = x.at(v);
            svg.append(line(px, y, px, y + 4, "#889", null)).append(text(px, y + 18, "middle", num(v)));
        }
    }

    /** An {@code <svg>} element's opening, sized and labelled for screen readers; the caller closes it. */
    public static StringBuilder open(String title, int width, int height) {
        return new StringBuilder()
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"")
                .append(escape(title))
                .append("\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\"><title>")
                .append(escape(title))
                .append("</title>");
    }

    private static String line(double x1, double y1, double x2, double y2, String colour, String dash) {
        return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2)
                + "\" stroke=\"" + colour + "\"" + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"")
                + " stroke-width=\"1.5\"/>";
    }

    private static String text(double x, double y, String anchor, String escaped) {
        return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\" " + FONT + ">" + escaped
                + "</text>";
    }

    static String tone(String tone) {
        return switch (tone == null ? "" : tone) {
            case "better" -> "#1a7f37";
            case "worse" -> "#cf222e";
            default -> "#445";
        };
    }

    static String num(double v) {
        if (!finite(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }

    private static boolean finite(double v) {
        return !Double.isNaN(v) && !Double.isInfinite(v);
    }

    private static double min(double a, double b, double c) {
        return Math.min(a, Math.min(finite(b) ? b : a, finite(c) ? c : a));
    }

    private static double max(double a, double b, double c) {
        return Math.max(a, Math.max(finite(b) ? b : a, finite(c) ? c : a));
    }

    static String shorten(String s, int max) {
        return escape(s.length() <= max ? s : s.substring(0, max - 1) + "…");
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package dev.verdict.bench.report;

import static dev.verdict.bench.report.RatioChart.esc;

import dev.verdict.bench.compare.Comparison;
import dev.verdict.bench.run.HostEnvironment;
import java.util.Locale;
import java.util.Map;

/**
 * The human report as one self-contained HTML page ({@code report.html}): inline CSS, the SVG ratio chart inline,
 * no scripts and no external resources, so it can be mailed, attached to a CI run or opened offline.
 */
public final class HtmlReport {

    private HtmlReport() {}

    public static String render(Comparison c) {
        String base = esc(c.baseline().label());
        String cand = esc(c.candidate().label());
        StringBuilder s = new StringBuilder();
        s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>JDK comparison: ")
                .append(cand)
                .append(" vs ")
                .append(base)
                .append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#1f2328;max-width:1200px}\n")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:13px}\n")
                .append("th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left}\n")
                .append("td.num{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append(".better{color:#1a7f37;font-weight:bold}.worse{color:#cf222e;font-weight:bold}\n")
                .append(".no-significant-change{color:#57606a}.unsupported,.insufficient-data{color:#9a6700}\n")
                .append(".incomplete{background:#fff8c5;border:1px solid #d4a72c;padding:8px 12px}\n")
                .append(".fail{color:#cf222e}.pass{color:#1a7f37}code{font-size:12px}\n")
                .append("</style></head><body>\n");
        s.append("<h1>JDK comparison: ")
                .append(cand)
                .append(" vs ")
                .append(base)
                .append(" (baseline)</h1>\n");
        if (!c.complete()) {
            s.append("<p class=\"incomplete\"><strong>INCOMPLETE</strong> — ")
                    .append(esc(c.incompleteReason()))
                    .append(". The numbers below cover only the forks that finished.</p>\n");
        }
        s.append("<table><tr><th></th><th>baseline</th><th>candidate</th></tr>\n");
        s.append("<tr><th>label</th><td>")
                .append(base)
                .append("</td><td>")
                .append(cand)
                .append("</td></tr>\n");
        s.append("<tr><th>JDK</th><td>")
                .append(esc(MarkdownReport.jdk(c.baseline())))
                .append("</td><td>")
                .append(esc(MarkdownReport.jdk(c.candidate())))
                .append("</td></tr>\n");
        s.append("<tr><th>path</th><td><code>")
                .append(esc(home(c.baseline())))
                .append("</code></td><td><code>")
                .append(esc(home(c.candidate())))
                .append("</code></td></tr></table>\n");
        HostEnvironment env = c.environment();
        if (env != null) {
            s.append("<p>Machine: ")
                    .append(esc(env.cpuModel()))
                    .append(", ")
                    .append(env.cores())
                    .append(" cores, ")
                    .append(esc(env.describeOs()))
                    .append("; load average at start ")
                    .append(env.loadAtStart() == null ? "–" : String.format(Locale.ROOT, "%.2f", env.loadAtStart()))
                    .append(".</p>\n");
        }
        Map<String, String> cfg = c.config();
        s.append("<p>Run ")
                .append(esc(String.valueOf(c.windowStart())))
                .append(" – ")
                .append(esc(String.valueOf(c.windowEnd())))
                .append("; profile ")
                .append(esc(cfg.getOrDefault("profile", "–")))
                .append(", ")
                .append(esc(cfg.getOrDefault("forksPerJdk", "?")))
                .append(" forks per JDK, warm-up ")
                .append(esc(cfg.getOrDefault("warmup", "?")))
                .append(", measurement ")
                .append(esc(cfg.getOrDefault("measurement", "?")))
                .append(", benchmark JVM options <code>")
                .append(esc(cfg.getOrDefault("forkJvmArgs", "")))
                .append("</code>.</p>\n");

        s.append("<h2>Summary</h2>\n<ul>\n");
        for (Comparison.Overall o : c.overall()) {
            s.append("<li><strong>")
                    .append(esc(o.metric()))
                    .append("</strong>, ")
                    .append(cand)
                    .append(" / ")
                    .append(base)
                    .append(": ");
            if (o.estimate() == null) {
                s.append("not available (").append(esc(o.method())).append(")");
            } else {
                s.append(Fmt.ratio(o.estimate()))
                        .append(" ")
                        .append(Fmt.ci(o.ciLower(), o.ciUpper()))
                        .append(" (")
                        .append(Fmt.change(o.estimate()))
                        .append(") → <span class=\"")
                        .append(o.classification().label())
                        .append("\">")
                        .append(o.classification().words())
                        .append("</span>");
            }
            s.append("</li>\n");
        }
        s.append("<li>benchmarks: ");
        boolean first = true;
        for (Map.Entry<String, Integer> e : c.classifications().entrySet()) {
            if (e.getValue() > 0) {
                s.append(first ? "" : ", ")
                        .append(e.getValue())
                        .append(" ")
                        .append(esc(e.getKey().replace('-', ' ')));
                first = false;
            }
        }
        s.append(" (by score)</li>\n");
        String cpu = MarkdownReport.cpuCounts(c);
        if (!cpu.isEmpty()) {
            s.append("<li>CPU time per op: ").append(esc(cpu)).append("</li>\n");
        }
        s.append("</ul>\n");
        s.append("<div>").append(RatioChart.svg(c)).append("</div>\n");

        s.append("<h2>Benchmarks</h2>\n<table>\n<tr><th>benchmark</th><th>unit</th><th>")
                .append(base)
                .append(" mean</th><th>cv</th><th>")
                .append(cand)
                .append(" mean</th><th>cv</th><th>ratio</th><th>interval</th><th>p</th><th>p adj.</th>")
                .append("<th>CPU/op ratio</th><th>alloc/op ratio</th><th>verdict</th></tr>\n");
        for (Comparison.BenchmarkComparison b : c.benchmarks()) {
            Comparison.Effect e = b.score();
            s.append("<tr><td title=\"")
                    .append(esc(b.key()))
                    .append("\">")
                    .append(esc(Fmt.shortKey(b.key())))
                    .append("</td><td>")
                    .append(esc(b.unit() == null ? "–" : b.unit()))
                    .append("</td>")
                    .append(num(
                            b.baselineGroup() == null ? null : b.baselineGroup().mean()))
                    .append(num(
                            b.baselineGroup() == null ? null : b.baselineGroup().cv(), true))
                    .append(num(
                            b.candidateGroup() == null
                                    ? null
                                    : b.candidateGroup().mean()))
                    .append(num(
                            b.candidateGroup() == null
                                    ? null
                                    : b.candidateGroup().cv(),
                            true))
                    .append("<td class=\"num\">")
                    .append(e == null ? "–" : Fmt.ratio(e.ratio()))
                    .append("</td><td>")
                    .append(e == null ? "" : Fmt.ci(e.ciLower(), e.ciUpper()))
                    .append("</td><td class=\"num\">")
                    .append(e == null ? "–" : Fmt.p(e.pValue()))
                    .append("</td><td class=\"num\">")
                    .append(e == null ? "–" : Fmt.p(e.pAdjusted()))
                    .append("</td><td>");
            if (b.cpuPerOp() != null) {
                s.append(Fmt.ratio(b.cpuPerOp().ratio()))
                        .append(" ")
                        .append(Fmt.ci(b.cpuPerOp().ciLower(), b.cpuPerOp().ciUpper()))
                        .append(" ")
                        .append(b.cpuPerOp().classification().words())
                        .append(esc(MarkdownReport.needed(b.cpuPerOp())));
            } else {
                s.append("–");
            }
            s.append("</td><td class=\"num\">")
                    .append(Fmt.ratio(b.allocRatio()))
                    .append("</td><td class=\"")
                    .append(b.classification().label())
                    .append("\">")
                    .append(b.classification().words())
                    .append(esc(MarkdownReport.needed(b.score())))
                    .append(b.detail() == null ? "" : "<br><small>" + esc(b.detail()) + "</small>")
                    .append("</td></tr>\n");
        }
        s.append("</table>\n<h2>Quality gates</h2>\n<ul>\n");
        for (Comparison.Gate g : c.gates()) {
            s.append("<li class=\"")
                    .append(g.passed() ? "pass" : "fail")
                    .append("\">")
                    .append(g.passed() ? "✔ " : "✘ ")
                    .append(esc(g.name()))
                    .append(": ")
                    .append(esc(g.detail()))
                    .append("</li>\n");
        }
        s.append(
                        "</ul>\n<h2>Method</h2>\n<p>Every fork is a fresh JVM of the JDK running one benchmark (JMH -f 1); the")
                .append(
                        " JDKs' forks alternate A B B A per benchmark. One fork gives one sample; the ratio of means gets")
                .append(
                        " an anytime-valid interval of the log ratio (normal-mixture confidence sequence, t-corrected),")
                .append(" so it may be looked at after every fork. Better or worse when the whole interval lies beyond")
                .append(" ±")
                .append(Fmt.percent(c.settings().margin()))
                .append(", equivalent when it lies within; p-values adjusted (")
                .append(esc(c.settings().pAdjust()))
                .append(") over the suite at ")
                .append(c.settings().alpha())
                .append(", intervals at level 1 − R·α/m")
                .append(".</p>\n<p><small>Content hash <code>")
                .append(esc(c.contentHash()))
                .append("</code></small></p>\n</body></html>\n");
        return s.toString();
    }

    private static String home(Comparison.Side side) {
        return side.jdk() == null ? "–" : side.jdk().home();
    }

    private static String num(Double v) {
        return "<td class=\"num\">" + Fmt.num(v) + "</td>";
    }

    private static String num(Double v, boolean percent) {
        return "<td class=\"num\">" + (percent ? Fmt.percent(v) : Fmt.num(v)) + "</td>";
    }
}

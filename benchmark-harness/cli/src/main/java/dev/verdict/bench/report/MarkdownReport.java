package dev.verdict.bench.report;

import dev.verdict.bench.compare.Comparison;
import dev.verdict.bench.run.HostEnvironment;
import java.util.Locale;
import java.util.Map;

/** The human report as Markdown ({@code report.md}): summary, per-benchmark table, quality gates, method. */
public final class MarkdownReport {

    private MarkdownReport() {}

    /** " (about N forks per JDK would tell)" for an undecided effect. */
    public static String needed(Comparison.Effect e) {
        if (e == null || e.forksNeeded() == null) {
            return "";
        }
        return e.forksNeeded() < 0
                ? " (no fork count up to 500 per JDK would tell: the ratio is at the margin, or the noise too high)"
                : " (about " + e.forksNeeded() + " forks per JDK would tell)";
    }

    public static String render(Comparison c) {
        StringBuilder s = new StringBuilder();
        String base = c.baseline().label();
        String cand = c.candidate().label();
        s.append("# JDK comparison: ").append(cand).append(" vs ").append(base).append(" (baseline)\n\n");
        if (!c.complete()) {
            s.append("> **INCOMPLETE** — ")
                    .append(c.incompleteReason())
                    .append(". The numbers below cover only the forks that finished.\n\n");
        }
        s.append("| | baseline | candidate |\n|---|---|---|\n");
        s.append("| label | ").append(base).append(" | ").append(cand).append(" |\n");
        s.append("| JDK | ")
                .append(jdk(c.baseline()))
                .append(" | ")
                .append(jdk(c.candidate()))
                .append(" |\n");
        s.append("| path | ")
                .append(path(c.baseline()))
                .append(" | ")
                .append(path(c.candidate()))
                .append(" |\n\n");
        HostEnvironment env = c.environment();
        if (env != null) {
            s.append("Machine: ")
                    .append(env.cpuModel())
                    .append(", ")
                    .append(env.cores())
                    .append(" cores, ")
                    .append(env.memTotalKb() == null ? "" : (env.memTotalKb() / 1024 / 1024) + " GiB, ")
                    .append(env.describeOs())
                    .append("; load average at start ")
                    .append(env.loadAtStart() == null ? "–" : String.format(Locale.ROOT, "%.2f", env.loadAtStart()))
                    .append(".\n\n");
        }
        s.append("Run: ")
                .append(c.windowStart())
                .append(" – ")
                .append(c.windowEnd())
                .append("; ");
        Map<String, String> cfg = c.config();
        s.append("profile ")
                .append(cfg.getOrDefault("profile", "–"))
                .append(", ")
                .append(cfg.getOrDefault("forksPerJdk", "?"))
                .append(" forks per JDK, warm-up ")
                .append(cfg.getOrDefault("warmup", "?"))
                .append(", measurement ")
                .append(cfg.getOrDefault("measurement", "?"))
                .append(", benchmark JVM options `")
                .append(cfg.getOrDefault("forkJvmArgs", ""))
                .append("`, alternation ")
                .append(cfg.getOrDefault("alternation", "–"))
                .append(".\n\n");

        s.append("## Summary\n\n");
        for (Comparison.Overall o : c.overall()) {
            s.append("- **")
                    .append(o.metric())
                    .append("**, ")
                    .append(cand)
                    .append(" / ")
                    .append(base)
                    .append(": ");
            if (o.estimate() == null) {
                s.append("not available (").append(o.method()).append(")\n");
            } else {
                s.append(Fmt.ratio(o.estimate()))
                        .append(" ")
                        .append(Fmt.ci(o.ciLower(), o.ciUpper()))
                        .append(" (")
                        .append(Fmt.change(o.estimate()))
                        .append(") → **")
                        .append(o.classification().words())
                        .append("** — ")
                        .append(o.method())
                        .append("\n");
            }
        }
        s.append("- benchmarks: ");
        boolean first = true;
        for (Map.Entry<String, Integer> e : c.classifications().entrySet()) {
            if (e.getValue() > 0) {
                s.append(first ? "" : ", ")
                        .append(e.getValue())
                        .append(" ")
                        .append(e.getKey().replace('-', ' '));
                first = false;
            }
        }
        s.append(" (by score)\n");
        String cpu = cpuCounts(c);
        if (!cpu.isEmpty()) {
            s.append("- CPU time per op: ").append(cpu).append("\n");
        }
        s.append("\n");

        s.append("## Benchmarks\n\n");
        s.append("Ratios are ")
                .append(cand)
                .append(" / ")
                .append(base)
                .append(" of the geometric mean per-fork score with its anytime-valid interval at the suite's")
                .append(" false-coverage-rate level; p is the decision's p-value adjusted (")
                .append(c.settings().pAdjust())
                .append(") over the suite. Verdicts are against a margin of ±")
                .append(Fmt.percent(c.settings().margin()))
                .append(": better / worse by more than it, or equivalent within it. For `/op` units lower is")
                .append(" better, for `ops/` units higher.\n\n");
        s.append("| benchmark | unit | ")
                .append(base)
                .append(" mean (cv) | ")
                .append(cand)
                .append(" mean (cv) | ratio [CI] | p adj. | CPU/op ratio [CI] | alloc/op ratio | verdict |\n");
        s.append("|---|---|---:|---:|---|---:|---|---:|---|\n");
        for (Comparison.BenchmarkComparison b : c.benchmarks()) {
            s.append("| ")
                    .append(Fmt.shortKey(b.key()))
                    .append(" | ")
                    .append(b.unit() == null ? "–" : b.unit())
                    .append(" | ")
                    .append(group(b.baselineGroup()))
                    .append(" | ")
                    .append(group(b.candidateGroup()))
                    .append(" | ");
            if (b.score() != null) {
                s.append(Fmt.ratio(b.score().ratio()))
                        .append(" ")
                        .append(Fmt.ci(b.score().ciLower(), b.score().ciUpper()));
            } else {
                s.append("–");
            }
            s.append(" | ")
                    .append(b.score() == null ? "–" : Fmt.p(b.score().pAdjusted()))
                    .append(" | ");
            if (b.cpuPerOp() != null) {
                s.append(Fmt.ratio(b.cpuPerOp().ratio()))
                        .append(" ")
                        .append(Fmt.ci(b.cpuPerOp().ciLower(), b.cpuPerOp().ciUpper()))
                        .append(" ")
                        .append(b.cpuPerOp().classification().label())
                        .append(needed(b.cpuPerOp()));
            } else {
                s.append("–");
            }
            s.append(" | ")
                    .append(Fmt.ratio(b.allocRatio()))
                    .append(" | **")
                    .append(b.classification().words())
                    .append("**")
                    .append(needed(b.score()))
                    .append(b.detail() == null ? "" : " — " + b.detail().replace("|", "/"))
                    .append(" |\n");
        }
        s.append("\n## Quality gates\n\n");
        for (Comparison.Gate g : c.gates()) {
            s.append("- [")
                    .append(g.passed() ? "x" : " ")
                    .append("] ")
                    .append(g.name())
                    .append(": ")
                    .append(g.detail())
                    .append("\n");
        }
        long noisy = c.benchmarks().stream()
                .filter(b -> b.gates().stream().anyMatch(g -> g.name().equals("noise") && !g.passed()))
                .count();
        long fewForks = c.benchmarks().stream()
                .filter(b -> b.gates().stream().anyMatch(g -> g.name().equals("forks") && !g.passed()))
                .count();
        s.append("- [")
                .append(noisy == 0 ? "x" : " ")
                .append("] noise: ")
                .append(noisy)
                .append(" benchmark(s) with a coefficient of variation of fork scores above ")
                .append(Math.round(c.settings().maxCv() * 100))
                .append(" %\n");
        s.append("- [")
                .append(fewForks == 0 ? "x" : " ")
                .append("] forks: ")
                .append(fewForks)
                .append(" benchmark(s) with fewer than ")
                .append(c.settings().minForks())
                .append(" forks per JDK\n");
        s.append("\n## Method\n\n");
        s.append("Every fork is a fresh JVM of the JDK running one benchmark (JMH `-f 1`); the JDKs' forks alternate")
                .append(
                        " A B B A per benchmark so machine drift hits both. One fork gives one sample (its mean score);")
                .append(" the log ratio gets an anytime-valid interval (a normal-mixture confidence sequence,")
                .append(" t-corrected for few forks) that may be looked at after every fork. Each benchmark is better")
                .append(" or worse when the whole interval lies beyond ±")
                .append(Fmt.percent(c.settings().margin()))
                .append(", equivalent when it lies within; the decisions' p-values are adjusted (")
                .append(c.settings().pAdjust())
                .append(") over the suite at ")
                .append(c.settings().alpha())
                .append(" and the intervals read at level 1 − R·α/m (R of m benchmarks decided)")
                .append(". CPU time per op = time per op × (CPU time ÷ wall time of the benchmark JVM during the")
                .append(" measurement iterations), so JIT and GC threads count.\n\n");
        s.append("Content hash `").append(c.contentHash()).append("`.\n");
        return s.toString();
    }

    /** "4 better, 3 worse, 2 equivalent, 12 undecided" over the benchmarks' CPU-time-per-op classifications. */
    static String cpuCounts(Comparison c) {
        java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (dev.verdict.bench.compare.Classification k : dev.verdict.bench.compare.Classification.values()) {
            long n = c.benchmarks().stream()
                    .filter(b -> b.cpuPerOp() != null && b.cpuPerOp().classification() == k)
                    .count();
            if (n > 0) {
                counts.put(k.words(), n);
            }
        }
        return counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static String group(Comparison.Group g) {
        if (g == null || g.n() == 0) {
            return "–";
        }
        return Fmt.num(g.mean()) + " (" + Fmt.percent(g.cv()) + ", n=" + g.n() + ")";
    }

    static String jdk(Comparison.Side side) {
        return side.jdk() == null ? "–" : side.jdk().describe();
    }

    static String path(Comparison.Side side) {
        return side.jdk() == null ? "–" : "`" + side.jdk().home() + "`";
    }
}

package dev.verdict.bench.compare;

import dev.verdict.bench.BenchException;
import dev.verdict.bench.Json;
import dev.verdict.bench.run.Units;
import dev.verdict.stats.descriptive.Descriptive;
import dev.verdict.stats.descriptive.GeometricMean;
import dev.verdict.stats.multiple.MultipleTesting;
import dev.verdict.stats.sequential.MarginDecision;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares a candidate result set with a baseline, benchmark by benchmark, with libs/stats. A pure function of
 * (settings, result sets): the same input gives the same comparison, byte for byte.
 *
 * <p>Per benchmark the samples are the per-fork scores (forks are the independent units; iterations within a
 * fork share one JIT outcome and are not), compared on the log scale: the ratio of geometric means with an
 * anytime-valid interval ({@link MarginDecision}: a normal-mixture confidence sequence, t-corrected for few forks),
 * so a sequential run may look after every fork without raising its error rates. Each benchmark gets one of three
 * answers against the margin (3 % by default): {@code better} or {@code worse} by more than the margin, or
 * {@code equivalent} within it; {@code undecided} with the forks per JDK that would tell otherwise. Over the suite
 * the decisions' p-values go through Benjamini-Hochberg and the intervals are read at the false-coverage-rate level
 * 1 - R alpha / m: with 21 benchmarks this costs little when most are decided, and unlike a rank test with an
 * exact p-value floor it keeps power at 5 forks. The same for CPU time per operation. Suite-wide: the geometric
 * mean of the per-benchmark time-per-op ratios (throughput ratios inverted) and of the CPU-time-per-op ratios, with
 * a t interval on the log scale, classified against the same margin.
 */
public final class Comparer {

    public static final String TIME_PER_OP = "time-per-op";
    public static final String CPU_TIME_PER_OP = "cpu-time-per-op";

    private Comparer() {}

    /** Forks per JDK up to which {@code forksNeeded} is searched. */
    static final int MAX_FORKS_NEEDED = 500;

    public static Comparison.StatsSettings defaults() {
        return new Comparison.StatsSettings(0.05, 0.03, 0.95, "bh", 4, 0.10);
    }

    public static Comparison compare(ResultSet baseline, ResultSet candidate, Comparison.StatsSettings s) {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(candidate, "candidate");
        if (baseline.label().equals(candidate.label())) {
            throw new BenchException(
                    "baseline and candidate are both labelled '" + baseline.label() + "'; label them differently");
        }
        Set<String> keys = new LinkedHashSet<>(baseline.benchmarks().keySet());
        keys.addAll(candidate.benchmarks().keySet());

        // first pass: samples, effects with raw p-values
        List<Draft> drafts = new ArrayList<>();
        for (String key : keys) {
            drafts.add(draft(key, baseline, candidate, s));
        }
        decide(drafts, s, false);
        decide(drafts, s, true);

        List<Comparison.Gate> runGates = runGates(baseline, candidate, s);
        List<Comparison.BenchmarkComparison> benchmarks = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Classification c : Classification.values()) {
            counts.put(c.label(), 0);
        }
        for (Draft d : drafts) {
            Comparison.Effect score = d.score;
            Comparison.Effect cpu = d.cpu;
            Classification c = d.status.equals("compared")
                    ? score.classification()
                    : d.status.equals("unsupported") ? Classification.UNSUPPORTED : Classification.INSUFFICIENT_DATA;
            if (score != null && !d.status.equals("compared")) {
                score = withClassification(score, c);
            }
            counts.merge(c.label(), 1, Integer::sum);
            Double timeRatio = score == null ? null : d.higherIsBetter ? 1.0 / score.ratio() : score.ratio();
            benchmarks.add(new Comparison.BenchmarkComparison(
                    d.key,
                    d.benchmark,
                    d.params,
                    d.mode,
                    d.unit,
                    d.higherIsBetter,
                    d.status,
                    d.detail,
                    d.baseGroup,
                    d.candGroup,
                    score,
                    cpu,
                    d.allocRatio,
                    timeRatio,
                    c,
                    benchmarkGates(d, s)));
        }
        List<Comparison.Overall> overall = new ArrayList<>();
        overall.add(geometricMean(
                TIME_PER_OP,
                benchmarks,
                b -> b.status().equals("compared") ? b.timeRatio() : null,
                "per-benchmark time-per-op ratios (throughput ratios inverted)",
                s));
        overall.add(geometricMean(
                CPU_TIME_PER_OP,
                benchmarks,
                b -> b.status().equals("compared") && b.cpuPerOp() != null
                        ? b.cpuPerOp().ratio()
                        : null,
                "per-benchmark CPU-time-per-op ratios",
                s));

        boolean complete = baseline.complete() && candidate.complete();
        String incomplete = complete
                ? null
                : firstNonNull(
                        baseline.complete() ? null : baseline.label() + ": " + baseline.statusDetail(),
                        candidate.complete() ? null : candidate.label() + ": " + candidate.statusDetail());
        Map<String, String> config = new LinkedHashMap<>(baseline.config());
        candidate.config().forEach((k, v) -> {
            if (!Objects.equals(config.get(k), v)) {
                config.put(candidate.label() + "." + k, v);
            }
        });
        config.put("stats.alpha", String.valueOf(s.alpha()));
        config.put("stats.margin", String.valueOf(s.margin()));
        config.put("stats.ciLevel", String.valueOf(s.ciLevel()));
        config.put("stats.method", "anytime-valid interval of the log ratio against the margin (MarginDecision)");
        config.put("stats.pAdjust", s.pAdjust());
        Instant start = min(baseline.windowStart(), candidate.windowStart());
        Instant end = max(baseline.windowEnd(), candidate.windowEnd());
        Comparison unhashed = new Comparison(
                Comparison.FORMAT,
                null,
                null,
                side(baseline),
                side(candidate),
                complete,
                incomplete,
                s,
                baseline.environment() != null ? baseline.environment() : candidate.environment(),
                config,
                Json.contentHash(config),
                start,
                end,
                benchmarks,
                overall,
                counts,
                runGates);
        String hash = Json.contentHash(unhashed);
        return new Comparison(
                unhashed.format(),
                hash,
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                unhashed.baseline(),
                unhashed.candidate(),
                complete,
                incomplete,
                s,
                unhashed.environment(),
                config,
                unhashed.configHash(),
                start,
                end,
                benchmarks,
                overall,
                counts,
                runGates);
    }

    /** Working state of one benchmark before the p-values of the whole suite are adjusted. */
    private static final class Draft {
        String key;
        String benchmark;
        Map<String, String> params;
        String mode;
        String unit;
        boolean higherIsBetter;
        String status;
        String detail;
        Comparison.Group baseGroup;
        Comparison.Group candGroup;
        Comparison.Effect score;
        Comparison.Effect cpu;
        Double allocRatio;
        LogRatio scoreRatio;
        LogRatio cpuRatio;
    }

    private static Draft draft(String key, ResultSet baseline, ResultSet candidate, Comparison.StatsSettings s) {
        ResultSet.Samples b = baseline.benchmarks().get(key);
        ResultSet.Samples c = candidate.benchmarks().get(key);
        Draft d = new Draft();
        d.key = key;
        ResultSet.Samples any = b != null ? b : c;
        d.benchmark = any.benchmark();
        d.params = any.params();
        d.mode = b != null && b.mode() != null ? b.mode() : c != null ? c.mode() : null;
        d.unit = b != null && b.unit() != null ? b.unit() : c != null ? c.unit() : null;
        d.higherIsBetter = Units.higherIsBetter(d.unit, d.mode);
        d.baseGroup = group(baseline.label(), b);
        d.candGroup = group(candidate.label(), c);
        int nb = b == null ? 0 : b.scores().size();
        int nc = c == null ? 0 : c.scores().size();
        if (b != null
                && c != null
                && b.unit() != null
                && c.unit() != null
                && !b.unit().equals(c.unit())) {
            throw new BenchException("benchmark " + key + " is in " + b.unit() + " on " + baseline.label() + " but in "
                    + c.unit() + " on " + candidate.label() + "; the results cannot be compared");
        }
        List<String> missing = new ArrayList<>();
        if (nb == 0) {
            missing.add(baseline.label() + (b == null ? " (not run)" : failures(b)));
        }
        if (nc == 0) {
            missing.add(candidate.label() + (c == null ? " (not run)" : failures(c)));
        }
        if (!missing.isEmpty()) {
            d.status = "unsupported";
            d.detail = "unsupported on " + String.join(" and on ", missing);
            return d;
        }
        double[] base = toArray(b.scores());
        double[] cand = toArray(c.scores());
        if (!allPositive(base) || !allPositive(cand)) {
            d.status = "insufficient-data";
            d.detail = "scores must be positive for a ratio";
            return d;
        }
        double ratio = Descriptive.mean(cand) / Descriptive.mean(base);
        if (nb < 2 || nc < 2) {
            d.status = "insufficient-data";
            d.detail = "a ratio needs at least 2 forks per JDK for an interval and a test; have " + nb + " and " + nc;
            d.score = new Comparison.Effect(
                    "score",
                    d.unit,
                    "ratio of means (no interval: fewer than 2 forks)",
                    ratio,
                    null,
                    null,
                    null,
                    null,
                    null,
                    nb,
                    nc,
                    Classification.INSUFFICIENT_DATA,
                    null);
            return d;
        }
        d.status = "compared";
        List<String> partial = new ArrayList<>();
        if (!b.failures().isEmpty()) {
            partial.add(baseline.label() + failures(b));
        }
        if (!c.failures().isEmpty()) {
            partial.add(candidate.label() + failures(c));
        }
        d.detail = partial.isEmpty() ? null : "some forks failed: " + String.join("; ", partial);
        d.scoreRatio = logRatio("score", d.unit, cand, base, s);
        double[] bc = toArray(b.cpuNanosPerOp());
        double[] cc = toArray(c.cpuNanosPerOp());
        if (bc.length >= 2 && cc.length >= 2 && allPositive(bc) && allPositive(cc)) {
            d.cpuRatio = logRatio(CPU_TIME_PER_OP, "ns/op", cc, bc, s);
        }
        if (!b.allocBytesPerOp().isEmpty() && !c.allocBytesPerOp().isEmpty()) {
            double ab = Descriptive.mean(toArray(b.allocBytesPerOp()));
            double ac = Descriptive.mean(toArray(c.allocBytesPerOp()));
            d.allocRatio = ab > 0 ? ac / ab : null;
        }
        return d;
    }

    /** The log ratio of one metric of one benchmark, before the suite's decision. */
    private record LogRatio(
            String metric,
            String unit,
            double estimate,
            double se,
            double df,
            double pValue,
            double sd,
            int nb,
            int nc) {}

    /**
     * The difference of mean log fork values (the log of the ratio of geometric means) with its standard error,
     * Welch df and the decision's anytime-valid p-value; the decision comes once the whole suite's p-values are known.
     */
    private static LogRatio logRatio(
            String metric, String unit, double[] cand, double[] base, Comparison.StatsSettings s) {
        double[] x = logs(cand);
        double[] y = logs(base);
        double vx = Descriptive.variance(x) / x.length;
        double vy = Descriptive.variance(y) / y.length;
        // identical forks (a deterministic workload) still get a finite, tiny standard error
        double se = Math.max(Math.sqrt(vx + vy), 1e-9);
        double df = vx + vy == 0
                ? x.length + y.length - 2
                : (vx + vy) * (vx + vy) / (vx * vx / (x.length - 1) + vy * vy / (y.length - 1));
        double d = Descriptive.mean(x) - Descriptive.mean(y);
        double p = MarginDecision.of(Math.log1p(s.margin())).pValue(d, se, df);
        double sd = Math.sqrt((Descriptive.variance(x) + Descriptive.variance(y)) / 2);
        return new LogRatio(metric, unit, d, se, df, p, sd, base.length, cand.length);
    }

    /**
     * The suite's decisions for one metric: Benjamini-Hochberg over the benchmarks' decision p-values, then each
     * interval at the false-coverage-rate level 1 - R alpha / m (Benjamini &amp; Yekutieli 2005), which puts every
     * selected benchmark's interval inside its region (better / worse beyond the margin, or within it).
     */
    private static void decide(List<Draft> drafts, Comparison.StatsSettings s, boolean cpu) {
        List<Draft> with = drafts.stream()
                .filter(d -> "compared".equals(d.status) && (cpu ? d.cpuRatio : d.scoreRatio) != null)
                .toList();
        int m = with.size();
        if (m == 0) {
            return;
        }
        double[] p = with.stream()
                .mapToDouble(d -> (cpu ? d.cpuRatio : d.scoreRatio).pValue())
                .toArray();
        double[] adj = s.pAdjust().equals("none") ? p : MultipleTesting.benjaminiHochberg(p);
        int selected = MultipleTesting.rejected(adj, s.alpha()).length;
        double level = s.pAdjust().equals("none") ? 1 - s.alpha() : 1 - Math.max(1, selected) * s.alpha() / m;
        MarginDecision md = MarginDecision.of(Math.log1p(s.margin()));
        for (int i = 0; i < m; i++) {
            Draft d = with.get(i);
            LogRatio e = cpu ? d.cpuRatio : d.scoreRatio;
            double est = e.estimate();
            double df = e.df();
            MarginDecision.Decision decision = md.decide(est, e.se(), df, level);
            boolean higherIsBetter = !cpu && d.higherIsBetter;
            Classification c;
            if (adj[i] > s.alpha() || !decision.decided()) {
                c = Classification.UNDECIDED;
            } else {
                c = switch (decision.region()) {
                    case WITHIN -> Classification.EQUIVALENT;
                    case ABOVE -> higherIsBetter ? Classification.BETTER : Classification.WORSE;
                    case BELOW -> higherIsBetter ? Classification.WORSE : Classification.BETTER;
                };
            }
            Integer needed = null;
            if (c == Classification.UNDECIDED) {
                needed = md.observationsNeeded(est, Math.max(e.sd(), 1e-9), level, MAX_FORKS_NEEDED);
            }
            String method = String.format(
                    java.util.Locale.ROOT,
                    "ratio of geometric means of the per-fork %s; anytime-valid %s interval of the log ratio"
                            + " (two normal-mixture confidence sequences at alpha/2, mixing variances log(1+margin)^2 and 1,"
                            + " t-corrected at"
                            + " %.1f df) against the margin +-%s; %s",
                    e.metric(),
                    pct(level),
                    df,
                    pct(s.margin()),
                    s.pAdjust().equals("none")
                            ? "no adjustment over the suite"
                            : "Benjamini-Hochberg over " + m + " benchmarks (" + selected
                                    + " decided), interval level 1 - R alpha / m");
            Comparison.Effect decided = new Comparison.Effect(
                    e.metric(),
                    e.unit(),
                    method,
                    Math.exp(est),
                    Math.exp(decision.interval().lower()),
                    Math.exp(decision.interval().upper()),
                    level,
                    e.pValue(),
                    adj[i],
                    e.nb(),
                    e.nc(),
                    c,
                    needed);
            if (cpu) {
                d.cpu = decided;
            } else {
                d.score = decided;
            }
        }
    }

    private static String pct(double f) {
        return new java.math.BigDecimal(f * 100)
                        .round(new java.math.MathContext(4))
                        .stripTrailingZeros()
                        .toPlainString()
                + " %";
    }

    private static double[] logs(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.log(v[i]);
        }
        return out;
    }

    /**
     * The suite-wide classification of a geometric mean: within +-margin, or beyond it, by the whole interval
     * (better / worse are from a time-per-op point of view: below 1 is better).
     */
    public static Classification classify(Double ciLower, Double ciUpper, Comparison.StatsSettings s) {
        if (ciLower == null || ciUpper == null) {
            return Classification.INSUFFICIENT_DATA;
        }
        double hi = 1 + s.margin();
        double lo = 1 / hi;
        if (ciLower > lo && ciUpper < hi) {
            return Classification.EQUIVALENT;
        }
        if (ciUpper < lo) {
            return Classification.BETTER;
        }
        if (ciLower > hi) {
            return Classification.WORSE;
        }
        return Classification.UNDECIDED;
    }

    private static Comparison.Effect withClassification(Comparison.Effect e, Classification c) {
        return new Comparison.Effect(
                e.metric(),
                e.unit(),
                e.method(),
                e.ratio(),
                e.ciLower(),
                e.ciUpper(),
                e.ciLevel(),
                e.pValue(),
                e.pAdjusted(),
                e.baselineN(),
                e.candidateN(),
                c,
                e.forksNeeded());
    }

    private static Comparison.Overall geometricMean(
            String metric,
            List<Comparison.BenchmarkComparison> benchmarks,
            java.util.function.Function<Comparison.BenchmarkComparison, Double> ratio,
            String what,
            Comparison.StatsSettings s) {
        List<String> keys = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (Comparison.BenchmarkComparison b : benchmarks) {
            Double r = ratio.apply(b);
            if (r != null && r > 0 && Double.isFinite(r)) {
                keys.add(b.key());
                ratios.add(r);
            }
        }
        String method = "geometric mean of " + ratios.size() + " " + what + ", t interval on the log scale";
        if (ratios.size() < 2) {
            return new Comparison.Overall(
                    metric,
                    method + " (needs at least 2 benchmarks)",
                    ratios.size(),
                    ratios.isEmpty() ? null : ratios.get(0),
                    null,
                    null,
                    s.ciLevel(),
                    Classification.INSUFFICIENT_DATA,
                    keys,
                    ratios);
        }
        GeometricMean.Result g = GeometricMean.ofRatios(toArray(ratios), s.ciLevel());
        Classification c =
                classify(g.confidenceInterval().lower(), g.confidenceInterval().upper(), s);
        return new Comparison.Overall(
                metric,
                method,
                g.n(),
                g.estimate(),
                g.confidenceInterval().lower(),
                g.confidenceInterval().upper(),
                s.ciLevel(),
                c,
                keys,
                ratios);
    }

    private static List<Comparison.Gate> runGates(ResultSet baseline, ResultSet candidate, Comparison.StatsSettings s) {
        List<Comparison.Gate> gates = new ArrayList<>();
        boolean complete = baseline.complete() && candidate.complete();
        gates.add(new Comparison.Gate(
                "run-complete",
                complete,
                complete
                        ? "every planned fork ran"
                        : "incomplete: " + firstNonNull(baseline.statusDetail(), candidate.statusDetail())));
        boolean sameRun = baseline.runId() != null && baseline.runId().equals(candidate.runId());
        gates.add(new Comparison.Gate(
                "alternated",
                sameRun && baseline.alternated(),
                sameRun && baseline.alternated()
                        ? "both JDKs in one run, forks alternated A B B A per benchmark"
                        : "the JDKs were measured in separate runs: machine drift between them is not controlled"));
        boolean sameHost = baseline.environment() == null
                || candidate.environment() == null
                || Objects.equals(
                                baseline.environment().cpuModel(),
                                candidate.environment().cpuModel())
                        && Objects.equals(
                                baseline.environment().host(),
                                candidate.environment().host());
        gates.add(new Comparison.Gate(
                "same-machine", sameHost, sameHost ? "same host and CPU" : "measured on different machines"));
        Double load = max(baseline.maxLoad(), candidate.maxLoad());
        Integer cores = baseline.environment() != null
                ? (Integer) baseline.environment().cores()
                : null;
        List<Double> competing = new ArrayList<>(baseline.competingCpus());
        competing.addAll(candidate.competingCpus());
        if (!competing.isEmpty()) {
            gates.add(competitionGate(competing, load, cores, baseline.competitors()));
        } else if (load != null && cores != null) {
            boolean quiet = load <= cores;
            gates.add(new Comparison.Gate(
                    "machine-load",
                    quiet,
                    String.format(
                            java.util.Locale.ROOT,
                            "highest 1-minute load average at a fork start %.2f on %d cores%s",
                            load,
                            cores,
                            quiet ? "" : ": other work competed for the CPUs, expect more noise")));
        }
        return gates;
    }

    /** Other processes' CPU during the forks must stay below this at the 90th percentile (half a CPU). */
    static final double MAX_COMPETING_CPUS_P90 = 0.5;

    /**
     * The busy-machine gate from what other processes used while the forks ran (CPU share, not the load average,
     * which counts the run's own JVMs too), naming the biggest competitors and what to do about them.
     */
    private static Comparison.Gate competitionGate(
            List<Double> competing, Double load, Integer cores, List<dev.verdict.bench.run.RunRecord.Competitor> top) {
        double[] v = toArray(competing);
        double median = Descriptive.median(v);
        double p90 = Descriptive.percentile(v, 0.9);
        boolean quiet = p90 <= MAX_COMPETING_CPUS_P90;
        StringBuilder d = new StringBuilder(String.format(
                java.util.Locale.ROOT,
                "other processes used %.2f CPUs (median) and %.2f (90th percentile) of the machine during the %d forks,"
                        + " at most %.2f allowed",
                median,
                p90,
                v.length,
                MAX_COMPETING_CPUS_P90));
        if (load != null && cores != null) {
            d.append(String.format(java.util.Locale.ROOT, "; highest load average %.2f on %d cores", load, cores));
        }
        List<dev.verdict.bench.run.RunRecord.Competitor> named =
                top.stream().filter(c -> c.cpus() >= 0.01).limit(4).toList();
        if (!named.isEmpty()) {
            d.append("; top: ");
            d.append(String.join(
                    ", ",
                    named.stream()
                            .map(c -> String.format(
                                    java.util.Locale.ROOT,
                                    "%s (%s, pid %d) %.2f CPUs",
                                    c.name(),
                                    c.kind(),
                                    c.pid(),
                                    c.cpus()))
                            .toList()));
        }
        if (!quiet) {
            boolean build = named.stream().anyMatch(c -> c.kind().equals("build"));
            boolean platform = named.stream().anyMatch(c -> c.kind().equals("platform service"));
            d.append(
                    build
                            ? ". A build ran beside the benchmarks: run again when it has finished"
                            : platform
                                    ? ". The platform's own services were busy: run again when they are idle, or stop"
                                            + " them (./verdict down) for the run"
                                    : ". Stop the processes named above, or run on a quieter machine");
        }
        return new Comparison.Gate("machine-load", quiet, d.toString());
    }

    private static List<Comparison.Gate> benchmarkGates(Draft d, Comparison.StatsSettings s) {
        List<Comparison.Gate> gates = new ArrayList<>();
        int nb = d.baseGroup == null ? 0 : d.baseGroup.n();
        int nc = d.candGroup == null ? 0 : d.candGroup.n();
        boolean forks = nb >= s.minForks() && nc >= s.minForks();
        gates.add(new Comparison.Gate(
                "forks", forks, nb + " and " + nc + " forks, at least " + s.minForks() + " per JDK needed"));
        boolean failures = (d.baseGroup == null || d.baseGroup.failures().isEmpty())
                && (d.candGroup == null || d.candGroup.failures().isEmpty())
                && !"unsupported".equals(d.status);
        gates.add(new Comparison.Gate(
                "no-failed-forks",
                failures,
                failures ? "every fork produced a result" : d.detail != null ? d.detail : "some forks failed"));
        Double cvb = d.baseGroup == null ? null : d.baseGroup.cv();
        Double cvc = d.candGroup == null ? null : d.candGroup.cv();
        if (cvb != null && cvc != null) {
            boolean quiet = cvb <= s.maxCv() && cvc <= s.maxCv();
            gates.add(new Comparison.Gate(
                    "noise",
                    quiet,
                    String.format(
                            java.util.Locale.ROOT,
                            "coefficient of variation of fork scores %.1f %% and %.1f %%, at most %.0f %% allowed",
                            cvb * 100,
                            cvc * 100,
                            s.maxCv() * 100)));
        }
        return gates;
    }

    private static Comparison.Group group(String label, ResultSet.Samples x) {
        if (x == null) {
            return new Comparison.Group(
                    label,
                    0,
                    0,
                    List.of(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of("not run"));
        }
        double[] v = toArray(x.scores());
        Double mean = null;
        Double median = null;
        Double sd = null;
        Double cv = null;
        Double min = null;
        Double maxV = null;
        if (v.length > 0) {
            Descriptive.Summary sum = Descriptive.summarize(v);
            mean = sum.mean();
            median = sum.median();
            sd = sum.standardDeviation();
            cv = mean > 0 ? sd / mean : null;
            min = sum.min();
            maxV = sum.max();
        }
        return new Comparison.Group(
                label,
                v.length,
                x.forksPlanned(),
                x.scores(),
                mean,
                median,
                sd,
                cv,
                min,
                maxV,
                x.cpuNanosPerOp(),
                x.cpuNanosPerOp().isEmpty() ? null : Descriptive.mean(toArray(x.cpuNanosPerOp())),
                x.allocBytesPerOp().isEmpty() ? null : Descriptive.mean(toArray(x.allocBytesPerOp())),
                x.gcCounts().isEmpty() ? null : Descriptive.mean(toArray(x.gcCounts())),
                x.gcTimesMillis().isEmpty() ? null : Descriptive.mean(toArray(x.gcTimesMillis())),
                x.peakRssKb().isEmpty()
                        ? null
                        : x.peakRssKb().stream()
                                .mapToLong(Long::longValue)
                                .max()
                                .orElseThrow(),
                x.failures());
    }

    private static Comparison.Side side(ResultSet r) {
        return new Comparison.Side(r.label(), r.jdk(), r.runId(), r.source(), r.complete(), r.maxLoad());
    }

    private static String failures(ResultSet.Samples x) {
        return x.failures().isEmpty() ? "" : " (" + x.failures().get(0) + ")";
    }

    static double[] toArray(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static boolean allPositive(double[] v) {
        for (double x : v) {
            if (!(x > 0) || !Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static Double max(Double a, Double b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return Math.max(a, b);
    }
}

package dev.verdict.bench.compare;

import dev.verdict.bench.BenchException;
import dev.verdict.bench.Json;
import dev.verdict.bench.run.Units;
import dev.verdict.stats.bootstrap.Bootstrap;
import dev.verdict.stats.bootstrap.BootstrapResult;
import dev.verdict.stats.descriptive.Descriptive;
import dev.verdict.stats.descriptive.GeometricMean;
import dev.verdict.stats.multiple.MultipleTesting;
import dev.verdict.stats.rank.MannWhitney;
import dev.verdict.stats.rank.MannWhitneyResult;
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
 * fork share one JIT outcome and are not). The ratio candidate / baseline of the mean scores gets a seeded
 * bootstrap CI (BCa, resampling forks) and the fork samples a two-sided Mann-Whitney test; the p-values are
 * corrected for the number of benchmarks in the suite (Benjamini-Hochberg by default: with 21 benchmarks tested
 * at 5 % each, about one would be "significant" by chance in every A/A run). A benchmark is {@code better} or
 * {@code worse} only if the adjusted p-value is below alpha, the CI excludes 1 and the ratio is at least the
 * practical threshold (3 %) away from 1; which direction is better comes from the score unit and mode. The same
 * is done for CPU time per operation. Suite-wide: the geometric mean of the per-benchmark time-per-op ratios
 * (throughput ratios inverted) and of the CPU-time-per-op ratios, with a t interval on the log scale.
 */
public final class Comparer {

    public static final String TIME_PER_OP = "time-per-op";
    public static final String CPU_TIME_PER_OP = "cpu-time-per-op";

    private Comparer() {}

    public static Comparison.StatsSettings defaults() {
        return new Comparison.StatsSettings(0.05, 0.03, 0.95, 10_000, 20_260_101L, "bh", 4, 0.10);
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
        adjust(drafts, s, false);
        adjust(drafts, s, true);

        List<Comparison.Gate> runGates = runGates(baseline, candidate, s);
        List<Comparison.BenchmarkComparison> benchmarks = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Classification c : Classification.values()) {
            counts.put(c.label(), 0);
        }
        for (Draft d : drafts) {
            Comparison.Effect score = d.score == null ? null : classify(d.score, d.higherIsBetter, s);
            Comparison.Effect cpu = d.cpu == null ? null : classify(d.cpu, false, s);
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
        config.put("stats.threshold", String.valueOf(s.threshold()));
        config.put("stats.ciLevel", String.valueOf(s.ciLevel()));
        config.put("stats.bootstrap", "BCa ratio of means, " + s.resamples() + " resamples, seed " + s.seed());
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
                    Classification.INSUFFICIENT_DATA);
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
        d.score = effect("score", d.unit, cand, base, seed(s.seed(), key), s);
        double[] bc = toArray(b.cpuNanosPerOp());
        double[] cc = toArray(c.cpuNanosPerOp());
        if (bc.length >= 2 && cc.length >= 2 && allPositive(bc) && allPositive(cc)) {
            d.cpu = effect(CPU_TIME_PER_OP, "ns/op", cc, bc, seed(s.seed(), key + "#cpu"), s);
        }
        if (!b.allocBytesPerOp().isEmpty() && !c.allocBytesPerOp().isEmpty()) {
            double ab = Descriptive.mean(toArray(b.allocBytesPerOp()));
            double ac = Descriptive.mean(toArray(c.allocBytesPerOp()));
            d.allocRatio = ab > 0 ? ac / ab : null;
        }
        return d;
    }

    private static Comparison.Effect effect(
            String metric, String unit, double[] cand, double[] base, long seed, Comparison.StatsSettings s) {
        BootstrapResult boot = Bootstrap.ratioOfMeans(
                cand, base, new Bootstrap.Options(s.resamples(), s.ciLevel(), seed, Bootstrap.Interval.BCA));
        MannWhitneyResult mw = MannWhitney.test(cand, base);
        String method = "bootstrap " + boot.method() + " CI of the ratio of mean per-fork " + metric + " ("
                + boot.resamples() + " resamples, seed " + seed + "); " + mw.method() + ", two-sided";
        return new Comparison.Effect(
                metric,
                unit,
                method,
                boot.estimate(),
                boot.confidenceInterval().lower(),
                boot.confidenceInterval().upper(),
                s.ciLevel(),
                mw.pValue(),
                null,
                base.length,
                cand.length,
                null);
    }

    /** Multiple-testing correction over the compared benchmarks of the suite (score, or CPU time per op). */
    private static void adjust(List<Draft> drafts, Comparison.StatsSettings s, boolean cpu) {
        List<Draft> with = drafts.stream()
                .filter(d -> "compared".equals(d.status) && (cpu ? d.cpu : d.score) != null)
                .toList();
        double[] p =
                with.stream().mapToDouble(d -> (cpu ? d.cpu : d.score).pValue()).toArray();
        double[] adj = switch (s.pAdjust()) {
            case "none" -> p;
            case "holm" -> p.length == 0 ? p : MultipleTesting.holm(p);
            case "bh" -> p.length == 0 ? p : MultipleTesting.benjaminiHochberg(p);
            default -> throw new BenchException("unknown --p-adjust '" + s.pAdjust() + "': use bh, holm or none");
        };
        for (int i = 0; i < with.size(); i++) {
            Draft d = with.get(i);
            Comparison.Effect e = cpu ? d.cpu : d.score;
            Comparison.Effect adjusted = new Comparison.Effect(
                    e.metric(),
                    e.unit(),
                    e.method()
                            + (s.pAdjust().equals("none")
                                    ? ""
                                    : "; p adjusted (" + s.pAdjust() + ") over " + p.length + " benchmarks"),
                    e.ratio(),
                    e.ciLower(),
                    e.ciUpper(),
                    e.ciLevel(),
                    e.pValue(),
                    adj[i],
                    e.baselineN(),
                    e.candidateN(),
                    null);
            if (cpu) {
                d.cpu = adjusted;
            } else {
                d.score = adjusted;
            }
        }
    }

    static Comparison.Effect classify(Comparison.Effect e, boolean higherIsBetter, Comparison.StatsSettings s) {
        if (e.classification() != null) {
            return e;
        }
        return withClassification(e, classify(e.ratio(), e.ciLower(), e.ciUpper(), e.pAdjusted(), higherIsBetter, s));
    }

    /** better / worse only if significant (adjusted p &lt; alpha and the CI excludes 1) and practically relevant. */
    public static Classification classify(
            double ratio,
            Double ciLower,
            Double ciUpper,
            Double pAdjusted,
            boolean higherIsBetter,
            Comparison.StatsSettings s) {
        boolean ciExcludesOne = ciLower != null && ciUpper != null && (ciLower > 1 || ciUpper < 1);
        boolean significant = ciExcludesOne && (pAdjusted == null || pAdjusted < s.alpha());
        boolean practical = Math.abs(ratio - 1) >= s.threshold();
        if (!significant || !practical) {
            return Classification.NO_SIGNIFICANT_CHANGE;
        }
        return (ratio > 1) == higherIsBetter ? Classification.BETTER : Classification.WORSE;
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
                c);
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
        Classification c = classify(
                g.estimate(),
                g.confidenceInterval().lower(),
                g.confidenceInterval().upper(),
                null,
                false,
                s);
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
        if (load != null && cores != null) {
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

    /** Stable per-benchmark seed: independent of the benchmark's position in the suite. */
    static long seed(long seed, String key) {
        long h = 1125899906842597L;
        for (int i = 0; i < key.length(); i++) {
            h = 31 * h + key.charAt(i);
        }
        return seed ^ (h * 0x9E3779B97F4A7C15L);
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

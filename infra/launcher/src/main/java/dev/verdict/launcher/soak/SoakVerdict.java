package dev.verdict.launcher.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What a soak proves, computed from what it measured (pure, so the rules are tested on their own):
 * <ul>
 *   <li><b>memory</b>: each gated component's RSS at the end (median of the last minute's samples) is at most
 *       {@link #MAX_RSS_GROWTH} above its RSS right after the warm-up (median of the first minute after it);
 *   <li><b>errors</b>: no call failed (no answer, a 5xx, or a 4xx the workload did not expect);
 *   <li><b>p99 steady</b>: per service, the p99 of the last third of the measured minutes is at most
 *       {@link #MAX_P99_RATIO} times the p99 of the first third.
 * </ul>
 */
final class SoakVerdict {

    static final double MAX_RSS_GROWTH = 0.10;
    static final double MAX_P99_RATIO = 1.5;

    /** One rule's outcome, with the figures it was decided on. */
    record Check(String what, boolean passed, String figures) {}

    record Result(List<Check> checks, String table) {
        boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }
    }

    private SoakVerdict() {}

    /**
     * @param warmupSeconds the samples and minutes before it are not measured
     * @param gated the components whose RSS growth is a goal (the platform's own services); others are reported
     */
    static Result evaluate(
            double warmupSeconds,
            List<Sampler.Sample> samples,
            Set<String> gated,
            Map<String, List<Histogram>> latencies,
            long errors) {
        List<Check> checks = new ArrayList<>();
        StringBuilder table = new StringBuilder();

        double end = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).atSeconds();
        table.append("memory (RSS, MiB; PostgreSQL and Keycloak: Pss of their process trees)\n");
        table.append(
                String.format(Locale.ROOT, "  %-22s %10s %10s %8s%n", "component", "after warm", "at end", "growth"));
        Map<String, List<Long>> after = rssIn(samples, warmupSeconds, warmupSeconds + 60);
        Map<String, List<Long>> last = rssIn(samples, end - 60, end + 1);
        for (String c : after.keySet()) {
            if (!last.containsKey(c)) {
                continue;
            }
            double a = median(after.get(c)) / 1024.0;
            double e = median(last.get(c)) / 1024.0;
            double growth = e / a - 1;
            boolean gate = gated.contains(c);
            table.append(String.format(
                    Locale.ROOT,
                    "  %-22s %10.1f %10.1f %+7.1f%%%s%n",
                    c,
                    a,
                    e,
                    growth * 100,
                    gate ? "" : "  (reported, not a goal)"));
            if (gate) {
                checks.add(new Check(
                        "RSS of " + c + " grows <= " + pct(MAX_RSS_GROWTH),
                        growth <= MAX_RSS_GROWTH,
                        String.format(Locale.ROOT, "%.1f -> %.1f MiB (%+.1f %%)", a, e, growth * 100)));
            }
        }
        for (String c : gated) {
            if (!after.containsKey(c) || !last.containsKey(c)) {
                checks.add(new Check("RSS of " + c + " measured", false, "no samples after the warm-up or at the end"));
            }
        }

        checks.add(new Check("0 errors", errors == 0, errors + " failed calls"));

        int firstMinute = (int) Math.ceil(warmupSeconds / 60.0);
        table.append("latency (ms) per minute after the warm-up: calls p50/p99\n");
        for (var e : new TreeMap<>(latencies).entrySet()) {
            List<Histogram> minutes = e.getValue();
            // the last minute is partial (the run ends inside it) unless the run ended on the minute
            int lastFull = minutes.size() - 1;
            List<Histogram> measured = firstMinute < lastFull ? minutes.subList(firstMinute, lastFull) : List.of();
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-22s", e.getKey()));
            for (Histogram h : measured) {
                row.append(String.format(
                        Locale.ROOT,
                        " %d:%.0f/%.0f",
                        h.getTotalCount(),
                        h.getValueAtPercentile(50) / 1000.0,
                        h.getValueAtPercentile(99) / 1000.0));
            }
            table.append(row).append('\n');
            if (measured.size() < 3) {
                checks.add(new Check("p99 of " + e.getKey() + " steady", false, "fewer than 3 measured minutes"));
                continue;
            }
            int third = measured.size() / 3;
            double early = p99(measured.subList(0, third));
            double late = p99(measured.subList(measured.size() - third, measured.size()));
            checks.add(new Check(
                    "p99 of " + e.getKey() + " steady (last third <= " + MAX_P99_RATIO + " x first third)",
                    late <= MAX_P99_RATIO * early,
                    String.format(Locale.ROOT, "%.1f -> %.1f ms (x %.2f)", early / 1000, late / 1000, late / early)));
        }
        return new Result(checks, table.toString());
    }

    private static Map<String, List<Long>> rssIn(List<Sampler.Sample> samples, double from, double to) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (Sampler.Sample s : samples) {
            if (s.atSeconds() >= from && s.atSeconds() < to) {
                s.rssKib().forEach((c, kib) -> {
                    if (kib > 0) {
                        out.computeIfAbsent(c, k -> new ArrayList<>()).add(kib);
                    }
                });
            }
        }
        return out;
    }

    static double median(List<Long> values) {
        List<Long> v = new ArrayList<>(values);
        v.sort(null);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2.0;
    }

    private static double p99(List<Histogram> minutes) {
        Histogram all = new Histogram(OpenLoop.MAX_MICROS, 3);
        minutes.forEach(all::add);
        return Math.max(1, all.getValueAtPercentile(99));
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f %%", v * 100);
    }
}

package dev.verdict.judge.score;

import dev.verdict.judge.classify.MetricLabel;
import dev.verdict.judge.config.Thresholds;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The third stage, Kayenta's weighted-sum scorer and threshold classifier. Muted metrics are left out of everything.
 *
 * <ol>
 *   <li>A critical failure anywhere: score 0, reason "Canary Failed: " and that metric's reason.
 *   <li>Half or more of the metrics Nodata: score 0, inconclusive.
 *   <li>Otherwise per group 100 x Pass / (Pass + High + Low + NodataFailMetric) (Nodata and Error do not count);
 *       groups without a weight share what the weights leave of 100 equally; weights are percentages, not normalized;
 *       a group with nothing judged counts as 100. The sum is rounded half-up to two decimals.
 *   <li>Pass at or above {@code pass}, Marginal at or above {@code marginal}, else Fail.
 * </ol>
 * Groups are listed in the order they first appear in the metrics (Kayenta's order is a hash order).
 */
public final class Scorer {

    /** A metric as the scorer sees it. */
    public record Judged(
            String name, List<String> groups, MetricLabel label, String reason, boolean critical, boolean muted) {}

    /** The group scores and the summary. */
    public record Result(List<GroupScore> groups, Score score) {}

    private Scorer() {}

    public static Result score(List<Judged> all, Map<String, Double> weights, Thresholds thresholds) {
        List<Judged> scored = all.stream().filter(j -> !j.muted()).toList();
        Map<String, int[]> counts = new LinkedHashMap<>(); // group -> {pass, total}
        for (Judged j : scored) {
            for (String g : j.groups()) {
                int[] c = counts.computeIfAbsent(g, k -> new int[2]);
                if (j.label() == MetricLabel.PASS) {
                    c[0]++;
                }
                if (j.label() != MetricLabel.NODATA && j.label() != MetricLabel.ERROR) {
                    c[1]++;
                }
            }
        }
        double weighted =
                weights.values().stream().mapToDouble(Double::doubleValue).sum();
        long unweighted =
                counts.keySet().stream().filter(g -> !weights.containsKey(g)).count();
        double fill = unweighted == 0 ? 0 : (100 - weighted) / unweighted;
        List<GroupScore> groups = new ArrayList<>();
        double total = 0;
        for (var e : counts.entrySet()) {
            int[] c = e.getValue();
            boolean noData = c[1] == 0;
            double s = noData ? 0 : 100.0 * c[0] / c[1];
            double w = weights.getOrDefault(e.getKey(), fill);
            groups.add(new GroupScore(e.getKey(), s, noData, w));
            total += (noData ? 100 : s) * w / 100;
        }
        Judged critical = scored.stream()
                .filter(j -> j.critical() && j.label() != MetricLabel.PASS)
                .findFirst()
                .orElse(null);
        if (critical != null) {
            return classify(0, "Canary Failed: " + critical.reason(), false, groups, thresholds);
        }
        long nodata =
                scored.stream().filter(j -> j.label() == MetricLabel.NODATA).count();
        if (!scored.isEmpty() && 100.0 * nodata / scored.size() >= 50) {
            return classify(
                    0,
                    "Canary Failed: 50% or more metrics returned NODATA (" + nodata + " of " + scored.size() + ")",
                    true,
                    groups,
                    thresholds);
        }
        double rounded =
                BigDecimal.valueOf(total).setScale(2, RoundingMode.HALF_UP).doubleValue();
        return classify(rounded, reason(rounded, scored, thresholds), false, groups, thresholds);
    }

    /**
     * Kayenta leaves the reason of a plain score empty; here it says where the score lies against the thresholds and
     * which metrics cost it points, so a Fail or a Marginal explains itself.
     */
    static String reason(double score, List<Judged> scored, Thresholds t) {
        List<String> off = scored.stream()
                .filter(j -> j.label() != MetricLabel.PASS)
                .map(j -> j.name() + " " + j.label().label())
                .toList();
        String where = score >= t.pass()
                ? "reaches the pass threshold " + fmt(t.pass())
                : score >= t.marginal()
                        ? "is below the pass threshold " + fmt(t.pass()) + " but reaches the marginal threshold "
                                + fmt(t.marginal())
                        : "is below the marginal threshold " + fmt(t.marginal());
        return "score " + fmt(score) + " " + where + (off.isEmpty() ? "" : "; not Pass: " + String.join(", ", off));
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }

    private static Result classify(
            double score, String reason, boolean inconclusive, List<GroupScore> groups, Thresholds t) {
        Outcome o = score >= t.pass() ? Outcome.PASS : score >= t.marginal() ? Outcome.MARGINAL : Outcome.FAIL;
        return new Result(List.copyOf(groups), new Score(score, o, reason, inconclusive));
    }
}

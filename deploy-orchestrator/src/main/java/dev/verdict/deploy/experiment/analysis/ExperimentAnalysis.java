package dev.verdict.deploy.experiment.analysis;

import dev.verdict.deploy.experiment.model.ExperimentDefinition.Guardrail;
import dev.verdict.stats.cuped.Moments;
import dev.verdict.stats.descriptive.SampleSummary;
import dev.verdict.stats.mean.LiftResult;
import dev.verdict.stats.mean.RelativeLift;
import dev.verdict.stats.multiple.MultipleTesting;
import dev.verdict.stats.sequential.ConfidenceSequence;
import dev.verdict.stats.sequential.SequentialMeanDifference;
import dev.verdict.stats.sequential.SequentialResult;
import dev.verdict.stats.srm.SampleRatioMismatch;
import dev.verdict.stats.srm.SrmResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An experiment phase's analysis from its arms' sufficient statistics (no raw events), all through libs/stats: SRM at
 * p &lt; 0.001 blocks; per metric and treatment the relative lift (delta method), the same on CUPED-adjusted means,
 * an anytime-valid confidence sequence with its always-valid p-value (normal mixture, tuned for
 * {@link Plan#tuningUnits} units per arm, GrowthBook's default parameterisation), Holm and Benjamini-Hochberg across
 * the primary and secondary comparisons with Bonferroni intervals, and guardrails. Pure: the same input gives the
 * same snapshot.
 */
public final class ExperimentAnalysis {

    private ExperimentAnalysis() {}

    /**
     * What the analysis needs of the definition.
     *
     * @param variations  variation keys, control first
     * @param weights     the planned split
     * @param primary     the primary metric
     * @param secondary   the secondary metrics
     * @param guardrails  the guardrails
     * @param alpha       the error rate, e.g. 0.05
     * @param tuningUnits units per arm at which the confidence sequence is tightest
     */
    public record Plan(
            List<String> variations,
            double[] weights,
            String primary,
            List<String> secondary,
            List<Guardrail> guardrails,
            double alpha,
            long tuningUnits) {}

    /**
     * @param arms          per metric, one {@link Moments} per variation (control first); a variation without units
     *                      has n = 0
     * @param previousP     per "metric|variation" the last look's always-valid p-value (absent: 1)
     */
    public static Snapshot analyze(Plan plan, Map<String, Moments[]> arms, Map<String, Double> previousP) {
        int k = plan.variations().size();
        long[] counts = new long[k];
        for (Moments[] m : arms.values()) {
            for (int v = 0; v < k; v++) {
                counts[v] = Math.max(counts[v], m[v].n());
            }
        }
        long total = java.util.Arrays.stream(counts).sum();
        Snapshot.Srm srm;
        if (total == 0) {
            srm = new Snapshot.Srm(plan.variations(), counts, new double[k], 1.0, false);
        } else {
            SrmResult r = SampleRatioMismatch.check(counts, plan.weights());
            srm = new Snapshot.Srm(plan.variations(), counts, r.expected(), r.pValue(), r.mismatch());
        }
        String rule = String.format(
                Locale.ROOT,
                "stop when the primary metric's %.0f%% confidence sequence excludes no change (always-valid p <= %s):"
                        + " it stays valid however often anyone looks; a guardrail whose interval lies beyond its"
                        + " tolerance stops the experiment too; a sample ratio mismatch (p < 0.001) blocks every"
                        + " conclusion until the assignment is fixed",
                (1 - plan.alpha()) * 100,
                plan.alpha());
        List<Snapshot.Comparison> tested = new ArrayList<>();
        List<Snapshot.Comparison> guards = new ArrayList<>();
        List<String> decided = new ArrayList<>();
        decided.add(plan.primary());
        decided.addAll(plan.secondary());
        for (String metric : decided) {
            compare(plan, metric, metric.equals(plan.primary()) ? "primary" : "secondary", arms, previousP, tested);
        }
        for (Guardrail g : plan.guardrails()) {
            compare(plan, g.metric(), "guardrail", arms, previousP, guards);
        }
        tested = adjust(plan, tested, arms);
        guards = guards.stream().map(c -> guard(plan, c)).toList();
        List<Snapshot.Comparison> all = new ArrayList<>(tested);
        all.addAll(guards);
        return new Snapshot(
                status(plan, srm, tested, guards),
                recommendation(plan, srm, tested, guards),
                rule,
                plan.alpha(),
                srm,
                all);
    }

    private static void compare(
            Plan plan,
            String metric,
            String role,
            Map<String, Moments[]> arms,
            Map<String, Double> previousP,
            List<Snapshot.Comparison> out) {
        Moments[] m = arms.get(metric);
        if (m == null || m[0].n() < 2) {
            return;
        }
        for (int v = 1; v < plan.variations().size(); v++) {
            if (m[v].n() < 2) {
                continue;
            }
            SampleSummary rt = m[v].raw();
            SampleSummary rc = m[0].raw();
            if (rc.mean() == 0) {
                continue; // a relative lift needs a control mean
            }
            LiftResult raw = RelativeLift.deltaMethod(rt, rc, 1 - plan.alpha());
            double theta = Moments.theta(m[0], m[v]);
            double mx = Moments.covariateMean(m[0], m[v]);
            SampleSummary at = m[v].adjusted(theta, mx);
            SampleSummary ac = m[0].adjusted(theta, mx);
            LiftResult cuped = ac.mean() == 0 ? raw : RelativeLift.deltaMethod(at, ac, 1 - plan.alpha());
            double rawVar = rt.variance() + rc.variance();
            double reduction = rawVar == 0 ? 0 : 1 - (at.variance() + ac.variance()) / rawVar;
            String key = metric + "|" + plan.variations().get(v);
            Snapshot.Sequential seq = null;
            double target = (at.variance() + ac.variance()) / plan.tuningUnits();
            if (target > 0) {
                ConfidenceSequence cs = ConfidenceSequence.tunedFor(plan.alpha(), target);
                SequentialResult s = SequentialMeanDifference.look(cs, at, ac, previousP.getOrDefault(key, 1.0));
                double scale = Math.abs(ac.mean());
                seq = new Snapshot.Sequential(
                        s.confidenceSequence().lower() / scale,
                        s.confidenceSequence().upper() / scale,
                        s.alwaysValidPValue(),
                        s.significant());
            }
            out.add(new Snapshot.Comparison(
                    metric,
                    role,
                    plan.variations().get(v),
                    rt.n(),
                    rc.n(),
                    rt.mean(),
                    rc.mean(),
                    interval(raw),
                    interval(cuped),
                    theta,
                    reduction,
                    seq,
                    null,
                    null,
                    null,
                    null));
        }
    }

    /** Holm and BH p-values across the comparisons, and the Bonferroni-level CUPED intervals. */
    private static List<Snapshot.Comparison> adjust(
            Plan plan, List<Snapshot.Comparison> tested, Map<String, Moments[]> arms) {
        if (tested.isEmpty()) {
            return tested;
        }
        double[] p = tested.stream().mapToDouble(c -> c.cuped().pValue()).toArray();
        double[] holm = MultipleTesting.holm(p);
        double[] bh = MultipleTesting.benjaminiHochberg(p);
        double level = 1 - plan.alpha() / tested.size();
        List<Snapshot.Comparison> out = new ArrayList<>();
        for (int i = 0; i < tested.size(); i++) {
            Snapshot.Comparison c = tested.get(i);
            Moments[] m = arms.get(c.metric());
            int v = plan.variations().indexOf(c.variation());
            double theta = c.theta();
            double mx = Moments.covariateMean(m[0], m[v]);
            SampleSummary ac = m[0].adjusted(theta, mx);
            LiftResult wide = RelativeLift.deltaMethod(
                    ac.mean() == 0 ? m[v].raw() : m[v].adjusted(theta, mx), ac.mean() == 0 ? m[0].raw() : ac, level);
            out.add(c.adjusted(holm[i], bh[i], interval(wide)));
        }
        return out;
    }

    private static Snapshot.Comparison guard(Plan plan, Snapshot.Comparison c) {
        Guardrail g = plan.guardrails().stream()
                .filter(x -> x.metric().equals(c.metric()))
                .findFirst()
                .orElseThrow();
        double lower =
                c.sequential() == null ? c.cuped().lower() : c.sequential().lower();
        double upper =
                c.sequential() == null ? c.cuped().upper() : c.sequential().upper();
        boolean up = g.badDirection().equals("increase");
        String verdict;
        if (up ? lower > g.tolerance() : upper < -g.tolerance()) {
            verdict = "violated";
        } else if (up ? upper <= g.tolerance() : lower >= -g.tolerance()) {
            verdict = "ok";
        } else {
            verdict = "inconclusive";
        }
        return c.guarded(verdict);
    }

    private static String status(
            Plan plan, Snapshot.Srm srm, List<Snapshot.Comparison> tested, List<Snapshot.Comparison> guards) {
        if (srm.mismatch()) {
            return "blocked";
        }
        if (tested.isEmpty()) {
            return "no-data";
        }
        boolean primaryDone = tested.stream()
                .filter(c -> c.role().equals("primary"))
                .anyMatch(c -> c.sequential() != null && c.sequential().significant());
        boolean guardBroken = guards.stream().anyMatch(c -> "violated".equals(c.guardrail()));
        return primaryDone || guardBroken ? "conclusive" : "running";
    }

    private static String recommendation(
            Plan plan, Snapshot.Srm srm, List<Snapshot.Comparison> tested, List<Snapshot.Comparison> guards) {
        if (srm.mismatch()) {
            return String.format(
                    Locale.ROOT,
                    "blocked: sample ratio mismatch, p = %.2g: observed %s against the planned %s; the assignment or"
                            + " the exposure logging is broken, no result can be trusted",
                    srm.pValue(),
                    java.util.Arrays.toString(srm.observed()),
                    java.util.Arrays.toString(plan.weights()));
        }
        for (Snapshot.Comparison g : guards) {
            if ("violated".equals(g.guardrail())) {
                return String.format(
                        Locale.ROOT,
                        "stop: guardrail %s violated by %s (change %+.2f%%, interval [%+.2f%%, %+.2f%%])",
                        g.metric(),
                        g.variation(),
                        g.cuped().estimate() * 100,
                        g.sequential() == null
                                ? g.cuped().lower() * 100
                                : g.sequential().lower() * 100,
                        g.sequential() == null
                                ? g.cuped().upper() * 100
                                : g.sequential().upper() * 100);
            }
        }
        for (Snapshot.Comparison c : tested) {
            if (c.role().equals("primary")
                    && c.sequential() != null
                    && c.sequential().significant()) {
                return String.format(
                        Locale.ROOT,
                        "conclusive: %s %s %s by %+.2f%% (confidence sequence [%+.2f%%, %+.2f%%], always-valid p ="
                                + " %.2g)",
                        c.variation(),
                        c.cuped().estimate() > 0 ? "raises" : "lowers",
                        c.metric(),
                        c.cuped().estimate() * 100,
                        c.sequential().lower() * 100,
                        c.sequential().upper() * 100,
                        c.sequential().alwaysValidP());
            }
        }
        if (tested.isEmpty()) {
            return "no data yet: the primary metric needs at least 2 units per arm and a non-zero control mean";
        }
        Snapshot.Comparison p = tested.get(0);
        return String.format(
                Locale.ROOT,
                "keep running: %s on %s is %+.2f%% so far, but the confidence sequence [%+.2f%%, %+.2f%%] still"
                        + " includes no change",
                p.metric(),
                p.variation(),
                p.cuped().estimate() * 100,
                p.sequential() == null ? Double.NaN : p.sequential().lower() * 100,
                p.sequential() == null ? Double.NaN : p.sequential().upper() * 100);
    }

    private static Snapshot.Interval interval(LiftResult r) {
        return new Snapshot.Interval(
                r.estimate(),
                r.confidenceInterval().lower(),
                r.confidenceInterval().upper(),
                r.confidenceInterval().level(),
                r.pValue());
    }
}

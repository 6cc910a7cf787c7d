package dev.verdict.deploy.experiment.analysis;

import dev.verdict.deploy.experiment.model.ExperimentDefinition.Guardrail;
import dev.verdict.stats.cuped.Moments;
import dev.verdict.stats.descriptive.SampleSummary;
import dev.verdict.stats.mean.LiftResult;
import dev.verdict.stats.mean.RelativeLift;
import dev.verdict.stats.multiple.MultipleTesting;
import dev.verdict.stats.sequential.AlphaSpending;
import dev.verdict.stats.sequential.ConfidenceSequence;
import dev.verdict.stats.sequential.GroupSequentialDesign;
import dev.verdict.stats.sequential.SequentialMeanDifference;
import dev.verdict.stats.sequential.SequentialResult;
import dev.verdict.stats.srm.SampleRatioMismatch;
import dev.verdict.stats.srm.SrmResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An experiment phase's analysis from its arms' sufficient statistics (no raw events), all through libs/stats: SRM at
 * p &lt; 0.001 blocks; per metric and treatment the relative lift (delta method), the same on CUPED-adjusted means,
 * the sequential test of ADR-0007 (O'Brien-Fleming-type alpha spending over {@link Plan#plannedUnits} units per arm,
 * joined by a normal-mixture confidence sequence that holds at every look), Holm and Benjamini-Hochberg across the
 * primary and secondary comparisons with Bonferroni intervals, and guardrails. Pure: the same input gives the same
 * snapshot (the group-sequential boundaries are memoized, which changes no result).
 */
public final class ExperimentAnalysis {

    /** The share of alpha the confidence sequence gets; the group-sequential looks spend the rest. */
    static final double CONFIDENCE_SEQUENCE_SHARE = 0.1;

    /**
     * A snapshot is a group-sequential look only once the information grew by this fraction of the plan since the
     * previous look (or reached the plan): it caps the looks near 100, so each boundary stays cheap to compute. The
     * rule depends on unit counts only, never on the data, as alpha spending requires.
     */
    static final double MIN_LOOK_SPACING = 0.01;

    static final AlphaSpending SPENDING = AlphaSpending.OBRIEN_FLEMING;

    private record DesignKey(double alpha, List<Double> looks) {}

    // boundaries depend on the looks so far alone; each snapshot adds one look, so the previous design is reused
    private static final Map<DesignKey, GroupSequentialDesign> DESIGNS =
            Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<DesignKey, GroupSequentialDesign> eldest) {
                    return size() > 1024;
                }
            });

    private ExperimentAnalysis() {}

    /**
     * What the analysis needs of the definition.
     *
     * @param variations  variation keys, control first
     * @param weights     the planned split
     * @param primary     the primary metric
     * @param secondary   the secondary metrics
     * @param guardrails  the guardrails
     * @param alpha        the error rate, e.g. 0.05
     * @param plannedUnits the planned units per arm (for an unequal split, the balanced size of the same
     *                     information, 2 n_T n_C / (n_T + n_C)): the group-sequential test spends its alpha up to it,
     *                     and the confidence sequence is tightest there
     */
    public record Plan(
            List<String> variations,
            double[] weights,
            String primary,
            List<String> secondary,
            List<Guardrail> guardrails,
            double alpha,
            long plannedUnits) {

        public Plan {
            if (plannedUnits < 2) {
                throw new IllegalArgumentException("plannedUnits must be >= 2 units per arm, was " + plannedUnits);
            }
        }
    }

    /**
     * @param arms          per metric, one {@link Moments} per variation (control first); a variation without units
     *                      has n = 0
     * @param previous      per "metric|variation" the previous snapshot's sequential state of the same phase (absent:
     *                      this is the first look)
     */
    public static Snapshot analyze(Plan plan, Map<String, Moments[]> arms, Map<String, Snapshot.Sequential> previous) {
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
        double csAlpha = plan.alpha() * CONFIDENCE_SEQUENCE_SHARE;
        String rule = String.format(
                Locale.ROOT,
                "stop at the first look where the primary metric's sequential interval excludes no change, which"
                        + " happens when either boundary is crossed: up to the planned %d units per arm, a look (a"
                        + " snapshot once the units grew by %.0f%% of the plan since the previous look) stops when"
                        + " |z| reaches its O'Brien-Fleming-type alpha-spending boundary (very high early, about 2"
                        + " at the planned size; %s spent in all); at"
                        + " any look, also past the planned size, it stops when the %s-level confidence sequence"
                        + " excludes no change (always-valid p <= %s); together at most %s of experiments without"
                        + " an effect stop, however often anyone looks; a guardrail whose interval lies beyond its"
                        + " tolerance stops the experiment too; a sample ratio mismatch (p < 0.001) blocks every"
                        + " conclusion until the assignment is fixed",
                plan.plannedUnits(),
                MIN_LOOK_SPACING * 100,
                percent(plan.alpha() - csAlpha),
                percent(csAlpha),
                number(csAlpha),
                percent(plan.alpha()));
        List<Snapshot.Comparison> tested = new ArrayList<>();
        List<Snapshot.Comparison> guards = new ArrayList<>();
        List<String> decided = new ArrayList<>();
        decided.add(plan.primary());
        decided.addAll(plan.secondary());
        for (String metric : decided) {
            compare(plan, metric, metric.equals(plan.primary()) ? "primary" : "secondary", arms, previous, tested);
        }
        for (Guardrail g : plan.guardrails()) {
            compare(plan, g.metric(), "guardrail", arms, previous, guards);
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
            Map<String, Snapshot.Sequential> previous,
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
            Snapshot.Sequential seq = ac.mean() == 0 ? null : sequential(plan, at, ac, previous.get(key));
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

    /**
     * One look of the sequential test: the confidence sequence at every snapshot, the group-sequential boundary at a
     * snapshot that counts as a look; the interval is the narrower of the two around the estimate, intersected with
     * the previous looks' interval, so it excludes no change exactly when one of them did at this look or earlier. Both hold simultaneously over the looks with probability 1 - alpha
     * (Bonferroni over the two parts), so their intersection does too.
     */
    private static Snapshot.Sequential sequential(
            Plan plan, SampleSummary at, SampleSummary ac, Snapshot.Sequential previous) {
        double unitVariance = at.variance() + ac.variance();
        if (!(unitVariance > 0)) {
            return null;
        }
        // a snapshot written before ADR-0007 carries no looks: its p-value belonged to another sequence, start anew
        boolean first = previous == null || previous.looks() == null;
        double csAlpha = plan.alpha() * CONFIDENCE_SEQUENCE_SHARE;
        ConfidenceSequence cs = ConfidenceSequence.tunedFor(csAlpha, unitVariance / plan.plannedUnits());
        SequentialResult s = SequentialMeanDifference.look(cs, at, ac, first ? 1.0 : previous.alwaysValidP());
        double v = s.estimatorVariance();
        double z = s.estimate() / Math.sqrt(v);
        double t = 2.0 * at.n() * ac.n() / ((double) plan.plannedUnits() * (at.n() + ac.n()));
        List<Double> looks = first ? List.of() : previous.looks();
        double last = looks.isEmpty() ? 0 : looks.get(looks.size() - 1);
        double spent = first ? 0 : previous.alphaSpent();
        double half = cs.halfWidth(v);
        Double boundary = null;
        boolean crossed = false;
        // the tolerance keeps 1,050 of 5,000 units a look after 1,000 (0.21 - 0.2 is 0.00999... in binary)
        if (last < 1 && (t - last >= MIN_LOOK_SPACING - 1e-12 || t >= 1)) {
            List<Double> now = new ArrayList<>(looks);
            now.add(t);
            GroupSequentialDesign d = design(plan.alpha() - csAlpha, now);
            double c = d.boundary();
            spent = d.cumulativeSpent()[d.looks() - 1];
            looks = List.copyOf(now);
            half = Math.min(half, c * Math.sqrt(v));
            crossed = Math.abs(z) >= c;
            // +Infinity (nothing to spend this early) stays out of the JSON: no boundary to show
            boundary = Double.isInfinite(c) ? null : c;
        }
        SequentialBoundary decidedBy;
        if (!first && previous.significant()) {
            decidedBy = previous.decidedBy();
        } else if (crossed) {
            decidedBy = SequentialBoundary.GROUP_SEQUENTIAL;
        } else if (s.significant()) {
            decidedBy = SequentialBoundary.CONFIDENCE_SEQUENCE;
        } else {
            decidedBy = null;
        }
        double scale = Math.abs(ac.mean());
        double lower = (s.estimate() - half) / scale;
        double upper = (s.estimate() + half) / scale;
        // the intervals of all looks hold together, so their running intersection does too (Howard et al. 2021,
        // sec. 3): without it a later, wider look could show an interval holding no change while the running-minimum
        // p-value (and the decision taken on it) says an earlier look excluded it. Earlier bounds are relative to
        // their own control mean, a small approximation while that mean settles. An empty intersection (a chance of
        // at most alpha if the model holds) means the data contradicts an earlier look: this look's interval stands.
        if (!first && Math.max(lower, previous.lower()) <= Math.min(upper, previous.upper())) {
            lower = Math.max(lower, previous.lower());
            upper = Math.min(upper, previous.upper());
        }
        return new Snapshot.Sequential(
                lower, upper, s.alwaysValidPValue(), decidedBy != null, decidedBy, z, t, boundary, spent, looks);
    }

    /** The design after the given looks, from the one after all but the last when it was computed before. */
    private static GroupSequentialDesign design(double alpha, List<Double> looks) {
        DesignKey key = new DesignKey(alpha, List.copyOf(looks));
        GroupSequentialDesign d = DESIGNS.get(key);
        if (d == null) {
            d = looks.size() == 1
                    ? GroupSequentialDesign.lanDeMets(SPENDING, alpha)
                    : design(alpha, looks.subList(0, looks.size() - 1));
            d = d.look(looks.get(looks.size() - 1));
            DESIGNS.put(key, d);
        }
        return d;
    }

    private static String percent(double p) {
        return number(p * 100) + "%";
    }

    /** Four significant digits, no trailing zeros: 0.045 reads as 0.045, not 0.045000000000000005. */
    private static String number(double x) {
        return new java.math.BigDecimal(x)
                .round(new java.math.MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
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
                        "conclusive: %s %s %s by %+.2f%% (sequential interval [%+.2f%%, %+.2f%%]); %s",
                        c.variation(),
                        c.cuped().estimate() > 0 ? "raises" : "lowers",
                        c.metric(),
                        c.cuped().estimate() * 100,
                        c.sequential().lower() * 100,
                        c.sequential().upper() * 100,
                        decision(plan, c.sequential()));
            }
        }
        if (tested.isEmpty()) {
            return "no data yet: the primary metric needs at least 2 units per arm and a non-zero control mean";
        }
        Snapshot.Comparison p = tested.get(0);
        return String.format(
                Locale.ROOT,
                "keep running: %s on %s is %+.2f%% so far, but the sequential interval [%+.2f%%, %+.2f%%] still"
                        + " includes no change%s",
                p.metric(),
                p.variation(),
                p.cuped().estimate() * 100,
                p.sequential() == null ? Double.NaN : p.sequential().lower() * 100,
                p.sequential() == null ? Double.NaN : p.sequential().upper() * 100,
                p.sequential() == null ? "" : "; " + progress(plan, p.sequential()));
    }

    /** Which boundary decided, with its numbers. */
    private static String decision(Plan plan, Snapshot.Sequential s) {
        double csAlpha = plan.alpha() * CONFIDENCE_SEQUENCE_SHARE;
        if (s.decidedBy() == SequentialBoundary.CONFIDENCE_SEQUENCE) {
            return String.format(
                    Locale.ROOT,
                    "the confidence sequence decided: always-valid p = %.2g <= %s",
                    s.alwaysValidP(),
                    number(csAlpha));
        }
        if (s.boundary() != null && Math.abs(s.z()) >= s.boundary()) {
            return String.format(
                    Locale.ROOT,
                    "the group-sequential boundary decided: |z| = %.2f >= %.2f at %.0f%% of the planned %d units per"
                            + " arm (look %d; the looks so far spent %s of the %s they may)",
                    Math.abs(s.z()),
                    s.boundary(),
                    s.informationFraction() * 100,
                    plan.plannedUnits(),
                    s.looks().size(),
                    number(s.alphaSpent()),
                    number(plan.alpha() - csAlpha));
        }
        return String.format(
                Locale.ROOT,
                "the group-sequential boundary decided at an earlier look (of %d so far); stopping then was safe",
                s.looks() == null ? 0 : s.looks().size());
    }

    /** How far the sequential test is: the boundary this look needed, or why there was none. */
    private static String progress(Plan plan, Snapshot.Sequential s) {
        if (s.boundary() != null && !s.boundary().isInfinite()) {
            return String.format(
                    Locale.ROOT,
                    "|z| = %.2f, the group-sequential boundary at %.0f%% of the planned %d units per arm is %.2f",
                    Math.abs(s.z()),
                    s.informationFraction() * 100,
                    plan.plannedUnits(),
                    s.boundary());
        }
        if (s.informationFraction() >= 1) {
            return String.format(
                    Locale.ROOT,
                    "past the planned %d units per arm only the confidence sequence can stop it (always-valid p ="
                            + " %.2g, needs <= %s)",
                    plan.plannedUnits(),
                    s.alwaysValidP(),
                    number(plan.alpha() * CONFIDENCE_SEQUENCE_SHARE));
        }
        return String.format(
                Locale.ROOT,
                "|z| = %.2f at %.0f%% of the planned %d units per arm (always-valid p = %.2g)",
                Math.abs(s.z()),
                s.informationFraction() * 100,
                plan.plannedUnits(),
                s.alwaysValidP());
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

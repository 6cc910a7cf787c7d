package dev.verdict.decisions.criteria.evaluate;

import dev.verdict.decisions.criteria.grammar.Criterion;
import dev.verdict.decisions.criteria.grammar.Statistic;
import dev.verdict.decisions.evidence.model.Evidence;
import dev.verdict.decisions.evidence.model.QualityGate;
import dev.verdict.decisions.evidence.model.StatisticalResult;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Evaluates a decision's fitness criteria against its evidence. A pure function of (criteria, evidence, now): the
 * same input gives the same result and the same words.
 *
 * <p>Per criterion: the matching evidence is the current items (not superseded by another item) of the criterion's
 * kind and metric, and comparison if it names one. The deciding item is the newest (by end of its time window)
 * usable one, where usable means enough samples, gates passed if required, and the statistic present. No usable item
 * → INCONCLUSIVE; the deciding item older than max-age → STALE; otherwise the comparison decides SATISFIED or
 * VIOLATED, except that a bound of an interval that fails while the other bound passes is INCONCLUSIVE: the interval
 * cannot tell yet (ADR-0005).
 *
 * <p>The decision: CONTRADICTED if any criterion is violated, else INCONCLUSIVE if any is inconclusive (or there are
 * no criteria), else STALE if any is stale, else SUPPORTED.
 */
public final class CriteriaEvaluator {

    private static final Comparator<Evidence> NEWEST_FIRST = Comparator.comparing(Evidence::observedAt)
            .thenComparing(Evidence::recordedAt)
            .thenComparing(e -> e.id().toString())
            .reversed();

    private CriteriaEvaluator() {}

    public static Evaluation evaluate(List<Criterion> criteria, Collection<Evidence> evidence, Instant now) {
        Set<UUID> superseded = new HashSet<>();
        for (Evidence e : evidence) {
            if (e.supersedes() != null) {
                superseded.add(e.supersedes());
            }
        }
        List<Evidence> current = evidence.stream()
                .filter(e -> !superseded.contains(e.id()))
                .sorted(NEWEST_FIRST)
                .toList();
        List<CriterionResult> results = new ArrayList<>();
        for (Criterion c : criteria) {
            results.add(evaluate(c, current, now));
        }
        if (criteria.isEmpty()) {
            return new Evaluation(
                    EvidenceStatus.INCONCLUSIVE,
                    results,
                    "Inconclusive: the decision declares no fitness criteria.",
                    now);
        }
        EvidenceStatus status;
        CriterionOutcome deciding;
        if (has(results, CriterionOutcome.VIOLATED)) {
            status = EvidenceStatus.CONTRADICTED;
            deciding = CriterionOutcome.VIOLATED;
        } else if (has(results, CriterionOutcome.INCONCLUSIVE)) {
            status = EvidenceStatus.INCONCLUSIVE;
            deciding = CriterionOutcome.INCONCLUSIVE;
        } else if (has(results, CriterionOutcome.STALE)) {
            status = EvidenceStatus.STALE;
            deciding = CriterionOutcome.STALE;
        } else {
            status = EvidenceStatus.SUPPORTED;
            deciding = CriterionOutcome.SATISFIED;
        }
        String lead = switch (status) {
            case SUPPORTED -> "Supported: all " + results.size() + " criteria are satisfied by current evidence.";
            case CONTRADICTED ->
                "Contradicted: " + count(results, deciding) + " of " + results.size() + " criteria violated.";
            case INCONCLUSIVE ->
                "Inconclusive: " + count(results, deciding) + " of " + results.size()
                        + " criteria are not decided by current evidence.";
            case STALE ->
                "Stale: " + count(results, deciding) + " of " + results.size()
                        + " criteria rest on evidence older than allowed.";
        };
        String detail = results.stream()
                .filter(r -> r.outcome() == deciding)
                .map(r -> r.criterion().label() + ": " + r.explanation())
                .collect(Collectors.joining(" "));
        return new Evaluation(status, results, lead + " " + detail, now);
    }

    private static boolean has(List<CriterionResult> results, CriterionOutcome o) {
        return results.stream().anyMatch(r -> r.outcome() == o);
    }

    private static long count(List<CriterionResult> results, CriterionOutcome o) {
        return results.stream().filter(r -> r.outcome() == o).count();
    }

    static CriterionResult evaluate(Criterion c, List<Evidence> newestFirst, Instant now) {
        List<Evidence> matching =
                newestFirst.stream().filter(e -> matches(c, e)).toList();
        String what = c.kind().label() + " evidence for \"" + c.metric() + "\""
                + (c.comparison() == null ? "" : " " + c.comparison());
        if (matching.isEmpty()) {
            return new CriterionResult(c, CriterionOutcome.INCONCLUSIVE, null, null, 0, "no " + what + ".");
        }
        Evidence usable = null;
        List<String> skipped = new ArrayList<>();
        for (Evidence e : matching) {
            String reason = unusable(c, e);
            if (reason == null) {
                usable = e;
                break;
            }
            skipped.add(e.id() + " (" + reason + ")");
        }
        if (usable == null) {
            return new CriterionResult(
                    c,
                    CriterionOutcome.INCONCLUSIVE,
                    null,
                    null,
                    matching.size(),
                    "none of " + matching.size() + " " + what + " is usable: " + String.join("; ", skipped) + ".");
        }
        String skippedNote = skipped.isEmpty() ? "" : " Newer but unusable: " + String.join("; ", skipped) + ".";
        if (c.statistic() == Statistic.EQUIVALENT) {
            return equivalence(c, usable, matching.size(), now, skippedNote);
        }
        String observed = observed(c.statistic(), usable.result());
        boolean ok = compare(c, usable.result());
        String comparison = c.statistic().label() + " = " + observed + (ok ? " satisfies " : " violates ")
                + c.comparator().symbol() + " " + c.threshold();
        CriterionResult stale = stale(c, usable, observed, matching.size(), now, "its " + comparison, skippedNote);
        if (stale != null) {
            return stale;
        }
        if (!ok && otherBoundSatisfies(c, usable.result())) {
            // the interval holds values on both sides of the threshold: it does not show the opposite either
            Statistic other = c.statistic() == Statistic.CI_LOWER ? Statistic.CI_UPPER : Statistic.CI_LOWER;
            return new CriterionResult(
                    c,
                    CriterionOutcome.INCONCLUSIVE,
                    usable.id(),
                    observed,
                    matching.size(),
                    "evidence " + usable.id() + ": " + c.statistic().label() + " = " + observed + " does not satisfy "
                            + c.comparator().symbol() + " " + c.threshold() + ", but " + other.label() + " = "
                            + observed(other, usable.result()) + " does: the interval holds values on both sides of "
                            + c.threshold() + ", so it cannot tell yet." + skippedNote);
        }
        return new CriterionResult(
                c,
                ok ? CriterionOutcome.SATISFIED : CriterionOutcome.VIOLATED,
                usable.id(),
                observed,
                matching.size(),
                "evidence " + usable.id() + ": " + comparison + "." + skippedNote);
    }

    /** STALE when the deciding evidence ended longer ago than the criterion's max-age, else null. */
    private static CriterionResult stale(
            Criterion c, Evidence usable, String observed, int matching, Instant now, String what, String skippedNote) {
        if (c.maxAge() == null) {
            return null;
        }
        Duration age = Duration.between(usable.observedAt(), now);
        if (age.compareTo(c.maxAge().toDuration()) <= 0) {
            return null;
        }
        return new CriterionResult(
                c,
                CriterionOutcome.STALE,
                usable.id(),
                observed,
                matching,
                "newest usable evidence " + usable.id() + " ended " + usable.observedAt() + ", " + humanAge(age)
                        + " ago, older than max-age " + c.maxAge() + " (" + what + ")." + skippedNote);
    }

    /**
     * {@code equivalent within m}: satisfied when the whole interval lies inside the equivalence region (for a ratio
     * (1/(1+m), 1+m), otherwise (-m, m)), violated only when the whole interval lies outside it (ADR-0005), else
     * inconclusive: the interval holds values both inside and outside the margin.
     */
    private static CriterionResult equivalence(
            Criterion c, Evidence usable, int matching, Instant now, String skippedNote) {
        StatisticalResult r = usable.result();
        double m = c.numericThreshold().doubleValue();
        boolean ratio = c.comparison() != null && c.comparison().startsWith("ratio(")
                || c.comparison() == null
                        && usable.comparison() != null
                        && usable.comparison().startsWith("ratio(");
        double lo = ratio ? 1 / (1 + m) : -m;
        double hi = ratio ? 1 + m : m;
        String observed = observed(Statistic.EQUIVALENT, r);
        String region = "(" + format(lo) + ", " + format(hi) + ")";
        CriterionOutcome outcome;
        String words;
        if (r.ciLower() > lo && r.ciUpper() < hi) {
            outcome = CriterionOutcome.SATISFIED;
            words = "lies within the equivalence region " + region;
        } else if (r.ciUpper() <= lo || r.ciLower() >= hi) {
            outcome = CriterionOutcome.VIOLATED;
            words = "lies wholly outside the equivalence region " + region;
        } else {
            outcome = CriterionOutcome.INCONCLUSIVE;
            words = "holds values inside and outside the equivalence region " + region + ", so it cannot tell yet";
        }
        CriterionResult stale =
                stale(c, usable, observed, matching, now, "its interval " + observed + " " + words, skippedNote);
        if (stale != null) {
            return stale;
        }
        return new CriterionResult(
                c,
                outcome,
                usable.id(),
                observed,
                matching,
                "evidence " + usable.id() + ": the interval " + observed + " " + words + " of equivalent within "
                        + c.threshold() + "." + skippedNote);
    }

    /**
     * For a criterion on one bound of an interval that the bound fails: whether the other bound passes (ADR-0005).
     * Then the interval is compatible with both outcomes, and the criterion is inconclusive, not violated; it is
     * violated only when the whole interval fails it. A result without the other bound keeps the bound's verdict.
     */
    private static boolean otherBoundSatisfies(Criterion c, StatisticalResult r) {
        if (c.statistic() != Statistic.CI_LOWER && c.statistic() != Statistic.CI_UPPER) {
            return false;
        }
        Statistic other = c.statistic() == Statistic.CI_LOWER ? Statistic.CI_UPPER : Statistic.CI_LOWER;
        return value(other, r) != null && compare(c, other, r);
    }

    static boolean matches(Criterion c, Evidence e) {
        return e.kind() == c.kind()
                && e.metric().equals(c.metric())
                && (c.comparison() == null || c.comparison().equals(e.comparison()));
    }

    /** True if {@code e} matches {@code c} and could decide it (enough samples, gates, statistic present). */
    public static boolean usable(Criterion c, Evidence e) {
        return matches(c, e) && unusable(c, e) == null;
    }

    private static String unusable(Criterion c, Evidence e) {
        if (c.requireGates() && !e.gatesPassed()) {
            return "quality gates failed: "
                    + e.gates().stream()
                            .filter(g -> !g.passed())
                            .map(QualityGate::name)
                            .collect(Collectors.joining(", "));
        }
        StatisticalResult r = e.result();
        if (c.minSamples() != null) {
            Long n = r == null ? null : r.sampleSize();
            if (n == null) {
                return "sample size unknown, min-samples " + c.minSamples();
            }
            if (n < c.minSamples()) {
                return "n = " + n + " < " + c.minSamples();
            }
        }
        if (r == null || value(c.statistic(), r) == null) {
            return "no " + c.statistic().label() + " in its result";
        }
        return null;
    }

    private static Object value(Statistic s, StatisticalResult r) {
        return switch (s) {
            case ESTIMATE -> r.estimate();
            case CI_LOWER -> r.ciLower();
            case CI_UPPER -> r.ciUpper();
            case P_VALUE -> r.pValue();
            case CLASSIFICATION -> r.classification();
            case EQUIVALENT -> r.ciLower() == null || r.ciUpper() == null ? null : r.ciLower();
        };
    }

    private static boolean compare(Criterion c, StatisticalResult r) {
        return compare(c, c.statistic(), r);
    }

    /** {@code c}'s comparison applied to statistic {@code s} of {@code r}. */
    private static boolean compare(Criterion c, Statistic s, StatisticalResult r) {
        Object v = value(s, r);
        if (s == Statistic.CLASSIFICATION) {
            boolean equal = ((String) v).equalsIgnoreCase(c.threshold());
            return c.comparator() == dev.verdict.decisions.criteria.grammar.Comparator.EQ ? equal : !equal;
        }
        double d = (Double) v;
        int cmp;
        if (Double.isInfinite(d)) {
            cmp = d > 0 ? 1 : -1;
        } else {
            cmp = new BigDecimal(d).compareTo(c.numericThreshold());
        }
        return c.comparator().test(cmp);
    }

    private static String observed(Statistic s, StatisticalResult r) {
        if (s == Statistic.EQUIVALENT) {
            return "[" + format(r.ciLower()) + ", " + format(r.ciUpper()) + "]";
        }
        Object v = value(s, r);
        if (v instanceof Double d) {
            return format(d);
        }
        return String.valueOf(v);
    }

    /** Six significant digits, exact decimal rounding so the words do not depend on the JDK. */
    static String format(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return "0";
        }
        BigDecimal b = new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros();
        return Math.abs(d) >= 1e-4 && Math.abs(d) < 1e9 ? b.toPlainString() : b.toString();
    }

    private static String humanAge(Duration age) {
        long days = age.toDays();
        if (days >= 2) {
            return days + " days";
        }
        long hours = age.toHours();
        return hours >= 1 ? hours + " hours" : age.toMinutes() + " minutes";
    }
}

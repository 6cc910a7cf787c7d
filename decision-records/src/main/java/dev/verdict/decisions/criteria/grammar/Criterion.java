package dev.verdict.decisions.criteria.grammar;

import dev.verdict.decisions.shared.EvidenceKind;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * A fitness criterion of a decision: which evidence counts (kind, metric, optional comparison), which statistic of
 * its result is compared with which threshold, and what makes the evidence usable (minimum sample size, quality
 * gates, maximum age). The canonical form is the structured one in a decision's front matter;
 * {@link CriterionSyntax} reads and writes the one-line text form.
 *
 * @param id          optional short name, unique within the decision ({@code [a-z0-9][a-z0-9-]*})
 * @param comparison  optional, {@code ratio(candidate/baseline)}, {@code diff(…)} or {@code lift(…)}; evidence
 *                    matches only if it carries the same comparison
 * @param threshold   a decimal number for numeric statistics, a label (e.g. {@code High}) for classification
 * @param minSamples  optional minimum sample size (the smaller of the compared groups) of usable evidence
 * @param maxAge      optional: the deciding evidence must have ended within this age, else the criterion is stale
 */
public record Criterion(
        String id,
        EvidenceKind kind,
        String metric,
        String comparison,
        Statistic statistic,
        Comparator comparator,
        String threshold,
        Integer minSamples,
        boolean requireGates,
        MaxAge maxAge) {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    static final Pattern METRIC = Pattern.compile("[^\"\\s\\\\][^\"\\\\\\n\\r\\t]{0,199}");
    static final Pattern COMPARISON = Pattern.compile("(ratio|diff|lift)\\(([^/()\\s]+)/([^/()\\s]+)\\)");
    static final Pattern LABEL = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    static final Pattern MARGIN = Pattern.compile("\\d+(\\.\\d+)?%?");

    public Criterion {
        if (id != null && !ID.matcher(id).matches()) {
            throw new CriterionException("id", "id must be lower-case letters, digits and '-', was '" + id + "'");
        }
        if (kind == null) {
            throw new CriterionException("kind", "kind is required");
        }
        if (metric == null || metric.isBlank() || !METRIC.matcher(metric).matches() || !metric.equals(metric.strip())) {
            throw new CriterionException(
                    "metric",
                    "metric is required: a name without quotes, backslashes or" + " line breaks, was '" + metric + "'");
        }
        if (comparison != null && !COMPARISON.matcher(comparison).matches()) {
            throw new CriterionException(
                    "comparison",
                    "comparison must look like ratio(candidate/baseline),"
                            + " diff(candidate/baseline) or lift(candidate/baseline), was '" + comparison + "'");
        }
        if (statistic == null) {
            throw new CriterionException("statistic", "statistic is required");
        }
        if (comparator == null) {
            throw new CriterionException("comparator", "comparator is required");
        }
        if (threshold == null || threshold.isBlank()) {
            throw new CriterionException("threshold", "threshold is required");
        }
        if ((statistic == Statistic.EQUIVALENT) != (comparator == Comparator.WITHIN)) {
            throw new CriterionException(
                    "comparator",
                    statistic == Statistic.EQUIVALENT
                            ? "equivalent is compared with 'within' and a margin, e.g. equivalent within 3%"
                            : "'within' compares only the statistic equivalent, e.g. equivalent within 3%");
        }
        if (statistic == Statistic.EQUIVALENT) {
            if (!MARGIN.matcher(threshold).matches() || margin(threshold).signum() <= 0) {
                throw new CriterionException(
                        "threshold",
                        "the margin of equivalent must be a positive percentage such as 3% or a decimal such as 0.03,"
                                + " was '" + threshold + "'");
            }
        } else if (statistic == Statistic.CLASSIFICATION) {
            if (comparator != Comparator.EQ && comparator != Comparator.NE) {
                throw new CriterionException(
                        "comparator",
                        "classification can only be compared with == or !=," + " was " + comparator.symbol());
            }
            if (!LABEL.matcher(threshold).matches()) {
                throw new CriterionException(
                        "threshold",
                        "a classification threshold is a label such as High," + " was '" + threshold + "'");
            }
        } else {
            if (!NUMBER.matcher(threshold).matches()) {
                throw new CriterionException(
                        "threshold",
                        "the threshold of " + statistic.label() + " must be a decimal number such as 0.90, was '"
                                + threshold + "'");
            }
            if (statistic == Statistic.P_VALUE) {
                BigDecimal p = new BigDecimal(threshold);
                if (p.signum() < 0 || p.compareTo(BigDecimal.ONE) > 0) {
                    throw new CriterionException(
                            "threshold", "a p-value threshold must be between 0 and 1, was " + threshold);
                }
            }
        }
        if (minSamples != null && minSamples < 1) {
            throw new CriterionException("min-samples", "min-samples must be at least 1, was " + minSamples);
        }
    }

    public BigDecimal numericThreshold() {
        return statistic == Statistic.EQUIVALENT ? margin(threshold) : new BigDecimal(threshold);
    }

    /** {@code 3%} or {@code 0.03} as 0.03. */
    private static BigDecimal margin(String t) {
        return t.endsWith("%") ? new BigDecimal(t.substring(0, t.length() - 1)).movePointLeft(2) : new BigDecimal(t);
    }

    /** The id if there is one, else the one-line text. */
    public String label() {
        return id != null ? id : CriterionSyntax.format(this);
    }

    public Criterion withId(String newId) {
        return new Criterion(
                newId, kind, metric, comparison, statistic, comparator, threshold, minSamples, requireGates, maxAge);
    }

    @Override
    public String toString() {
        return CriterionSyntax.format(this);
    }
}

package dev.verdict.decisions.evidence.model;

/**
 * The statistical result an evidence item carries, normalized across methods so criteria can address it: the
 * method, the point estimate with its confidence interval, the p-value, the sample sizes of the two compared groups
 * and, for judgements such as canary analysis, a classification label. Any field but the method may be absent.
 * (verdict-stats' result records, e.g. MannWhitneyResult or BootstrapResult, map onto this one.)
 */
public record StatisticalResult(
        String method,
        Double estimate,
        Double ciLower,
        Double ciUpper,
        Double ciLevel,
        Double pValue,
        Long baselineN,
        Long candidateN,
        String classification) {

    public StatisticalResult {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("result.method is required");
        }
        if (estimate != null && (estimate.isNaN() || estimate.isInfinite())) {
            throw new IllegalArgumentException("result.estimate must be a finite number");
        }
        if (ciLower != null && ciLower.isNaN() || ciUpper != null && ciUpper.isNaN()) {
            throw new IllegalArgumentException("result CI bounds must not be NaN");
        }
        if (ciLower != null && ciUpper != null && ciLower > ciUpper) {
            throw new IllegalArgumentException("result CI lower bound " + ciLower + " > upper bound " + ciUpper);
        }
        if (ciLevel != null && !(ciLevel > 0 && ciLevel < 1)) {
            throw new IllegalArgumentException("result.ciLevel must be in (0, 1), was " + ciLevel);
        }
        if (pValue != null && !(pValue >= 0 && pValue <= 1)) {
            throw new IllegalArgumentException("result.pValue must be in [0, 1], was " + pValue);
        }
        if (baselineN != null && baselineN < 0 || candidateN != null && candidateN < 0) {
            throw new IllegalArgumentException("result sample sizes must be >= 0");
        }
    }

    /** The smaller of the two group sizes (what a minimum-sample rule checks), or null if neither is known. */
    public Long sampleSize() {
        if (baselineN == null) {
            return candidateN;
        }
        if (candidateN == null) {
            return baselineN;
        }
        return Math.min(baselineN, candidateN);
    }
}

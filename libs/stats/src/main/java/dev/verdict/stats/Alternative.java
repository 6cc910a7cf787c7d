package dev.verdict.stats;

/**
 * The alternative hypothesis of a test, named as in R ({@code "two.sided"}, {@code "less"}, {@code "greater"}).
 * {@code GREATER} means "the first sample (treatment) is larger than the second (control)".
 */
public enum Alternative {
    TWO_SIDED,
    LESS,
    GREATER
}

package dev.verdict.deploy.experiment.analysis;

/** Which part of the sequential stopping rule excluded no change first. */
public enum SequentialBoundary {
    /** The O'Brien-Fleming-type alpha-spending boundary of a look within the planned sample size. */
    GROUP_SEQUENTIAL,
    /** The normal-mixture confidence sequence, which holds at every look, also past the planned sample size. */
    CONFIDENCE_SEQUENCE
}

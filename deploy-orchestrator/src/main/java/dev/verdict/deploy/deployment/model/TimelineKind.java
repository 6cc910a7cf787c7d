package dev.verdict.deploy.deployment.model;

/** The kinds of a deployment's timeline entries. */
public enum TimelineKind {
    TRIGGERED,
    STARTED,
    READY,
    WEIGHT,
    PAUSED,
    RESUMED,
    ANALYSIS,
    JUDGED,
    PROMOTED,
    ROLLED_BACK,
    ABORTED,
    MANUAL,
    RECOVERED,
    ERROR
}

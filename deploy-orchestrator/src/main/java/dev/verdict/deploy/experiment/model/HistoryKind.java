package dev.verdict.deploy.experiment.model;

/** What an experiment's history line records. */
public enum HistoryKind {
    CREATED,
    UPDATED,
    STARTED,
    PHASE,
    STOPPED,
    CONCLUDED
}

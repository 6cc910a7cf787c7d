package dev.verdict.events;

import java.util.List;

/**
 * Kafka topic names. One topic per area; the {@code .v1} suffix is the topic's contract version (a breaking change
 * of the envelope or of the partitioning key gets a new topic, not a new meaning for this one).
 */
public final class Topics {

    public static final String CATALOG = "verdict.catalog.v1";
    public static final String DEPLOY = "verdict.deploy.v1";
    public static final String EXPERIMENTS = "verdict.experiments.v1";
    public static final String BENCHMARKS = "verdict.benchmarks.v1";
    public static final String TELEMETRY = "verdict.telemetry.v1";
    public static final String DECISIONS = "verdict.decisions.v1";

    /** Every topic above, for tooling that creates or lists them. */
    public static final List<String> ALL = List.of(CATALOG, DEPLOY, EXPERIMENTS, BENCHMARKS, TELEMETRY, DECISIONS);

    private Topics() {}
}

package dev.verdict.events.benchmark;

import dev.verdict.events.EventType;
import dev.verdict.events.Topics;

/** The event types benchmark-harness publishes on {@link Topics#BENCHMARKS}, keyed by subject (catalog entity ref). */
public final class BenchmarkEvents {

    public static final String TOPIC = Topics.BENCHMARKS;

    public static final EventType<ComparisonCompleted> COMPARISON_COMPLETED =
            EventType.of("dev.verdict.benchmark.comparison-completed.v1", ComparisonCompleted.class);

    private BenchmarkEvents() {}
}

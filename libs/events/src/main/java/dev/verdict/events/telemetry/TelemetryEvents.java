package dev.verdict.events.telemetry;

import dev.verdict.events.EventType;
import dev.verdict.events.Topics;

/** Unit-level measurements on {@link Topics#TELEMETRY}, keyed by unit id, as services report them. */
public final class TelemetryEvents {

    public static final String TOPIC = Topics.TELEMETRY;

    public static final EventType<MetricObserved> METRIC_OBSERVED =
            EventType.of("dev.verdict.telemetry.metric-observed.v1", MetricObserved.class);

    private TelemetryEvents() {}
}

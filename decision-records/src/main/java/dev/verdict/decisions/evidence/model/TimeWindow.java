package dev.verdict.decisions.evidence.model;

import java.time.Instant;

/** When the measurements were taken; {@code end} is what "age" of evidence is measured from. */
public record TimeWindow(Instant start, Instant end) {
    public TimeWindow {
        if (start == null || end == null) {
            throw new IllegalArgumentException("time window needs start and end");
        }
        // PostgreSQL keeps microseconds; truncating here keeps the content hash stable through the database.
        start = start.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        end = end.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("time window ends (" + end + ") before it starts (" + start + ")");
        }
    }
}

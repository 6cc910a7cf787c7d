package dev.verdict.decisions.timeline.model;

import java.time.Instant;
import java.util.Map;

/** One thing that happened to a decision, as the API shows it. */
public record TimelineEntry(
        long id,
        String decision,
        Instant at,
        String actor,
        TimelineKind kind,
        String summary,
        Map<String, Object> detail) {}

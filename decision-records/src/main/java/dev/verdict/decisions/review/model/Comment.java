package dev.verdict.decisions.review.model;

import java.time.Instant;

/** A review comment on a decision, as the API shows it. */
public record Comment(long id, String decision, String author, String body, Instant createdAt) {}

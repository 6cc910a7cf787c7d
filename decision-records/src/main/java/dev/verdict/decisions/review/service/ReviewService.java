package dev.verdict.decisions.review.service;

import dev.verdict.decisions.decision.service.DecisionService;
import dev.verdict.decisions.review.model.Comment;
import dev.verdict.decisions.review.store.ReviewCommentEntity;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.decisions.timeline.model.TimelineKind;
import dev.verdict.decisions.timeline.store.TimelineStore;
import dev.verdict.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Review comments on decisions: each one is also a timeline entry of its decision, in the same transaction. */
@ApplicationScoped
public class ReviewService {

    static final int MAX_LENGTH = 20_000;

    private final DecisionService decisions;
    private final TimelineStore timeline;

    public ReviewService(DecisionService decisions, TimelineStore timeline) {
        this.decisions = decisions;
        this.timeline = timeline;
    }

    /** A page of a decision's comments; 404 (through {@link DecisionService#get}) if the decision does not exist. */
    public List<Comment> comments(DecisionNumber n, long after, int limit) {
        decisions.get(n);
        return ReviewCommentEntity.page(n, after, limit).stream()
                .map(ReviewCommentEntity::toComment)
                .toList();
    }

    @Transactional
    public Comment comment(DecisionNumber n, Caller caller, String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("a comment needs a non-empty 'body'");
        }
        if (body.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a comment is at most " + MAX_LENGTH + " characters");
        }
        decisions.get(n);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Comment c = ReviewCommentEntity.create(n, caller.name(), body, now).toComment();
        timeline.append(n, now, caller.actor(), TimelineKind.COMMENT, abbreviate(body), Map.of("comment", c.id()));
        return c;
    }

    static String abbreviate(String s) {
        String one = s.strip().replaceAll("\\s+", " ");
        return one.length() <= 120 ? one : one.substring(0, 117) + "...";
    }
}

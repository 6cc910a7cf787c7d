package dev.verdict.decisions.review.store;

import dev.verdict.decisions.review.model.Comment;
import dev.verdict.decisions.shared.DecisionNumber;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.jpa.HibernateHints;

/** A row of {@code review_comment} (append-only). */
@Entity
@Table(name = "review_comment")
public class ReviewCommentEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "decision_number", nullable = false, updatable = false)
    public int decisionNumber;

    @Column(nullable = false, updatable = false)
    public String author;

    @Column(nullable = false, updatable = false)
    public String body;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    public static ReviewCommentEntity create(DecisionNumber n, String author, String body, Instant at) {
        ReviewCommentEntity e = new ReviewCommentEntity();
        e.decisionNumber = n.value();
        e.author = author;
        e.body = body;
        e.createdAt = at;
        e.persist();
        return e;
    }

    /** Comments of a decision after id {@code after}, in id order (keyset paging). */
    public static List<ReviewCommentEntity> page(DecisionNumber n, long after, int limit) {
        return find("decisionNumber = ?1 and id > ?2", Sort.by("id"), n.value(), after)
                .page(0, limit)
                .withHint(HibernateHints.HINT_READ_ONLY, true)
                .list(); // no snapshots for dirty checks
    }

    public Comment toComment() {
        return new Comment(id, DecisionNumber.of(decisionNumber).toString(), author, body, createdAt);
    }
}

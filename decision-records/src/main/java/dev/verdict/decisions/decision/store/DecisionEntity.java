package dev.verdict.decisions.decision.store;

import dev.verdict.decisions.criteria.evaluate.EvidenceStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.OptimisticLock;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code decision}. The canonical Markdown file ({@link #content}) is the source of truth; title, status,
 * status label, date, date label, tags and entities are copies for filtering, kept in step by {@link DecisionStore}.
 * {@code version} is JPA's optimistic lock and the decision's ETag. The generated full-text column {@code search} is not mapped.
 * Dynamic updates: a flush writes only the columns that changed, so a sync setting {@code git_blob} and an
 * evaluation setting the evidence status never overwrite each other's column.
 */
@Entity
@Table(name = "decision")
@DynamicUpdate
public class DecisionEntity extends PanacheEntityBase {

    @Id
    public int number;

    @Column(nullable = false)
    public String slug;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String status;

    /** The source's own status label of an imported decision ("on hold"), null when the status says it all. */
    @Column(name = "status_label")
    public String statusLabel;

    /** Null for an imported decision whose source gave no date or one without a single reading. */
    @Column(name = "decided_on")
    public LocalDate decidedOn;

    /** The source's own text for a date it could not read as one ("02/01/2020"); null when there is a date. */
    @Column(name = "date_label")
    public String dateLabel;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public List<String> tags;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public List<String> entities;

    @Column(nullable = false)
    public String content;

    /** Starts at 1 (the first ETag clients saw before the entity existed), then +1 per flushed change. */
    @Version
    public int version;

    // The evaluation's outcome and the git bookkeeping are no edit of the decision: they never bump its version.

    @Enumerated(EnumType.STRING)
    @Column(name = "evidence_status", nullable = false)
    @OptimisticLock(excluded = true)
    public EvidenceStatus evidenceStatus;

    @Column(name = "evidence_explanation", nullable = false)
    @OptimisticLock(excluded = true)
    public String evidenceExplanation;

    @Column(name = "evaluated_at")
    @OptimisticLock(excluded = true)
    public Instant evaluatedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The git blob id the database and the remote last agreed on (the git mirror's bookkeeping). */
    @Column(name = "git_blob")
    @OptimisticLock(excluded = true)
    public String gitBlob;
}

package dev.verdict.decisions.timeline.store;

import dev.verdict.decisions.timeline.model.TimelineKind;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/** A row of {@code timeline_entry} (append-only). Batches of the evidence consumer go in by COPY instead. */
@Entity
@Table(name = "timeline_entry")
public class TimelineEntryEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "decision_number", nullable = false, updatable = false)
    public int decisionNumber;

    @Column(nullable = false, updatable = false)
    public Instant at;

    @Column(nullable = false, updatable = false)
    public String actor;

    @Column(nullable = false, updatable = false)
    public TimelineKind kind;

    @Column(nullable = false, updatable = false)
    public String summary;

    /** JSON text; the column is jsonb. */
    @Column(updatable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String detail;
}

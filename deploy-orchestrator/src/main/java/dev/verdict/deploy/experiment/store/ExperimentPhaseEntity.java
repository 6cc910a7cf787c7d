package dev.verdict.deploy.experiment.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/** A row of {@code experiment_phase}: one run of an experiment with its own seed and split. */
@Entity
@Table(name = "experiment_phase")
public class ExperimentPhaseEntity extends PanacheEntityBase {

    @Embeddable
    public record Id(String experiment, int phase) implements Serializable {}

    @EmbeddedId
    public Id id;

    @Column(nullable = false)
    public String seed;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String weights;

    @Column(nullable = false)
    public double coverage;

    /** GrowthBook's sticky bucket version of this phase (ADR-0006). */
    @Column(name = "bucket_version", nullable = false)
    public int bucketVersion;

    /** Sticky assignments of an older bucket version exclude their unit from this phase. */
    @Column(name = "min_bucket_version", nullable = false)
    public int minBucketVersion;

    @Column(name = "definition_hash", nullable = false)
    public String definitionHash;

    public String reason;

    @Column(name = "started_by", nullable = false)
    public String startedBy;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;
}

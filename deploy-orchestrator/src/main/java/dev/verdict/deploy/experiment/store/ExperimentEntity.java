package dev.verdict.deploy.experiment.store;

import dev.verdict.deploy.experiment.model.ExperimentStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/** A row of {@code experiment}: the definition as it is now; the JSON columns hold the definition's parts. */
@Entity
@Table(name = "experiment")
public class ExperimentEntity extends PanacheEntityBase {

    @Id
    public String key;

    @Column(nullable = false)
    public String component;

    @Column(name = "decision_ref")
    public String decisionRef;

    public String hypothesis;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ExperimentStatus status;

    @Column(nullable = false)
    public int phase;

    public String seed;

    @Column(name = "hash_attribute", nullable = false)
    public String hashAttribute;

    @Column(name = "hash_version", nullable = false)
    public int hashVersion;

    /** GrowthBook's fallbackAttribute: identifies a unit without the hash attribute under sticky bucketing. */
    @Column(name = "fallback_attribute")
    public String fallbackAttribute;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String variations;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String weights;

    @Column(nullable = false)
    public double coverage;

    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String namespace;

    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String condition;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String forced;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String metrics;

    /** The current phase's sticky bucket version (ADR-0006); 0 until a phase re-randomises. */
    @Column(name = "bucket_version", nullable = false)
    public int bucketVersion;

    /** The current phase's minimum sticky bucket version: units assigned under an older one are excluded. */
    @Column(name = "min_bucket_version", nullable = false)
    public int minBucketVersion;

    @Column(name = "definition_hash", nullable = false)
    public String definitionHash;

    public String winner;

    public String conclusion;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    @Column(name = "version_lock", nullable = false)
    public int versionLock;
}

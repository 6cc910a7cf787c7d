package dev.verdict.deploy.deployment.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * A row of {@code judgement}: one analysis judgement with its input in {@code POST /api/judge}'s shape, so posting
 * {@link #input} again gives {@link #result} again (its hash is {@link #resultHash}). Immutable.
 */
@Entity
@Table(name = "judgement")
public class JudgementEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "deployment_id", nullable = false, updatable = false)
    public UUID deploymentId;

    @Column(name = "step_index", nullable = false, updatable = false)
    public int stepIndex;

    @Column(nullable = false, updatable = false)
    public int run;

    @Column(name = "window_start", nullable = false, updatable = false)
    public Instant windowStart;

    @Column(name = "window_end", nullable = false, updatable = false)
    public Instant windowEnd;

    @Column(nullable = false, updatable = false)
    public double score;

    @Column(nullable = false, updatable = false)
    public String classification;

    @Column(nullable = false, updatable = false)
    public boolean inconclusive;

    @Column(nullable = false, updatable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String result;

    @Column(nullable = false, updatable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String input;

    @Column(name = "result_hash", nullable = false, updatable = false)
    public String resultHash;

    @Column(name = "judged_at", nullable = false, updatable = false)
    public Instant judgedAt;
}

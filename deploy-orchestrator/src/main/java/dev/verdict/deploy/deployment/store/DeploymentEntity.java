package dev.verdict.deploy.deployment.store;

import dev.verdict.deploy.deployment.model.DeploymentStatus;
import dev.verdict.deploy.deployment.model.Phase;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** A row of {@code deployment}: one canary of one version of a component, and where its state machine is. */
@Entity
@Table(name = "deployment")
public class DeploymentEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String component;

    @Column(nullable = false, updatable = false)
    public String version;

    @Column(name = "artifact_type", nullable = false, updatable = false)
    public String artifactType;

    @Column(nullable = false, updatable = false)
    public String artifact;

    @Column(updatable = false)
    public String runtime;

    @Column(nullable = false, updatable = false)
    public int instances;

    @Column(name = "baseline_version")
    public String baselineVersion;

    @Column(name = "baseline_artifact_type")
    public String baselineArtifactType;

    @Column(name = "baseline_artifact")
    public String baselineArtifact;

    @Column(name = "baseline_runtime")
    public String baselineRuntime;

    @Column(name = "stable_placement")
    public String stablePlacement;

    @Column(name = "canary_placement")
    public String canaryPlacement;

    @Column(name = "baseline_placement")
    public String baselinePlacement;

    /** The Kayenta canary config as sent (jsonb). */
    @Column(nullable = false, updatable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String config;

    @Column(name = "config_hash", nullable = false, updatable = false)
    public String configHash;

    @Column(nullable = false, updatable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String steps;

    @Column(name = "pass_threshold", nullable = false, updatable = false)
    public double passThreshold;

    @Column(name = "marginal_threshold", nullable = false, updatable = false)
    public double marginalThreshold;

    @Column(name = "decision_ref", updatable = false)
    public String decisionRef;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DeploymentStatus status;

    @Column(name = "step_index", nullable = false)
    public int stepIndex;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Phase phase;

    @Column(nullable = false)
    public int weight;

    @Column(name = "analysis_run", nullable = false)
    public int analysisRun;

    @Column(nullable = false)
    public int failures;

    @Column(nullable = false)
    public int inconclusives;

    @Column(name = "window_start")
    public Instant windowStart;

    @Column(name = "wake_at", nullable = false)
    public Instant wakeAt;

    @Column(name = "status_reason")
    public String statusReason;

    @Column(name = "aborted_by")
    public String abortedBy;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Version
    @Column(name = "version_lock", nullable = false)
    public int versionLock;
}

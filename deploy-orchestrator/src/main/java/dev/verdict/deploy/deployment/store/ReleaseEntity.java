package dev.verdict.deploy.deployment.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code release}: what runs as stable for a component, and where. */
@Entity
@Table(name = "release")
public class ReleaseEntity extends PanacheEntityBase {

    @Id
    public String component;

    @Column(nullable = false)
    public String version;

    @Column(name = "artifact_type", nullable = false)
    public String artifactType;

    @Column(nullable = false)
    public String artifact;

    public String runtime;

    @Column(nullable = false)
    public int instances;

    @Column(name = "placement_id", nullable = false)
    public String placementId;

    @Column(name = "deployment_id", nullable = false)
    public UUID deploymentId;

    @Column(name = "released_at", nullable = false)
    public Instant releasedAt;
}

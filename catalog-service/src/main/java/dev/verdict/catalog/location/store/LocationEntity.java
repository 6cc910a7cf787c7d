package dev.verdict.catalog.location.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/** A row of {@code locations}: a git repository (url, branch, glob) the catalog reads descriptors from. */
@Entity
@Table(name = "locations")
public class LocationEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, updatable = false)
    public String url;

    @Column(nullable = false, updatable = false)
    public String branch;

    @Column(name = "path_glob", nullable = false, updatable = false)
    public String pathGlob;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "last_success_at")
    public Instant lastSuccessAt;

    @Column(name = "last_commit")
    public String lastCommit;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "next_refresh_at", nullable = false)
    public Instant nextRefreshAt;

    @Column(name = "entity_count", nullable = false)
    public int entityCount;

    /** JSON text of the last refresh's result; the column is jsonb. */
    @Column(name = "last_result", columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String lastResult;
}

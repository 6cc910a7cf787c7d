package dev.verdict.decisions.gitmirror.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/** The one row of {@code git_sync_state}: the outcome of the latest sync of any replica (written by an upsert). */
@Entity
@Table(name = "git_sync_state")
@org.hibernate.annotations.Immutable
public class GitSyncStateEntity extends PanacheEntityBase {

    /** Always 1 (a check constraint in the schema). */
    static final short ID = 1;

    @Id
    public short id = ID;

    @Column(name = "synced_at", nullable = false)
    public Instant syncedAt;

    @Column(nullable = false)
    public String replica;

    @Column(name = "head_commit")
    public String headCommit;

    @Column(nullable = false)
    public boolean ok;

    public String error;

    /** JSON text of the columns below; they are jsonb. */
    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String problems;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String imported;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String exported;
}

package dev.verdict.deploy.experiment.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** A row of {@code experiment_snapshot}: one analysis of a phase, as it was published. */
@Entity
@Table(name = "experiment_snapshot")
public class SnapshotEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String experiment;

    @Column(nullable = false)
    public int phase;

    @Column(nullable = false)
    public Instant at;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public String recommendation;

    @Column(name = "definition_hash", nullable = false)
    public String definitionHash;

    @Column(name = "input_hash", nullable = false)
    public String inputHash;

    /** Its evidence events have ids derived from this row (from migration V4 on), so a later item can supersede them. */
    @Column(name = "evidence_ids_derived", nullable = false)
    public boolean evidenceIdsDerived;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String snapshot;
}

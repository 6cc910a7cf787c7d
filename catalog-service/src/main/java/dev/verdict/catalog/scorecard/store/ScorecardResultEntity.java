package dev.verdict.catalog.scorecard.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/** A row of {@code scorecard_results}, for reading: results are upserted in batches by {@link ScorecardStore}. */
@Entity
@Table(name = "scorecard_results")
@Immutable
public class ScorecardResultEntity extends PanacheEntityBase {

    @Id
    @Column(name = "entity_ref")
    public String entityRef;

    public String level;

    /** JSON text of the result (jsonb). */
    @Column(columnDefinition = "jsonb")
    public String result;

    @Column(name = "computed_at")
    public Instant computedAt;
}

package dev.verdict.catalog.history.store;

import dev.verdict.catalog.history.model.ChangeKind;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/** A row of {@code entity_history}, for reading: rows are appended in batches by {@link HistoryStore}. */
@Entity
@Table(name = "entity_history")
@Immutable
public class EntityHistoryEntity extends PanacheEntityBase {

    @Id
    public long id;

    @Column(name = "entity_ref")
    public String entityRef;

    public ChangeKind change;

    public String actor;

    @Column(name = "location_id")
    public Long locationId;

    public Instant at;

    /** JSON text of the diff (jsonb). */
    @Column(columnDefinition = "jsonb")
    public String diff;
}

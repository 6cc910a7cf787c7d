package dev.verdict.deploy.experiment.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code experiment_parked}: an event the aggregation could not count, and why. */
@Entity
@Table(name = "experiment_parked")
public class ParkedEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id", nullable = false)
    public String eventId;

    @Column(nullable = false)
    public String topic;

    public String key;

    public String type;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String reason;

    public byte[] payload;

    @Column(name = "parked_at", nullable = false)
    public Instant parkedAt;
}

package dev.verdict.deploy.experiment.store;

import dev.verdict.deploy.experiment.model.HistoryKind;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A line of an experiment's history: who changed what, when. */
@Entity
@Table(name = "experiment_history")
public class ExperimentHistoryEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String experiment;

    @Column(nullable = false)
    public Instant at;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public HistoryKind kind;

    @Column(nullable = false)
    public String actor;

    @Column(nullable = false)
    public String summary;
}

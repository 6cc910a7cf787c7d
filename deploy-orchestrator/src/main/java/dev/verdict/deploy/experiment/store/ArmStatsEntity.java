package dev.verdict.deploy.experiment.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A row of {@code experiment_arm_stats}: one arm's sums as the aggregation last published them. */
@Entity
@Table(name = "experiment_arm_stats")
public class ArmStatsEntity extends PanacheEntityBase {

    @Embeddable
    public record Id(String experiment, int phase, int variation, String metric) implements Serializable {}

    @EmbeddedId
    public Id id;

    public long n;

    @Column(name = "sum_y")
    public double sumY;

    @Column(name = "sum_y2")
    public double sumY2;

    @Column(name = "sum_x")
    public double sumX;

    @Column(name = "sum_x2")
    public double sumX2;

    @Column(name = "sum_xy")
    public double sumXY;

    @Column(name = "updated_at")
    public Instant updatedAt;
}

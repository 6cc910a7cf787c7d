package dev.verdict.decisions.decision.store;

import dev.verdict.decisions.decision.model.GateOverride;
import dev.verdict.decisions.shared.DecisionNumber;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A row of {@code gate_override}: kept for good, never updated. */
@Entity
@Table(name = "gate_override")
public class GateOverrideEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "decision_number", nullable = false, updatable = false)
    public int decisionNumber;

    @Column(nullable = false, updatable = false)
    public String architect;

    @Column(nullable = false, updatable = false)
    public String reason;

    @Column(name = "evidence_status", nullable = false, updatable = false)
    public String evidenceStatus;

    @Column(name = "target_status", nullable = false, updatable = false)
    public String targetStatus;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    public static GateOverrideEntity create(
            DecisionNumber n, String architect, String reason, String evidenceStatus, String targetStatus, Instant at) {
        GateOverrideEntity e = new GateOverrideEntity();
        e.decisionNumber = n.value();
        e.architect = architect;
        e.reason = reason;
        e.evidenceStatus = evidenceStatus;
        e.targetStatus = targetStatus;
        e.createdAt = at;
        e.persist();
        return e;
    }

    public static List<GateOverrideEntity> of(DecisionNumber n) {
        return list("decisionNumber", Sort.by("id"), n.value());
    }

    public GateOverride toOverride() {
        return new GateOverride(
                id,
                DecisionNumber.of(decisionNumber).toString(),
                architect,
                reason,
                evidenceStatus,
                targetStatus,
                createdAt);
    }
}

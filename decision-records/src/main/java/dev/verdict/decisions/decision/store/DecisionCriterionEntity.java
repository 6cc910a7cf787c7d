package dev.verdict.decisions.decision.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/**
 * A row of {@code decision_criterion}: the (kind, metric, comparison) of one criterion of a decision, so incoming
 * evidence without a decision ref finds the decisions it counts for with one query. Rewritten with every change of
 * the decision.
 */
@Entity
@Table(name = "decision_criterion")
@IdClass(DecisionCriterionEntity.Key.class)
public class DecisionCriterionEntity extends PanacheEntityBase {

    @Id
    @Column(name = "decision_number")
    public int decisionNumber;

    @Id
    public int position;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String metric;

    public String comparison;

    /** The composite primary key. */
    public static class Key implements Serializable {
        public int decisionNumber;
        public int position;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.decisionNumber == decisionNumber && k.position == position;
        }

        @Override
        public int hashCode() {
            return 31 * decisionNumber + position;
        }
    }
}

package dev.verdict.deploy.owner.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

/**
 * A row of {@code component_owner}: a catalog entity's kind, owner and placement annotations, as the last catalog
 * event said.
 */
@Entity
@Table(name = "component_owner")
public class ComponentOwnerEntity extends PanacheEntityBase {

    @Id
    public String ref;

    @Column(nullable = false)
    public String kind;

    /** canonical ref of spec.owner, e.g. {@code group:default/payments-team}; null for kinds without one */
    public String owner;

    @Column(nullable = false)
    public long generation;

    @Column(nullable = false)
    public boolean deleted;

    /** The annotations deploy targets place it by, as a JSON object ({@code backstage.io/kubernetes-id}...). */
    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String annotations = "{}";
}

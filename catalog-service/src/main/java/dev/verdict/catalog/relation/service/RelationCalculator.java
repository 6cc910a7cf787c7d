package dev.verdict.catalog.relation.service;

import dev.verdict.catalog.entity.model.Entity;
import dev.verdict.catalog.entity.model.EntityRef;
import dev.verdict.catalog.entity.model.KindSpec;
import dev.verdict.catalog.entity.model.RefField;
import dev.verdict.catalog.relation.model.Relation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Computes the relations an entity's descriptor declares, in both directions, as Backstage's
 * BuiltinKindsEntityProcessor does: {@code owner: team-a} on a Component yields
 * {@code component ownedBy group:team-a} and {@code group:team-a ownerOf component}. The target need not exist.
 */
public final class RelationCalculator {

    public List<Relation> relationsOf(Entity entity) {
        EntityRef self = entity.ref();
        Set<Relation> out = new LinkedHashSet<>();
        for (RefField field : KindSpec.of(entity.kind()).refs()) {
            for (EntityRef target : entity.refs(field)) {
                out.add(new Relation(self, field.relation(), target));
                out.add(new Relation(target, field.reverse(), self));
            }
        }
        return new ArrayList<>(out);
    }
}

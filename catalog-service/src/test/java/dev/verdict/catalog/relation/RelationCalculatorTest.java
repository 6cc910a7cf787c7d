package dev.verdict.catalog.relation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verdict.catalog.entity.model.DescriptorReader;
import dev.verdict.catalog.entity.model.Entity;
import dev.verdict.catalog.relation.service.RelationCalculator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RelationCalculatorTest {

    private static Set<String> relations(String yaml) {
        Entity e = new Entity(new DescriptorReader().readYaml(yaml).get(0).body());
        return new RelationCalculator()
                .relationsOf(e).stream()
                        .map(r -> r.source() + " " + r.type() + " " + r.target())
                        .collect(Collectors.toSet());
    }

    @Test
    void componentRelationsInBothDirections() {
        Set<String> r = relations("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: web, namespace: shop}
                spec:
                  type: service
                  lifecycle: production
                  owner: team-a
                  system: store
                  subcomponentOf: portal
                  providesApis: [web-api]
                  consumesApis: [default/pay-api]
                  dependsOn: [resource:db]
                """);
        assertEquals(
                Set.of(
                        "component:shop/web ownedBy group:shop/team-a", "group:shop/team-a ownerOf component:shop/web",
                        "component:shop/web partOf system:shop/store", "system:shop/store hasPart component:shop/web",
                        "component:shop/web partOf component:shop/portal",
                                "component:shop/portal hasPart component:shop/web",
                        "component:shop/web providesApi api:shop/web-api",
                                "api:shop/web-api apiProvidedBy component:shop/web",
                        "component:shop/web consumesApi api:default/pay-api",
                                "api:default/pay-api apiConsumedBy component:shop/web",
                        "component:shop/web dependsOn resource:shop/db",
                                "resource:shop/db dependencyOf component:shop/web"),
                r);
    }

    @Test
    void groupAndUserRelations() {
        assertEquals(
                Set.of(
                        "group:default/a childOf group:default/org", "group:default/org parentOf group:default/a",
                        "group:default/a parentOf group:default/a1", "group:default/a1 childOf group:default/a",
                        "group:default/a hasMember user:default/jane", "user:default/jane memberOf group:default/a"),
                relations("""
                        apiVersion: backstage.io/v1alpha1
                        kind: Group
                        metadata: {name: a}
                        spec: {type: team, parent: org, children: [a1], members: [jane]}
                        """));
        assertEquals(
                List.of("user:default/jane memberOf group:default/a", "group:default/a hasMember user:default/jane"),
                List.copyOf(relations("""
                        apiVersion: backstage.io/v1alpha1
                        kind: User
                        metadata: {name: jane}
                        spec: {memberOf: [a]}
                        """)).stream()
                        .sorted((x, y) -> -x.compareTo(y))
                        .toList());
    }
}

package dev.verdict.catalog.entity.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.catalog.entity.model.DescriptorReader;
import dev.verdict.catalog.entity.model.FieldFormats;
import dev.verdict.catalog.entity.model.Kind;
import dev.verdict.problem.Violation;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EntityValidatorTest {

    private final DescriptorReader reader = new DescriptorReader();
    private final EntityValidator validator = new EntityValidator();

    private List<Violation> validate(String yaml) {
        return validator.validate(reader.readYaml(yaml).get(0));
    }

    private static Map<String, Violation> byPath(List<Violation> vs) {
        return vs.stream().collect(Collectors.toMap(Violation::path, v -> v, (a, b) -> a));
    }

    @Test
    void aCompleteComponentIsValid() {
        List<Violation> vs = validate("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: checkout_api.v2
                  namespace: payments
                  title: Checkout
                  labels: {tier: backend, example.com/team: payments}
                  annotations: {backstage.io/source-location: "url:https://example.com/x", verdict.dev/jdk: "21"}
                  tags: [java, c++, team:payments]
                  links: [{url: https://runbooks/x, title: Runbook, type: runbook}]
                spec:
                  type: service
                  lifecycle: production
                  owner: group:payments/team-a
                  system: checkout
                  providesApis: [checkout-api]
                  dependsOn: [resource:checkout-db, component:default/ledger]
                """);
        assertEquals(List.of(), vs);
    }

    @Test
    void everyViolationIsReportedWithPathAndLine() {
        List<Violation> vs = validate("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: -bad-name-
                  namespace: Not_A_Namespace
                  tags: [Java, ok, "with space"]
                  annotations: {"bad key!": x, verdict.dev/jdk: 21}
                spec:
                  type: service
                  dependsOn: [db]
                """);
        Map<String, Violation> p = byPath(vs);
        assertEquals(4, p.get("/metadata/name").line());
        assertEquals(5, p.get("/metadata/namespace").line());
        assertTrue(p.containsKey("/metadata/tags/0"));
        assertTrue(p.containsKey("/metadata/tags/2"));
        assertTrue(!p.containsKey("/metadata/tags/1"), "ok is a valid tag");
        assertTrue(p.containsKey("/metadata/annotations/bad key!"));
        assertTrue(p.get("/metadata/annotations/verdict.dev~1jdk").message().contains("must be a string"));
        assertTrue(p.get("/spec/lifecycle").message().contains("required"));
        assertEquals(8, p.get("/spec/lifecycle").line(), "missing field located at its parent");
        assertTrue(p.get("/spec/owner").message().contains("required"));
        assertTrue(
                p.get("/spec/dependsOn/0").message().contains("has no kind"),
                p.get("/spec/dependsOn/0").message());
        assertEquals(9, vs.size(), vs.toString());
    }

    @Test
    void nameRules() {
        for (String ok : List.of("a", "A1", "a-b_c.d", "x".repeat(63))) {
            assertTrue(FieldFormats.isValidObjectName(ok), ok);
        }
        for (String bad : List.of("", "-a", "a-", "a--b", "a b", "ä", "x".repeat(64), "a/b")) {
            assertTrue(!FieldFormats.isValidObjectName(bad), bad);
        }
        assertTrue(FieldFormats.isValidTag("c++"));
        assertTrue(!FieldFormats.isValidTag("UPPER"));
        assertTrue(FieldFormats.isValidPrefixedKey("backstage.io/techdocs-ref"));
        assertTrue(!FieldFormats.isValidPrefixedKey("Back_Stage.io/x"));
        assertTrue(!FieldFormats.isValidPrefixedKey("a/b/c"));
    }

    @Test
    void unknownKindAndApiVersion() {
        List<Violation> vs = validate("""
                apiVersion: example.com/v9
                kind: Widget
                metadata: {name: w}
                spec: {}
                """);
        Map<String, Violation> p = byPath(vs);
        assertTrue(p.get("/kind").message().startsWith("unknown kind \"Widget\""));
        assertEquals(2, p.get("/kind").line());
        assertTrue(p.containsKey("/apiVersion"));
    }

    @Test
    void requiredFieldsPerKind() {
        Map<String, List<String>> expected = Map.of(
                "API", List.of("/spec/definition", "/spec/lifecycle", "/spec/owner", "/spec/type"),
                "Resource", List.of("/spec/owner", "/spec/type"),
                "System", List.of("/spec/owner"),
                "Domain", List.of("/spec/owner"),
                "Group", List.of("/spec/children", "/spec/type"),
                "User", List.of("/spec/memberOf"),
                "Location", List.of());
        expected.forEach((kind, paths) -> {
            List<Violation> vs =
                    validate("apiVersion: backstage.io/v1beta1\nkind: " + kind + "\nmetadata: {name: x}\nspec: {}\n");
            assertEquals(paths, vs.stream().map(Violation::path).sorted().toList(), kind);
        });
    }

    @Test
    void groupAndUserRefsDefaultToTheirKinds() {
        assertEquals(List.of(), validate("""
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata: {name: team-a}
                spec: {type: team, parent: org, children: [], members: [jane, user:other/joe]}
                """));
        EntityValidator.Checked checked = validator.check(reader.readYaml("""
                        apiVersion: backstage.io/v1alpha1
                        kind: User
                        metadata: {name: jane}
                        spec: {memberOf: [widget:x, "bad ref/"]}
                        """).get(0));
        // an empty name does not parse: an error; an unknown kind parses and cannot resolve: a warning (Backstage
        // stores both relations and validates neither target)
        assertEquals(
                List.of("/spec/memberOf/1"),
                checked.errors().stream().map(Violation::path).toList());
        assertEquals(List.of(), checked.warnings(), "warnings are given only for a descriptor without errors");
        EntityValidator.Checked ok = validator.check(reader.readYaml("""
                        apiVersion: backstage.io/v1alpha1
                        kind: User
                        metadata: {name: jane}
                        spec: {memberOf: [widget:x]}
                        """).get(0));
        assertEquals(List.of(), ok.errors());
        assertEquals(1, ok.warnings().size());
        assertTrue(ok.warnings().get(0).message().contains("no catalog entity has kind \"widget\""));
        assertEquals(4, ok.warnings().get(0).line());
    }

    /** Backstage's schema types owner as a non-empty string: an e-mail owner is accepted (issue #15). */
    @Test
    void anEmailOwnerIsAWarningNotAnError() {
        EntityValidator.Checked checked = validator.check(reader.readYaml("""
                        apiVersion: backstage.io/v1alpha1
                        kind: Component
                        metadata:
                          name: artist-web
                        spec:
                          type: website
                          lifecycle: production
                          owner: artists@example.com
                        """).get(0));
        assertEquals(List.of(), checked.errors());
        assertEquals(1, checked.warnings().size());
        Violation w = checked.warnings().get(0);
        assertEquals("/spec/owner", w.path());
        assertEquals(8, w.line());
        assertTrue(w.message().contains("group:default/artists@example.com"), w.message());
    }

    @Test
    void aTemplateNeedsItsOwnApiVersionAndSteps() {
        Map<String, Violation> p = byPath(validate("""
                apiVersion: backstage.io/v1alpha1
                kind: Template
                metadata: {name: t}
                spec: {type: service, parameters: 3}
                """));
        assertTrue(p.get("/apiVersion").message().contains("scaffolder.backstage.io/v1beta3"), p.toString());
        assertTrue(p.get("/spec/steps").message().contains("required"));
        assertTrue(p.containsKey("/spec/parameters"));
        assertEquals(List.of(), validate("""
                apiVersion: scaffolder.backstage.io/v1beta3
                kind: Template
                metadata: {name: t}
                spec:
                  type: service
                  owner: team-a
                  parameters: [{title: Name}]
                  steps: [{id: fetch, action: fetch:template}]
                """));
    }

    /** Upstream's API.v1alpha1.mcp-server.schema.json: remotes instead of a definition. */
    @Test
    void anMcpServerApiIsDescribedByItsRemotes() {
        assertEquals(List.of(), validate("""
                apiVersion: backstage.io/v1alpha1
                kind: API
                metadata: {name: mcp}
                spec:
                  type: mcp-server
                  lifecycle: experimental
                  owner: team-a
                  remotes: [{type: streamable-http, url: "http://localhost:7007/api/mcp/v1"}]
                """));
        Map<String, Violation> p = byPath(validate("""
                apiVersion: backstage.io/v1alpha1
                kind: API
                metadata: {name: mcp}
                spec: {type: mcp-server, lifecycle: experimental, owner: team-a, remotes: [{type: sse}]}
                """));
        assertEquals(List.of("/spec/remotes/0/url"), List.copyOf(p.keySet()));
        assertTrue(byPath(validate("""
                        apiVersion: backstage.io/v1alpha1
                        kind: API
                        metadata: {name: mcp}
                        spec: {type: mcp-server, lifecycle: experimental, owner: team-a}
                        """)).containsKey("/spec/remotes"));
    }

    @Test
    void aConfiguredCustomKindIsCheckedAgainstItsApiVersionsAndSchema() {
        List<Kind> before = Kind.values().stream().filter(k -> !k.builtIn()).toList();
        try {
            Kind.allow(List.of(Kind.custom(
                    "Environment",
                    java.util.Set.of("backstage.io/v1alpha1"),
                    dev.verdict.catalog.entity.kinds.KindRegistrar.schema(
                            "Environment", "classpath:kinds/environment.schema.json"))));
            assertEquals(List.of(), validate("""
                    apiVersion: backstage.io/v1alpha1
                    kind: Environment
                    metadata: {name: prod}
                    spec: {lifecycle: production}
                    """));
            Map<String, Violation> p = byPath(validate("""
                    apiVersion: backstage.io/v1beta1
                    kind: environment
                    metadata: {name: prod}
                    spec: {lifecycle: 3}
                    """));
            assertTrue(p.get("/apiVersion").message().contains("for kind Environment"), p.toString());
            assertTrue(
                    p.get("/spec/lifecycle").message().contains("does not match the schema of kind Environment"),
                    p.toString());
            assertEquals(4, p.get("/spec/lifecycle").line());
        } finally {
            Kind.allow(before);
        }
        assertTrue(byPath(validate("""
                        apiVersion: backstage.io/v1alpha1
                        kind: Environment
                        metadata: {name: prod}
                        """)).get("/kind").message().contains("verdict.catalog.kinds"));
    }
}

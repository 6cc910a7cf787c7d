package dev.verdict.catalog.entity.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EntityRefTest {

    @Test
    void fullRefIsParsedAndLowerCased() {
        EntityRef ref = EntityRef.parse("Component:Payments/Checkout-API");
        assertEquals(new EntityRef("component", "payments", "checkout-api"), ref);
        assertEquals("component:payments/checkout-api", ref.toString());
    }

    @Test
    void kindAndNamespaceComeFromTheFieldDefaults() {
        assertEquals(
                "group:team-ns/team-a",
                EntityRef.parse("team-a", "Group", "team-ns").toString());
        assertEquals(
                "group:other/team-a",
                EntityRef.parse("other/team-a", "Group", "team-ns").toString());
        assertEquals(
                "user:team-ns/jane",
                EntityRef.parse("user:jane", "Group", "team-ns").toString());
    }

    @Test
    void refWithoutKindIsRejectedWhenTheFieldHasNoDefaultKind() {
        var e = assertThrows(IllegalArgumentException.class, () -> EntityRef.parse("db", null, "default"));
        assertTrue(e.getMessage().contains("has no kind"), e.getMessage());
    }

    @Test
    void malformedRefsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> EntityRef.parse(":x", "Group", "default"));
        assertThrows(IllegalArgumentException.class, () -> EntityRef.parse("group:/x", "Group", "default"));
        assertThrows(IllegalArgumentException.class, () -> EntityRef.parse("group:ns/", "Group", "default"));
        assertThrows(IllegalArgumentException.class, () -> EntityRef.parse("/x", "Group", "default"));
        assertThrows(IllegalArgumentException.class, () -> EntityRef.parse(" ", "Group", "default"));
    }

    /** Backstage's parseRefString: the name is what follows the first ':' and '/', a ':' after a '/' is in it. */
    @Test
    void refsParseAsBackstageParsesThem() {
        assertEquals(
                "group:default/artists@example.com",
                EntityRef.parse("artists@example.com", "Group", "default").toString());
        assertEquals(
                "user:default/jane@example.com",
                EntityRef.parse("user:jane@example.com", "Group", "default").toString());
        assertEquals("group:a/b/c", EntityRef.parse("a/b/c", "Group", "default").toString());
        assertEquals(
                "component:default/foo:bar",
                EntityRef.parse("component:default/foo:bar").toString());
        assertEquals(
                "group:ns/x:y", EntityRef.parse("ns/x:y", "Group", "default").toString());
        assertEquals(
                "foo:default/bar",
                EntityRef.parse("foo:bar", "Group", "default").toString());
    }

    @Test
    void aRefThatNoEntityCanHaveSaysWhy() {
        assertTrue(EntityRef.parse("team-a", "Group", "default").isResolvable());
        assertTrue(EntityRef.parse("artists@example.com", "Group", "default")
                .whyUnresolvable()
                .contains("not a valid entity name"));
        assertTrue(
                EntityRef.parse("team:x", "Group", "default").whyUnresolvable().contains("kind \"team\""));
        assertTrue(EntityRef.parse("Bad_NS/x", "Group", "default")
                .whyUnresolvable()
                .contains("namespace"));
    }
}

package dev.verdict.catalog.entity.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DescriptorReaderTest {

    private final DescriptorReader reader = new DescriptorReader();

    @Test
    void readsEveryDocumentOfAMultiDocumentYamlAndKeepsUnknownFields() {
        String yaml = """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: a
                  x-custom: {nested: [1, 2]}
                spec:
                  type: service
                  lifecycle: production
                  owner: team-a
                  port: 8080
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata:
                  name: team-a
                spec:
                  type: team
                  children: []
                ---
                """;
        List<ParsedDescriptor> docs = reader.readYaml(yaml);
        assertEquals(2, docs.size());
        assertEquals(1, docs.get(1).index());
        assertEquals(2, docs.get(0).body().at("/metadata/x-custom/nested/1").asInt());
        assertTrue(docs.get(0).body().at("/spec/port").isNumber(), "YAML ints stay numbers");
        assertEquals(
                new SourcePosition(9, 3),
                docs.get(0).sourceMap().find("/spec/owner").orElseThrow());
        assertEquals(
                new SourcePosition(15, 3),
                docs.get(1).sourceMap().find("/metadata/name").orElseThrow());
        // a missing value is located at its nearest existing parent
        assertEquals(
                new SourcePosition(6, 1),
                docs.get(0).sourceMap().find("/spec/system").orElseThrow());
    }

    @Test
    void syntaxErrorReportsLineAndColumn() {
        String yaml = """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: a
                   bad: indentation
                """;
        var e = assertThrows(DescriptorSyntaxException.class, () -> reader.readYaml(yaml));
        assertEquals(5, e.line());
        assertTrue(e.column() > 0);
        assertTrue(e.getMessage().startsWith("invalid YAML"), e.getMessage());
    }

    @Test
    void syntaxErrorInALaterDocumentNamesThatDocument() {
        String yaml = "kind: Group\n---\nkind: [unclosed\n";
        var e = assertThrows(DescriptorSyntaxException.class, () -> reader.readYaml(yaml));
        assertEquals(1, e.document());
        assertTrue(e.line() >= 3, "line " + e.line());
    }

    @Test
    void duplicateKeysAreASyntaxError() {
        var e = assertThrows(
                DescriptorSyntaxException.class,
                () -> reader.readYaml("kind: Group\nmetadata:\n  name: a\n  name: b\n"));
        assertEquals(4, e.line());
        assertEquals(3, e.column());
    }

    @Test
    void aDocumentThatIsNotAMappingIsRejected() {
        var e = assertThrows(DescriptorSyntaxException.class, () -> reader.readYaml("- a\n- b\n"));
        assertEquals(1, e.line());
    }

    @Test
    void jsonObjectOrArray() {
        assertEquals(1, reader.readJson("{\"kind\":\"Group\"}").size());
        assertEquals(
                2, reader.readJson("[{\"kind\":\"Group\"},{\"kind\":\"User\"}]").size());
        var e = assertThrows(DescriptorSyntaxException.class, () -> reader.readJson("{\"kind\": }"));
        assertEquals(1, e.line());
    }

    @Test
    void aliasBombIsRejected() {
        StringBuilder y = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            y.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 10; i++) {
                y.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            y.append("]\n");
            prev = c;
        }
        assertThrows(DescriptorSyntaxException.class, () -> reader.readYaml(y.toString()));
    }
}

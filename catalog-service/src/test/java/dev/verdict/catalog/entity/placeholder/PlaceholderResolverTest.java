package dev.verdict.catalog.entity.placeholder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.catalog.entity.model.DescriptorReader;
import dev.verdict.catalog.entity.model.ParsedDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholderResolverTest {

    private final DescriptorReader reader = new DescriptorReader();
    private final PlaceholderResolver resolver = new PlaceholderResolver(new ObjectMapper());
    private final List<String> asked = new ArrayList<>();

    private final Map<String, String> files = Map.of(
            "def.yaml", "openapi: 3.0.0\n",
            "data.json", "{\"a\": [1, 2]}",
            "list.yaml", "- x\n- y\n",
            "broken.json", "{\"a\": ",
            "broken.yaml", "a: [1\n",
            "big.txt", "x".repeat(1024 * 1024));

    private final PlaceholderResolver.Source source = target -> {
        asked.add(target);
        String content = files.get(target);
        if (content == null) {
            throw new PlaceholderResolver.UnreadableException("no file " + target);
        }
        return new PlaceholderResolver.Read(target, "v1", content.getBytes(StandardCharsets.UTF_8));
    };

    private PlaceholderResolver.Result resolve(String yaml) {
        return resolver.resolve(reader.readYaml(yaml).get(0), source);
    }

    @Test
    void textJsonAndYamlAreSubstitutedAndTheReadsAreReported() {
        var r = resolve("""
                kind: API
                spec:
                  definition: {$text: def.yaml}
                  data: {$json: data.json}
                  items:
                    - {$yaml: list.yaml}
                    - plain
                """);
        assertThat(r.errors()).isEmpty();
        var spec = r.descriptor().body().get("spec");
        assertThat(spec.get("definition").asText()).isEqualTo("openapi: 3.0.0\n");
        assertThat(spec.get("data").get("a").size()).isEqualTo(2);
        assertThat(spec.get("items").get(0).get(1).asText()).isEqualTo("y");
        assertThat(spec.get("items").get(1).asText()).isEqualTo("plain");
        assertThat(r.reads()).containsOnlyKeys("def.yaml", "data.json", "list.yaml");
    }

    @Test
    void objectsThatAreNotAPlaceholderAreLeftAsTheyAre() {
        ParsedDescriptor d = reader.readYaml("""
                spec:
                  a: {$other: x}
                  b: {$text: def.yaml, extra: 1}
                  c: {$text: 42}
                """).get(0);
        var r = resolver.resolve(d, source);
        assertThat(r.errors()).isEmpty();
        assertThat(r.descriptor()).isSameAs(d);
        assertThat(asked).isEmpty();
    }

    @Test
    void anUnreadableOrInvalidTargetIsAnErrorAtThePlaceholdersLineAndColumn() {
        var r = resolve("""
                spec:
                  a: {$text: nope.yaml}
                  b:
                    $json: broken.json
                  c:
                    $yaml: broken.yaml
                """);
        assertThat(r.errors()).hasSize(3);
        var a = r.errors().get(0);
        assertThat(a.path()).isEqualTo("/spec/a/$text");
        assertThat(a.line()).isEqualTo(2);
        assertThat(a.column()).isEqualTo(7); // the $text key
        assertThat(a.message()).isEqualTo("$text \"nope.yaml\" cannot be read: no file nope.yaml");
        assertThat(r.errors().get(1).line()).isEqualTo(4);
        assertThat(r.errors().get(1).message()).contains("broken.json is not valid JSON at line 1");
        assertThat(r.errors().get(2).line()).isEqualTo(6);
        assertThat(r.errors().get(2).message()).contains("broken.yaml is not valid YAML at line");
    }

    @Test
    void aDocumentsPlaceholdersTogetherReadAtMostTheBudget() {
        var r = resolve("""
                spec:
                  a: [{$text: big.txt}, {$text: big.txt}, {$text: big.txt}, {$text: big.txt}, {$text: big.txt}]
                """);
        assertThat(r.errors()).hasSize(1);
        assertThat(r.errors().get(0).path()).isEqualTo("/spec/a/4/$text");
        assertThat(r.errors().get(0).message()).contains("read more than 4194304 bytes together");
    }
}

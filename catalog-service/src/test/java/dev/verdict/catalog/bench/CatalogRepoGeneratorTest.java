package dev.verdict.catalog.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.catalog.entity.model.DescriptorReader;
import dev.verdict.catalog.entity.model.Entity;
import dev.verdict.catalog.entity.model.ParsedDescriptor;
import dev.verdict.catalog.entity.validation.EntityValidator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The load-test generator must produce valid, unique descriptors of every kind, the same for the same seed. */
class CatalogRepoGeneratorTest {

    @Test
    void everyGeneratedDescriptorIsValidAndUnique() {
        List<String[]> files = CatalogRepoGenerator.filesFor(2000, 42);
        assertThat(files).hasSize(2000);
        DescriptorReader reader = new DescriptorReader();
        EntityValidator validator = new EntityValidator();
        Set<String> refs = new HashSet<>();
        Map<String, Integer> kinds = new HashMap<>();
        for (String[] f : files) {
            List<ParsedDescriptor> docs = reader.readYaml(f[1]);
            assertThat(docs).hasSize(1);
            assertThat(validator.validate(docs.get(0))).as(f[0]).isEmpty();
            Entity e = new Entity(docs.get(0).body());
            assertThat(refs.add(e.ref().toString())).as("unique " + e.ref()).isTrue();
            kinds.merge(e.kind().displayName(), 1, Integer::sum);
        }
        assertThat(kinds.keySet())
                .containsExactlyInAnyOrder(
                        "Component", "API", "Resource", "System", "Domain", "Group", "User", "Location");
        assertThat(CatalogRepoGenerator.filesFor(2000, 42).get(1500)[1]).isEqualTo(files.get(1500)[1]);
    }
}

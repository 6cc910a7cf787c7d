package dev.verdict.catalog.entity.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.catalog.entity.validation.EntityValidator;
import dev.verdict.problem.Violation;
import dev.verdict.testing.Mutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * Issue #18's bad input from mutated real files, at the catalog's parser and validator: every real descriptor file
 * of the tests (Backstage's own examples, the fixtures) and of the demo ({@code infra/demo/catalog}), mutated by a seed
 * ({@link Mutations}). The reader returns descriptors or throws {@link DescriptorSyntaxException} with a line inside
 * the text; the validator answers violations with a path and a message; neither throws anything else.
 */
class MutatedDescriptorsPropertiesTest {

    record RealFile(String path, String text) {}

    static final List<RealFile> FILES = files();

    static List<RealFile> files() {
        List<RealFile> out = new ArrayList<>();
        for (Path dir : List.of(Path.of("src/test/resources/fixtures"), Path.of("../infra/demo/catalog"))) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(p -> {
                    try {
                        out.add(new RealFile(p.toString(), Files.readString(p)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(out);
    }

    private final DescriptorReader reader = new DescriptorReader();
    private final EntityValidator validator = new EntityValidator();

    @Property(tries = 600, seed = "20261207")
    void aMutatedDescriptorFileIsReadOrRefusedWithTheLineToFix(@ForAll long seed) {
        RealFile real = FILES.get(Math.floorMod(seed, FILES.size()));
        Mutations.Mutant m = Mutations.mutate(real.text(), seed);
        String why = real.path() + ", " + m.description();
        int lines = Mutations.lineCount(m.text());
        List<ParsedDescriptor> read;
        try {
            read = reader.readYaml(m.text());
        } catch (DescriptorSyntaxException e) {
            Statistics.collect("syntax error");
            assertThat(e.getMessage()).as(why).isNotBlank();
            assertThat(e.line()).as(why).isBetween(0, lines + 1);
            return;
        }
        boolean invalid = false;
        for (ParsedDescriptor d : read) {
            EntityValidator.Checked checked = validator.check(d);
            invalid |= !checked.errors().isEmpty();
            for (Violation v : checked.errors()) {
                assertThat(v.message()).as(why).isNotBlank();
                assertThat(v.path() != null || v.line() != null)
                        .as(why + ": " + v)
                        .isTrue();
                if (v.line() != null) {
                    assertThat(v.line()).as(why + ": " + v).isBetween(1, lines + 1);
                }
            }
        }
        Statistics.collect(invalid ? "read, invalid" : "read, valid");
    }

    @Property(tries = 50, seed = "20261207")
    void theUnmutatedFilesAreRead(@ForAll long seed) {
        RealFile real = FILES.get(Math.floorMod(seed, FILES.size()));
        assertThat(reader.readYaml(real.text())).as(real.path()).isNotNull();
    }
}

package dev.verdict.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.bench.BenchException;
import dev.verdict.testing.Mutations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Issue #18's bad input from mutated real files, at the JMH result reader: a real {@code -rf json} file of the
 * workload suite (JDK 25, BigDecimal), mutated by a seed ({@link Mutations}) and written to disk as a run would leave
 * it. {@link JmhJson#read} returns results or throws {@link BenchException} naming the file; nothing else.
 */
class MutatedJmhJsonPropertiesTest {

    static final Path REAL = Path.of("src/test/resources/jmh/bigdecimal-jdk25.json");
    static Path dir;

    @BeforeContainer
    static void dir() throws Exception {
        dir = Files.createTempDirectory("mutated-jmh");
    }

    @AfterContainer
    static void clean() throws Exception {
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Property(tries = 400, seed = "20261207")
    void aMutatedJmhResultFileIsReadOrRefusedNamingTheFile(@ForAll long seed) throws Exception {
        Mutations.Mutant m = Mutations.mutate(Files.readString(REAL), seed);
        Path file = dir.resolve("result-" + Long.toUnsignedString(seed) + ".json");
        Files.writeString(file, m.text());
        try {
            List<JmhResult> results = JmhJson.read(file);
            assertThat(results).as(m.description()).isNotNull();
            Statistics.collect("read");
        } catch (BenchException e) {
            Statistics.collect("refused naming the file");
            assertThat(e.getMessage()).as(m.description()).contains(file.toString());
        } finally {
            Files.delete(file);
        }
    }

    @Property(tries = 3, seed = "20261207")
    void theUnmutatedFileIsRead(@ForAll long seed) {
        assertThat(JmhJson.read(REAL)).isNotEmpty();
    }
}

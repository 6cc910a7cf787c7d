package dev.verdict.judge.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.testing.Mutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * Issue #18's bad input from mutated real files, at the Kayenta config reader: the canary configs Verdict ships (the
 * orchestrator's default and the demo's JDK migration), mutated by a seed ({@link Mutations}). Text that is still
 * JSON is read into a config or refused with {@link InvalidConfigException}, every error a JSON pointer and a
 * message; nothing else is thrown.
 */
class MutatedCanaryConfigPropertiesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static final List<Path> FILES = List.of(
            Path.of("../../deploy-orchestrator/src/main/resources/canary/default-config.json"),
            Path.of("../../infra/demo/canary/jdk-migration.json"));

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 500, seed = "20261207")
    void aMutatedCanaryConfigIsReadOrRefusedWithAPointerToEveryBadField(@ForAll long seed) {
        Path file = FILES.get(Math.floorMod(seed, FILES.size()));
        Mutations.Mutant m = Mutations.mutate(read(file), seed);
        JsonNode node;
        try {
            node = JSON.readTree(m.text());
        } catch (JacksonException e) {
            Statistics.collect("not JSON any more");
            return; // the caller's JSON error (a 400 naming line and column), before the reader is asked
        }
        if (node == null || !node.isObject()) {
            Statistics.collect("not an object");
        }
        try {
            assertThat(CanaryConfigReader.read(node, "")).as(m.description()).isNotNull();
            Statistics.collect("read");
        } catch (InvalidConfigException e) {
            Statistics.collect("refused with pointers");
            assertThat(e.errors()).as(m.description()).isNotEmpty();
            for (ConfigError err : e.errors()) {
                assertThat(err.pointer()).as(m.description() + ": " + err).isNotNull();
                assertThat(err.pointer().isEmpty() || err.pointer().startsWith("/"))
                        .as(m.description() + ": " + err)
                        .isTrue();
                assertThat(err.message()).as(m.description()).isNotBlank();
            }
        }
    }

    @Property(tries = 10, seed = "20261207")
    void theUnmutatedConfigsAreRead(@ForAll long seed) throws Exception {
        Path file = FILES.get(Math.floorMod(seed, FILES.size()));
        assertThat(CanaryConfigReader.read(JSON.readTree(read(file)), "")).isNotNull();
    }
}

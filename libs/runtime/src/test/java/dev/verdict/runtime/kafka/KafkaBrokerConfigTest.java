package dev.verdict.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaBrokerConfigTest {

    @Test
    void singleCombinedNodeWithEveryReplicationFactorOne() throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(new KafkaBrokerConfig(19092, 19093, Path.of("/tmp/k")).asText()));

        assertThat(p.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(p.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:19093");
        assertThat(p.getProperty("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093");
        assertThat(p.getProperty("log.dirs")).isEqualTo("/tmp/k");
        assertThat(p.stringPropertyNames().stream()
                        .filter(k -> k.contains("replication.factor") || k.contains("min.isr")))
                .hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(k -> assertThat(p.getProperty(k)).as(k).isEqualTo("1"));
    }
}

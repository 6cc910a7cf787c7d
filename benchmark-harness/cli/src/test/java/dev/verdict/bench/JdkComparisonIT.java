package dev.verdict.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.bench.compare.Classification;
import dev.verdict.bench.compare.Comparison;
import dev.verdict.bench.publish.EvidenceMapper;
import dev.verdict.bench.run.RunRecord;
import dev.verdict.events.EventCodec;
import dev.verdict.events.Topics;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.benchmark.BenchmarkEvents;
import dev.verdict.events.benchmark.ComparisonCompleted;
import dev.verdict.events.evidence.EvidenceReported;
import dev.verdict.jdks.Jdk;
import dev.verdict.jdks.JdkDiscovery;
import dev.verdict.testing.TestKafka;
import dev.verdict.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job for real: two cheap benchmarks of the bundled suite forked under two installed JDKs (the Debian
 * OpenJDK 17 and Temurin 25 here; any two JDKs elsewhere, or one JDK twice), minimal settings, then the comparison,
 * the reports, and the evidence event published twice to a real Kafka broker (libs/testing) and read back.
 */
class JdkComparisonIT {

    static final String SUBJECT = "component:default/payments-api";

    @TempDir
    Path tmp;

    @Test
    void runsTheSuiteUnderTwoJdksComparesAndPublishesEvidence() throws Exception {
        Path jar = Path.of(System.getProperty("verdict.bench.workloads.jar", "../workloads/target/benchmarks.jar"));
        assertThat(jar)
                .as("build benchmark-harness/workloads first (./mvnw -f benchmark-harness/pom.xml verify)")
                .isRegularFile();
        List<Jdk> jdks = JdkDiscovery.discover(JdkDiscovery.defaults(List.of())).jdks();
        assertThat(jdks).as("an installed JDK").isNotEmpty();
        Jdk base =
                jdks.stream().filter(j -> j.featureVersion() == 17).findFirst().orElse(jdks.get(0));
        Jdk cand = jdks.stream()
                .filter(j -> j.featureVersion() >= 21)
                .reduce((a, b) -> b)
                .orElse(base);
        String baseLabel = base == cand ? "a" : base.defaultLabel();
        String candLabel = base == cand ? "b" : cand.defaultLabel();
        Path out = tmp.resolve("run");

        CliTest.Result run = CliTest.cli(
                "run",
                "--jdk",
                baseLabel + "=" + base.home(),
                "--jdk",
                candLabel + "=" + cand.home(),
                "--include",
                "BigDecimalBench\\.amortisation|HashMapBench\\.lookups",
                "--forks",
                "2",
                "--warmup-iterations",
                "1",
                "--warmup-time",
                "100ms",
                "--iterations",
                "2",
                "--time",
                "100ms",
                "--fork-jvm-args",
                "-Xms256m -Xmx256m",
                "--jmh-lock",
                "ignore",
                "--benchmarks-jar",
                jar.toString(),
                "--out",
                out.toString(),
                "--progress",
                "lines");
        assertThat(run.exit()).as(run.err()).isZero();

        RunRecord record = Json.read(out.resolve("run.json"), RunRecord.class, "run");
        assertThat(record.status()).isEqualTo(RunRecord.Status.COMPLETE);
        assertThat(record.benchmarks())
                .containsExactly(
                        "dev.verdict.bench.workloads.BigDecimalBench.amortisation",
                        "dev.verdict.bench.workloads.HashMapBench.lookups");
        assertThat(record.forks()).hasSize(8).allSatisfy(f -> {
            assertThat(f.status()).as(f.error()).isEqualTo("OK");
            RunRecord.Measurement m = f.results().get(0);
            assertThat(m.unit()).isEqualTo("us/op");
            assertThat(m.score()).isPositive();
            assertThat(m.iterations()).hasSize(2);
            assertThat(m.cpuNanosPerOp()).as("in-fork CPU profiler").isPositive();
            assertThat(m.allocBytesPerOp()).as("-prof gc").isPositive();
            assertThat(m.peakRssKb()).isGreaterThan(10_000);
            assertThat(m.jvmArgs()).containsExactly("-Xms256m", "-Xmx256m");
            Jdk jdk = f.jdk().equals(baseLabel) ? base : cand;
            assertThat(m.jdkVersion()).isEqualTo(jdk.version());
            assertThat(f.cpuMillis()).isPositive();
        });
        assertThat(record.forks().stream()
                        .filter(f -> f.benchmark().endsWith("amortisation"))
                        .map(RunRecord.ForkRecord::jdk)
                        .toList())
                .containsExactly(baseLabel, candLabel, candLabel, baseLabel);

        Comparison c = Json.read(out.resolve("comparison.json"), Comparison.class, "comparison");
        assertThat(c.benchmarks()).hasSize(2).allSatisfy(b -> {
            assertThat(b.status()).isEqualTo("compared");
            assertThat(b.score().ciLower()).isLessThanOrEqualTo(b.score().ratio());
            assertThat(b.classification())
                    .isIn(
                            Classification.BETTER,
                            Classification.WORSE,
                            Classification.EQUIVALENT,
                            Classification.UNDECIDED);
        });
        assertThat(Files.readString(out.resolve("report.html")))
                .contains("<svg")
                .contains(candLabel + " vs " + baseLabel);
        assertThat(out.resolve("report.md")).isRegularFile();

        TestKafka kafka = TestKafka.get();
        kafka.createTopic(Topics.BENCHMARKS, 1);
        for (int i = 0; i < 2; i++) { // the second publish is the retry of a job that did not see the ack
            CliTest.Result pub = CliTest.cli(
                    "publish",
                    out.toString(),
                    "--bootstrap-servers",
                    kafka.bootstrapServers(),
                    "--subject",
                    SUBJECT,
                    "--decision",
                    "ADR-0007");
            assertThat(pub.exit()).as(pub.err()).isZero();
            assertThat(pub.out()).contains("published dev.verdict.benchmark.comparison-completed.v1");
        }

        List<ConsumerRecord<String, byte[]>> records = TopicReader.of(kafka.bootstrapServers(), Topics.BENCHMARKS)
                .timeout(Duration.ofSeconds(60))
                .read(2);
        assertThat(records).hasSize(2);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(SUBJECT);
            assertThat(new String(r.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                    .startsWith("application/cloudevents+json");
        });
        VerdictEvent<?> first = EventCodec.platform().decode(records.get(0).value());
        VerdictEvent<?> second = EventCodec.platform().decode(records.get(1).value());
        assertThat(second.id())
                .as("re-publishing carries the same id, so the inbox stores it once")
                .isEqualTo(first.id());
        assertThat(first.id()).isEqualTo(EvidenceMapper.eventId(c.contentHash(), SUBJECT, "ADR-0007"));
        assertThat(first.type()).isEqualTo(BenchmarkEvents.COMPARISON_COMPLETED.name());
        ComparisonCompleted data =
                first.dataAs(BenchmarkEvents.COMPARISON_COMPLETED).orElseThrow();
        assertThat(data.comparisonId()).isEqualTo(c.contentHash());
        assertThat(data.runId()).isEqualTo(record.runId());
        assertThat(data.decision()).isEqualTo("ADR-0007");
        assertThat(data.complete()).isTrue();
        assertThat(data.evidence()).hasSize(6); // 2 suite means + 2 benchmarks x (score, cpu-time-per-op)
        assertThat(data.evidence())
                .extracting(EvidenceReported::metric)
                .containsExactly(
                        "time-per-op",
                        "cpu-time-per-op",
                        "dev.verdict.bench.workloads.BigDecimalBench.amortisation",
                        "dev.verdict.bench.workloads.BigDecimalBench.amortisation:cpu-time-per-op",
                        "dev.verdict.bench.workloads.HashMapBench.lookups",
                        "dev.verdict.bench.workloads.HashMapBench.lookups:cpu-time-per-op");
        EvidenceReported bigDecimal = data.evidence().get(2);
        assertThat(bigDecimal.comparison()).isEqualTo("ratio(" + candLabel + "/" + baseLabel + ")");
        assertThat(bigDecimal.provenance().environment().jdkVendor()).isEqualTo(cand.vendor());
        assertThat(bigDecimal.provenance().environment().other()).containsEntry("baseline.jdkVendor", base.vendor());
        assertThat(bigDecimal.provenance().config()).containsEntry("forksPerJdk", "2");
        assertThat(bigDecimal.measurements().groups())
                .allSatisfy(g -> assertThat(g.samples()).hasSize(2));
        assertThat(bigDecimal.result().estimate())
                .isEqualTo(c.benchmarks().get(0).score().ratio());
        assertThat(bigDecimal.gates()).anyMatch(g -> g.name().equals("forks") && !g.passed()); // 2 < 4 forks
    }
}

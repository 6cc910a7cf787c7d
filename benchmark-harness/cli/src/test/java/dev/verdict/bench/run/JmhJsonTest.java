package dev.verdict.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.bench.BenchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhJsonTest {

    @TempDir
    Path tmp;

    /** A real result: JMH 1.37, Temurin 25, -prof gc and the harness' CpuTimeProfiler. */
    static Path realResult() throws Exception {
        return Path.of(
                JmhJsonTest.class.getResource("/jmh/bigdecimal-jdk25.json").toURI());
    }

    @Test
    void readsARealJmhResultWithGcAndCpuProfilers() throws Exception {
        List<JmhResult> results = JmhJson.read(realResult());
        assertThat(results).hasSize(1);
        JmhResult r = results.get(0);
        assertThat(r.benchmark()).isEqualTo("dev.verdict.bench.workloads.BigDecimalBench.amortisation");
        assertThat(r.mode()).isEqualTo("avgt");
        assertThat(r.vmVersion()).isEqualTo("25.0.3+9-LTS");
        assertThat(r.jvmArgs()).containsExactly("-Xms512m", "-Xmx512m");
        assertThat(r.primary().unit()).isEqualTo("us/op");
        assertThat(r.primary().scoreError()).isNull(); // JMH writes "NaN" for 2 iterations
        assertThat(r.primary().rawData()).hasSize(1);
        assertThat(r.primary().forkMeans().get(0))
                .isCloseTo(r.primary().score(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.secondary("gc.alloc.rate.norm").unit()).isEqualTo("B/op");
        assertThat(r.secondary("cpu.time.norm").score()).isPositive();
        assertThat(r.secondary("rss.peak").unit()).isEqualTo("KiB");

        RunRecord.Measurement m = Runner.measurement(r);
        assertThat(m.cpuNanosPerOp()).isEqualTo(r.secondary("cpu.time.norm").score());
        assertThat(m.allocBytesPerOp()).isGreaterThan(100_000);
        assertThat(m.peakRssKb()).isGreaterThan(10_000);
        assertThat(m.gcCount()).isEqualTo(r.secondary("gc.count").forkSums().get(0));
    }

    @Test
    void parametersBecomePartOfTheKeyAndOldMetricNamesAreFound() throws Exception {
        Path f = tmp.resolve("params.json");
        Files.writeString(f, """
                [ { "benchmark": "a.B.m", "mode": "thrpt", "params": { "size": "10", "kind": "x" },
                    "primaryMetric": { "score": 5.0, "scoreError": 0.5, "scoreUnit": "ops/ms", "rawData": [[4, 6], [5, 5]] },
                    "secondaryMetrics": { "\u00b7gc.alloc.rate.norm": { "score": 16, "scoreUnit": "B/op", "rawData": [[16], [16]] } } } ]
                """);
        JmhResult r = JmhJson.read(f).get(0);
        assertThat(r.key()).isEqualTo("a.B.m[size=10,kind=x]");
        assertThat(r.consoleParams()).isEqualTo("(size = 10, kind = x)");
        assertThat(r.primary().forkMeans()).containsExactly(5.0, 5.0);
        assertThat(r.secondary("gc.alloc.rate.norm").score()).isEqualTo(16);
    }

    @Test
    void corruptedFilesAreRejectedNamingTheFile() throws Exception {
        String full = Files.readString(realResult());
        Path cut = tmp.resolve("cut.json");
        Files.writeString(cut, full.substring(0, full.length() / 2));
        assertThatThrownBy(() -> JmhJson.read(cut))
                .isInstanceOf(BenchException.class)
                .hasMessageStartingWith("corrupted JMH JSON in " + cut + ": line ");

        Path object = tmp.resolve("object.json");
        Files.writeString(object, "{\"benchmark\": \"x\"}");
        assertThatThrownBy(() -> JmhJson.read(object))
                .hasMessageContaining(object.toString())
                .hasMessageContaining("expected a JSON array");

        Path noMetric = tmp.resolve("nometric.json");
        Files.writeString(noMetric, "[{\"benchmark\": \"a.B.m\", \"mode\": \"avgt\"}]");
        assertThatThrownBy(() -> JmhJson.read(noMetric))
                .hasMessageContaining(noMetric.toString())
                .hasMessageContaining("result #1 (a.B.m) has no \"primaryMetric\"");

        Path badRaw = tmp.resolve("badraw.json");
        Files.writeString(
                badRaw,
                "[{\"benchmark\": \"a.B.m\", \"mode\": \"avgt\", \"primaryMetric\": {\"score\": 1,"
                        + " \"rawData\": [[1, \"x\"]]}}]");
        assertThatThrownBy(() -> JmhJson.read(badRaw)).hasMessageContaining("not a finite number");

        Path empty = tmp.resolve("empty.json");
        Files.writeString(empty, "");
        assertThatThrownBy(() -> JmhJson.read(empty)).hasMessageContaining(empty.toString());

        assertThatThrownBy(() -> JmhJson.read(tmp.resolve("missing.json"))).hasMessageContaining("not found");
    }
}

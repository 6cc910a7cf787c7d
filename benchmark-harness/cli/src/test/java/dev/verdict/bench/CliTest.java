package dev.verdict.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.bench.compare.Comparison;
import dev.verdict.bench.compare.ReportFixtures;
import dev.verdict.events.EventCodec;
import dev.verdict.events.VerdictEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands as a user calls them: exit status and what they print, for good and for bad input. */
class CliTest {

    @TempDir
    Path tmp;

    record Result(int exit, String out, String err) {}

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void aPathThatIsNotAJdkIsAClearError() {
        Result r = cli("run", "--jdk", tmp.toString(), "--jdk", "17", "--benchmarks-jar", tmp.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("error: not a JDK: " + tmp + " has no 'release' file")
                .doesNotContain("at dev.");
    }

    @Test
    void corruptedJmhJsonIsAClearErrorNamingTheFile() throws Exception {
        Path good = tmp.resolve("jdk17.json");
        Files.copy(Path.of(getClass().getResource("/jmh/bigdecimal-jdk25.json").toURI()), good);
        Path bad = tmp.resolve("jdk25.json");
        Files.writeString(bad, Files.readString(good).substring(0, 500));
        Result r = cli("compare", good.toString(), bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: corrupted JMH JSON in " + bad + ": line ");
    }

    @Test
    void twoJmhJsonFilesCanBeCompared() throws Exception {
        Path a = tmp.resolve("a.json");
        Path b = tmp.resolve("b.json");
        Files.copy(Path.of(getClass().getResource("/jmh/bigdecimal-jdk25.json").toURI()), a);
        Files.copy(a, b);
        Result r = cli(
                "compare",
                a.toString(),
                b.toString(),
                "--labels",
                "old,new",
                "--out",
                tmp.resolve("cmp").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("new vs old: 1 insufficient data");
        assertThat(tmp.resolve("cmp/comparison.json")).isRegularFile();
        assertThat(tmp.resolve("cmp/report.html")).isRegularFile();
        Comparison c = Json.read(tmp.resolve("cmp/comparison.json"), Comparison.class, "comparison");
        assertThat(c.gates()).anyMatch(g -> g.name().equals("alternated") && !g.passed());
    }

    @Test
    void jdksListsAsJson() throws Exception {
        Result r = cli(
                "jdks",
                "--json",
                "--jdk-dir",
                FakeJdk.create(tmp, "fake", "Acme", "21.0.1", null).toString());
        assertThat(r.exit()).isZero();
        assertThat(Json.MAPPER.readTree(r.out()).get("jdks").toString()).contains("Acme");
    }

    @Test
    void publishDryRunPrintsTheEventAndIncompleteComparisonsNeedConsent() throws Exception {
        Path file = tmp.resolve("comparison.json");
        Json.write(file, ReportFixtures.mixed(true));
        Result r = cli(
                "publish",
                file.toString(),
                "--dry-run",
                "--decision",
                "ADR-0007",
                "--subject",
                "component:default/payments-api");
        assertThat(r.exit()).as(r.err()).isZero();
        VerdictEvent<?> e = EventCodec.platform().decode(r.out().strip());
        assertThat(e.type()).isEqualTo("dev.verdict.benchmark.comparison-completed.v1");
        assertThat(e.subject()).isEqualTo("component:default/payments-api");

        Json.write(file, ReportFixtures.mixed(false));
        Result refused = cli("publish", file.toString(), "--dry-run");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("is incomplete").contains("--allow-incomplete");
        assertThat(cli("publish", file.toString(), "--dry-run", "--allow-incomplete")
                        .exit())
                .isZero();
    }

    @Test
    void publishToAnUnreachableBrokerFailsWithStatus4() throws Exception {
        Path file = tmp.resolve("comparison.json");
        Json.write(file, ReportFixtures.mixed(true));
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Result r = cli("publish", file.toString(), "--bootstrap-servers", "127.0.0.1:" + port, "--timeout", "3");
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.err()).contains("run publish again");
    }
}

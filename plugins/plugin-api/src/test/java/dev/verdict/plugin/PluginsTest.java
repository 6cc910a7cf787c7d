package dev.verdict.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginsTest {

    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void aRegisteredFactoryIsFoundByItsIdAndMadeFromTypedSettings() {
        assertThat(Plugins.load(DeployTargetFactory.class, loader)).containsOnlyKeys("echo");
        assertThat(Plugins.load(MetricSourceFactory.class, loader)).isEmpty();

        DeployTarget t = Plugins.create(
                DeployTargetFactory.class, loader, "echo", Map.of("home", "/srv/verdict", "ready-timeout", "2m"));
        EchoTargetFactory.Echo echo = (EchoTargetFactory.Echo) t;
        assertThat(echo.port()).isEqualTo(8090); // the default
        assertThat(echo.ready()).isEqualTo(Duration.ofMinutes(2));
        assertThat(echo.home()).isEqualTo("/srv/verdict");
    }

    @Test
    void everyProblemOfTheSettingsIsReportedAtOnceWithItsKey() {
        assertThatThrownBy(() -> Plugins.create(
                        DeployTargetFactory.class,
                        loader,
                        "echo",
                        Map.of("router-port", "eighty", "ready-timeout", "soon", "colour", "blue")))
                .isInstanceOfSatisfying(PluginConfigException.class, e -> {
                    assertThat(e.pluginId()).isEqualTo("echo");
                    assertThat(e.problems())
                            .containsExactly(
                                    "colour: unknown setting (known: router-port, ready-timeout, home)",
                                    "home: required (where instances keep their files)",
                                    "ready-timeout: 'soon' is not a duration (e.g. 500ms, 30s, 5m, PT1H)",
                                    "router-port: 'eighty' is not a whole number");
                });
    }

    @Test
    void anUnknownPluginIdNamesTheOnesThatExist() {
        assertThatThrownBy(() -> Plugins.create(DeployTargetFactory.class, loader, "kubernetes", Map.of()))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("kubernetes")
                .hasMessageContaining("[echo]");
    }

    @Test
    void twoFactoriesWithOneIdAreRefusedNamingBoth(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path services = dir.resolve("META-INF/services/dev.verdict.plugin.DeployTargetFactory");
        java.nio.file.Files.createDirectories(services.getParent());
        java.nio.file.Files.writeString(services, "dev.verdict.plugin.EchoTwinFactory\n");
        try (java.net.URLClassLoader twin =
                new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, loader)) {
            assertThatThrownBy(() -> Plugins.load(DeployTargetFactory.class, twin))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the id 'echo'")
                    .hasMessageContaining("EchoTargetFactory")
                    .hasMessageContaining("EchoTwinFactory");
        }
    }

    @Test
    void durationsReadAsOperatorsWriteThem() {
        assertThat(Setting.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Setting.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Setting.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Setting.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Setting.parseDuration("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> Setting.parseDuration("5d")).hasMessageContaining("'5d' is not a duration");
        assertThatThrownBy(() -> Setting.parseDuration("")).hasMessageContaining("is not a duration");
    }

    @Test
    void weightsMustBePercentagesThatSumToAHundred() {
        Map<Scope, Integer> ok = new EnumMap<>(Scope.class);
        ok.put(Scope.STABLE, 80);
        ok.put(Scope.BASELINE, 10);
        ok.put(Scope.CANARY, 10);
        DeployTarget.checkWeights(ok);
        assertThatThrownBy(() -> DeployTarget.checkWeights(Map.of(Scope.STABLE, 90, Scope.CANARY, 5)))
                .hasMessageContaining("sum to 100, not 95");
        assertThatThrownBy(() -> DeployTarget.checkWeights(Map.of(Scope.STABLE, 110, Scope.CANARY, -10)))
                .hasMessageContaining("must be 0..100");
    }

    @Test
    void specsAndQueriesRefuseWhatNoTargetCouldRun() {
        assertThatThrownBy(() -> new Artifact(Artifact.Type.COMMAND, "python3 -m http.server"))
                .hasMessageContaining("{port}");
        Artifact jar = new Artifact(Artifact.Type.JAR, "app.jar");
        assertThatThrownBy(() -> new DeploySpec("d1", "component:default/a", Scope.CANARY, "1.1", jar, 0, null, null))
                .hasMessageContaining("at least 1");
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        assertThatThrownBy(() -> new MetricQuery(
                        "latency", null, "component:default/a", Scope.CANARY, null, null, t, t, Duration.ofSeconds(10)))
                .hasMessageContaining("must end after it starts");
        assertThat(Scope.ofLabel("baseline")).isEqualTo(Scope.BASELINE);
        assertThatThrownBy(() -> Scope.ofLabel("control")).hasMessageContaining("stable, baseline or canary");
    }

    @Test
    void aSeriesIsAValueItsHolderCannotChange() {
        double[] v = {1, Double.NaN, 3};
        MetricSeries s = new MetricSeries("latency", Scope.CANARY, Instant.EPOCH, Duration.ofSeconds(10), v);
        v[0] = 99;
        s.values()[1] = 99;
        assertThat(s.values()).containsExactly(1, Double.NaN, 3);
        assertThat(s)
                .isEqualTo(new MetricSeries(
                        "latency", Scope.CANARY, Instant.EPOCH, Duration.ofSeconds(10), new double[] {1, Double.NaN, 3
                        }));
    }
}

package dev.verdict.plugin.process.run;

import dev.verdict.plugin.DeployTarget;
import dev.verdict.plugin.DeployTargetFactory;
import dev.verdict.plugin.Setting;
import dev.verdict.plugin.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The {@code process} deploy target. */
public class ProcessTargetFactory implements DeployTargetFactory {

    static final Setting<Path> WORK_DIR = Setting.path(
            "work-dir",
            "where instances run and write their logs",
            Path.of(System.getProperty("java.io.tmpdir"), "verdict-process-target")
                    .toString());
    static final Setting<String> HEALTH_PATH =
            Setting.text("health-path", "the path that answers 2xx once an instance is ready", "/");
    static final Setting<Duration> STOP_GRACE =
            Setting.duration("stop-grace", "how long an instance may take to stop before it is killed", "10s");
    static final Setting<Integer> ROUTER_PORT =
            Setting.integer("router-port", "the router port of the first component (0: any free port)", 8090);
    static final Setting<Duration> INTERVAL =
            Setting.duration("record-interval", "the length of one router record interval", "10s");

    static final Setting<String> METRICS_PATH = Setting.text(
            "metrics-path",
            "where Prometheus scrapes each instance, as written to work-dir/prometheus/targets.json",
            "/q/metrics");

    @Override
    public String id() {
        return "process";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(WORK_DIR, HEALTH_PATH, STOP_GRACE, ROUTER_PORT, INTERVAL, METRICS_PATH);
    }

    @Override
    public DeployTarget create(Settings s) {
        return new ProcessTarget(
                s.get(WORK_DIR),
                s.get(HEALTH_PATH),
                s.get(STOP_GRACE),
                s.get(ROUTER_PORT),
                s.get(INTERVAL),
                s.get(METRICS_PATH));
    }
}

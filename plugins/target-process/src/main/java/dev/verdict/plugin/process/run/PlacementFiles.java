package dev.verdict.plugin.process.run;

import dev.verdict.plugin.Placement;
import dev.verdict.plugin.Scope;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The target's memory across restarts: one properties file per placement in {@code work-dir/placements}, naming its
 * instances by port, pid and OS start time. An orchestrator killed and started again reads them and adopts the
 * instances that still run, as a cluster target would find its Deployments. Files are replaced atomically, so a
 * crash leaves the old or the new file, never half of one.
 *
 * <p>After every change the same records are also written as {@code work-dir/prometheus/targets.json}, Prometheus's
 * file-based service discovery format: each instance with labels {@code verdict_component}, {@code verdict_scope},
 * {@code verdict_version} and {@code verdict_placement}, scraped at {@code metrics-path}. A Prometheus with a
 * {@code file_sd_configs} entry on that file follows every deploy, promote and removal.
 */
final class PlacementFiles {

    record Saved(Placement placement, List<Instance> instances, int expected) {}

    private final Path dir;
    private final Path scrapeTargets;
    private final String metricsPath;

    PlacementFiles(Path workDir, String metricsPath) {
        this.dir = workDir.resolve("placements");
        this.scrapeTargets = workDir.resolve("prometheus").resolve("targets.json");
        this.metricsPath = metricsPath;
    }

    void write(Placement p, List<Instance> instances) {
        Properties props = new Properties();
        props.setProperty("id", p.id());
        props.setProperty("component", p.component());
        props.setProperty("scope", p.scope().label());
        props.setProperty("version", p.version());
        props.setProperty("instances", Integer.toString(instances.size()));
        for (int i = 0; i < instances.size(); i++) {
            Instance x = instances.get(i);
            props.setProperty(i + ".id", x.id);
            props.setProperty(i + ".port", Integer.toString(x.port));
            props.setProperty(i + ".pid", Long.toString(x.process.pid()));
            props.setProperty(i + ".started", x.startedAt().toString());
            props.setProperty(i + ".log", x.log.toString());
        }
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(p.id() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                props.store(w, "verdict process target placement");
            }
            replace(tmp, file(p.id()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record placement " + p.id() + " in " + dir, e);
        }
        publishScrapeTargets();
    }

    void delete(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the record of placement " + id, e);
        }
        publishScrapeTargets();
    }

    /** Where the scrape targets are written, for a Prometheus's {@code file_sd_configs}. */
    Path scrapeTargets() {
        return scrapeTargets;
    }

    /** Every recorded placement's instances as file_sd JSON, one group per placement. */
    private void publishScrapeTargets() {
        StringBuilder json = new StringBuilder("[");
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.properties")) {
                for (Path f : files) {
                    Properties props = new Properties();
                    try (Reader r = Files.newBufferedReader(f)) {
                        props.load(r);
                    }
                    int n = Integer.parseInt(props.getProperty("instances", "0"));
                    json.append(json.length() > 1 ? "," : "").append("\n{\"targets\":[");
                    for (int i = 0; i < n; i++) {
                        json.append(i > 0 ? "," : "")
                                .append("\"127.0.0.1:")
                                .append(props.getProperty(i + ".port"))
                                .append('"');
                    }
                    json.append("],\"labels\":{");
                    label(json, "__metrics_path__", metricsPath).append(',');
                    label(json, "verdict_component", props.getProperty("component"))
                            .append(',');
                    label(json, "verdict_placement", props.getProperty("id")).append(',');
                    label(json, "verdict_scope", props.getProperty("scope")).append(',');
                    label(json, "verdict_version", props.getProperty("version"));
                    json.append("}}");
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("process target: cannot write the Prometheus targets: " + e); // next change retries
                return;
            }
        }
        json.append("\n]\n");
        try {
            Files.createDirectories(scrapeTargets.getParent());
            Path tmp = scrapeTargets.resolveSibling("targets.json.tmp");
            Files.writeString(tmp, json);
            replace(tmp, scrapeTargets);
        } catch (IOException e) {
            System.err.println("process target: cannot write " + scrapeTargets + ": " + e);
        }
    }

    private static StringBuilder label(StringBuilder json, String name, String value) {
        String v = value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"");
        return json.append('"').append(name).append("\":\"").append(v).append('"');
    }

    private static void replace(Path tmp, Path to) throws IOException {
        try {
            Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Every recorded placement with its instances that still run; {@code expected} is how many were started. */
    List<Saved> readAll(Consumer<String> warn) {
        List<Saved> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.properties")) {
            for (Path f : files) {
                read(f, warn).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return out;
    }

    private Optional<Saved> read(Path f, Consumer<String> warn) {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(f)) {
            props.load(r);
            Placement p = new Placement(
                    props.getProperty("id"),
                    props.getProperty("component"),
                    Scope.ofLabel(props.getProperty("scope")),
                    props.getProperty("version"));
            int n = Integer.parseInt(props.getProperty("instances"));
            List<Instance> alive = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Instance.adopt(
                                props.getProperty(i + ".id"),
                                Integer.parseInt(props.getProperty(i + ".port")),
                                Long.parseLong(props.getProperty(i + ".pid")),
                                Instant.parse(props.getProperty(i + ".started")),
                                Path.of(props.getProperty(i + ".log")))
                        .ifPresent(alive::add);
            }
            return Optional.of(new Saved(p, List.copyOf(alive), n));
        } catch (IOException | RuntimeException e) {
            warn.accept("ignoring unreadable placement record " + f + ": " + e);
            return Optional.empty();
        }
    }

    private Path file(String id) {
        return dir.resolve(id + ".properties");
    }
}

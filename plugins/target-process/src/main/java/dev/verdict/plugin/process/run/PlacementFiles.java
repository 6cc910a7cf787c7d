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
 */
final class PlacementFiles {

    record Saved(Placement placement, List<Instance> instances, int expected) {}

    private final Path dir;

    PlacementFiles(Path workDir) {
        this.dir = workDir.resolve("placements");
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
            try {
                Files.move(tmp, file(p.id()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(p.id()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record placement " + p.id() + " in " + dir, e);
        }
    }

    void delete(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the record of placement " + id, e);
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

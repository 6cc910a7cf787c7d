package dev.verdict.plugin.process.run;

import dev.verdict.plugin.InstanceStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One OS process of a placement, listening on its own loopback port; its output goes to a log file. */
final class Instance {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    final String id;
    final int port;
    final ProcessHandle process;
    final Path log;
    /** The {@link Process} when this JVM started it (it knows the exit code); null for an adopted instance. */
    private final Process started;

    private volatile boolean ready;

    Instance(String id, int port, Process process, Path log) {
        this(id, port, process.toHandle(), process, log);
    }

    private Instance(String id, int port, ProcessHandle process, Process started, Path log) {
        this.id = id;
        this.port = port;
        this.process = process;
        this.started = started;
        this.log = log;
    }

    /**
     * The instance a previous orchestrator process started, if it still runs: same pid and same start time (a pid
     * alone may have been reused by an unrelated process).
     */
    static Optional<Instance> adopt(String id, int port, long pid, Instant startedAt, Path log) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().startInstant().map(startedAt::equals).orElse(false))
                .map(h -> new Instance(id, port, h, null, log));
    }

    /** When the OS started the process; with the pid it identifies the instance across restarts. */
    Instant startedAt() {
        return process.info().startInstant().orElse(Instant.EPOCH);
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** Ready once {@code healthPath} answers 2xx; never ready again after the process exits. */
    InstanceStatus status(String healthPath) {
        if (!process.isAlive()) {
            return new InstanceStatus(
                    id,
                    "127.0.0.1:" + port,
                    InstanceStatus.Health.FAILED,
                    (started != null ? "exited with " + started.exitValue() : "exited") + "; output in " + log);
        }
        if (!ready) {
            ready = probe(healthPath);
        }
        return new InstanceStatus(
                id,
                "127.0.0.1:" + port,
                ready ? InstanceStatus.Health.READY : InstanceStatus.Health.STARTING,
                ready ? null : "not answering yet");
    }

    private boolean probe(String healthPath) {
        try (Socket s = new Socket()) {
            s.connect(address(), 200);
        } catch (IOException e) {
            return false;
        }
        try {
            HttpResponse<Void> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + healthPath))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}. */
    void stop(Duration grace) {
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException ignored) {
                // the kill was sent; a process that outlives SIGKILL for 10 s is the kernel's business
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (ExecutionException e) {
            process.destroyForcibly();
        }
    }
}

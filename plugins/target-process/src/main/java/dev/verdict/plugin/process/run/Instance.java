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
import java.util.concurrent.TimeUnit;

/** One OS process of a placement, listening on its own loopback port; its output goes to a log file. */
final class Instance {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    final String id;
    final int port;
    final Process process;
    final Path log;
    private volatile boolean ready;

    Instance(String id, int port, Process process, Path log) {
        this.id = id;
        this.port = port;
        this.process = process;
        this.log = log;
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
                    "exited with " + process.exitValue() + "; output in " + log);
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
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

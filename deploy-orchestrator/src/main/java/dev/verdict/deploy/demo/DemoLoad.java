package dev.verdict.deploy.demo;

import dev.verdict.deploy.config.DeployConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Light background traffic for the local demo ({@code verdict.deploy.demo.load-url}, {@code load-rps}): a canary
 * judged on the router's records needs requests, and the demo has no users. Off unless a URL is set; requests that
 * fail (nothing deployed yet) are simply dropped.
 */
@ApplicationScoped
public class DemoLoad {

    private final Optional<String> url;
    private final int rps;
    private ScheduledExecutorService executor;

    public DemoLoad(DeployConfig config) {
        this.url = config.demo().loadUrl().filter(u -> !u.isBlank());
        this.rps = config.demo().loadRps();
    }

    void start(@Observes StartupEvent ev) {
        if (url.isEmpty() || rps <= 0) {
            return;
        }
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(1))
                .executor(Executors.newFixedThreadPool(4, r -> {
                    Thread t = new Thread(r, "demo-load-http");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.get()))
                .timeout(Duration.ofSeconds(5))
                .build();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-load");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleAtFixedRate(
                () -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .exceptionally(e -> null),
                1000,
                Math.max(1, 1_000_000 / rps),
                TimeUnit.MICROSECONDS);
        Log.infof("demo load: %d requests/s to %s", rps, url.get());
    }

    void stop(@Observes ShutdownEvent ev) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}

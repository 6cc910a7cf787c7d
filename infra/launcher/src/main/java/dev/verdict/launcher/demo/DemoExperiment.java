package dev.verdict.launcher.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The demo's experiments: each {@code infra/demo/experiments/*.json} is created in deploy-orchestrator and started,
 * unless it exists already (a draft is started). deploy-orchestrator's simulated shoppers then shop in it, and its
 * snapshots reach the demo ADR it names. Never throws: the summary shows a warning instead.
 */
public final class DemoExperiment {

    static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([a-z0-9-]+)\"");
    static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([a-z]+)\"");

    private final String orchestratorUrl;
    private final Path dir;
    private final Supplier<String> token;
    private final Duration patience;

    /** @param patience how long to wait for the orchestrator to learn the component from the catalog's events */
    public DemoExperiment(String orchestratorUrl, Path dir, Supplier<String> token, Duration patience) {
        this.orchestratorUrl = orchestratorUrl;
        this.dir = dir;
        this.token = token;
        this.patience = patience;
    }

    public List<String> start() {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return lines;
        }
        try (Stream<Path> files = Files.list(dir)) {
            String bearer = token.get();
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                lines.add(start(Files.readString(f), bearer));
            }
        } catch (RuntimeException | IOException e) {
            lines.add("WARNING demo experiments failed: " + e.getMessage());
        }
        return lines;
    }

    private String start(String definition, String bearer) {
        Matcher k = KEY.matcher(definition);
        if (!k.find()) {
            return "WARNING demo experiment without a key skipped";
        }
        String key = k.group(1);
        HttpResponse<String> existing =
                DemoData.send(HttpRequest.newBuilder(URI.create(orchestratorUrl + "/api/experiments/" + key)), bearer);
        if (existing.statusCode() == 404) {
            HttpResponse<String> r = DemoData.postWhileUnknown(
                    URI.create(orchestratorUrl + "/api/experiments"), definition, bearer, patience);
            if (r.statusCode() != 201) {
                throw DemoData.failure("POST /api/experiments", r);
            }
            existing = r;
        } else if (existing.statusCode() != 200) {
            throw DemoData.failure("GET /api/experiments/" + key, existing);
        }
        Matcher s = STATUS.matcher(existing.body());
        if (s.find() && !s.group(1).equals("draft")) {
            return "demo experiment: " + key + " exists (" + s.group(1) + "), left as it is";
        }
        HttpResponse<String> started = DemoData.send(
                HttpRequest.newBuilder(URI.create(orchestratorUrl + "/api/experiments/" + key + "/start"))
                        .POST(HttpRequest.BodyPublishers.noBody()),
                bearer);
        if (started.statusCode() != 200) {
            throw DemoData.failure("POST /api/experiments/" + key + "/start", started);
        }
        return "demo experiment: " + key + " running; simulated shoppers allocate with the SDK, results at "
                + orchestratorUrl + "/api/experiments/" + key + "/results";
    }
}

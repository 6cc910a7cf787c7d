package dev.verdict.launcher.demo;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The demo's running service: the first version (1.0.0) of the demo catalog's payments-api, deployed through
 * deploy-orchestrator from {@code infra/demo-service}'s jar, so it runs as stable behind the router and
 * {@code ./verdict deploy payments-api 1.1.0} has something to canary against. Skipped when a deployment of it
 * exists. Never throws: the summary shows a warning instead.
 */
public final class DemoDeploy {

    static final String COMPONENT = "component:default/payments-api";
    static final String FIRST_VERSION = "1.0.0";

    private final String orchestratorUrl;
    private final Path jar;
    private final Supplier<String> token;
    private final Duration patience;

    /** @param patience how long to wait for the orchestrator to learn the component from the catalog's events */
    public DemoDeploy(String orchestratorUrl, Path jar, Supplier<String> token, Duration patience) {
        this.orchestratorUrl = orchestratorUrl;
        this.jar = jar;
        this.token = token;
        this.patience = patience;
    }

    public String deploy() {
        try {
            if (!Files.isRegularFile(jar)) {
                return "WARNING demo deploy skipped: no " + jar.getFileName()
                        + " (./mvnw -pl infra/demo-service package)";
            }
            String bearer = token.get();
            HttpResponse<String> list = DemoData.send(
                    HttpRequest.newBuilder(
                            URI.create(orchestratorUrl + "/api/deployments?size=1&component=" + COMPONENT)),
                    bearer);
            if (list.statusCode() == 200 && !list.body().contains("\"total\":0")) {
                return "demo deploy: payments-api already deployed, skipped";
            }
            String body = "{\"component\": \"" + COMPONENT + "\", \"version\": \"" + FIRST_VERSION
                    + "\", \"artifact\": {\"type\": \"jar\", \"value\": " + DemoData.quote(jar.toString()) + "}}";
            HttpResponse<String> r =
                    DemoData.postWhileUnknown(URI.create(orchestratorUrl + "/api/deployments"), body, bearer, patience);
            if (r.statusCode() != 201) {
                throw DemoData.failure("POST /api/deployments", r);
            }
            return "demo deploy: payments-api " + FIRST_VERSION + " starting as stable behind the router";
        } catch (RuntimeException e) {
            return "WARNING demo deploy failed: " + e.getMessage();
        }
    }
}

package dev.verdict.launcher.deploy;

import dev.verdict.launcher.Command;
import dev.verdict.launcher.stack.KeycloakComponent;
import dev.verdict.launcher.stack.ServiceModule;
import dev.verdict.launcher.stack.Stack;
import dev.verdict.launcher.stack.StackException;
import dev.verdict.runtime.keycloak.KeycloakTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./verdict deploy COMPONENT VERSION}: a canary deploy through the local stack's deploy-orchestrator, then its
 * timeline as it happens, until it is promoted, rolled back, aborted or paused for a person. Exit code 0 when
 * promoted, 1 when rolled back or aborted, 3 when paused. The artifact, runtime and instances default to the
 * component's current release; config and steps to the orchestrator's defaults.
 */
public final class DeployCommand implements Command {

    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");
    static final Pattern ENTRY = Pattern.compile(
            "\"id\"\\s*:\\s*(\\d+)\\s*,\\s*\"at\"\\s*:\\s*\"([^\"]+)\"\\s*,\\s*\"kind\"\\s*:\\s*\"([A-Z_]+)\"\\s*,"
                    + "\\s*\"actor\"\\s*:\\s*\"([^\"]*)\"\\s*,\\s*\"summary\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    static final Pattern DETAIL = Pattern.compile("\"detail\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public String usage() {
        return "deploy COMPONENT VERSION [--user U] [--runtime JDK] [--config FILE] [--steps JSON|@FILE]"
                + " [--decision ADR-N] [--artifact-jar JAR] [--no-wait]\n"
                + "                     canary deploy through deploy-orchestrator; follows its timeline";
    }

    @Override
    public int run(Stack stack, List<String> a) throws Exception {
        return deploy(
                "http://localhost:"
                        + ServiceModule.byName().get("deploy-orchestrator").port(),
                KeycloakComponent.realmUrl(),
                a);
    }

    /** The command against an orchestrator at {@code base}, signing in on the Keycloak realm at {@code realm}. */
    static int deploy(String base, String realm, List<String> a) throws Exception {
        if (a.size() < 2 || a.get(0).startsWith("-") || a.get(1).startsWith("-")) {
            throw new StackException("usage: ./verdict " + new DeployCommand().usage());
        }
        String user = Command.option(a, "--user", "engineer");
        String password = System.getenv().getOrDefault("VERDICT_PASSWORD", user + "-demo");
        String token = KeycloakTokens.passwordGrant(realm, "verdict-cli", user, password);

        StringBuilder body = new StringBuilder("{\"component\": ")
                .append(json(a.get(0)))
                .append(", \"version\": ")
                .append(json(a.get(1)));
        String runtime = Command.option(a, "--runtime", null);
        if (runtime != null) {
            body.append(", \"runtime\": ").append(json(runtime));
        }
        String decision = Command.option(a, "--decision", null);
        if (decision != null) {
            body.append(", \"decision\": ").append(json(decision));
        }
        String jar = Command.option(a, "--artifact-jar", null);
        if (jar != null) {
            body.append(", \"artifact\": {\"type\": \"jar\", \"value\": ")
                    .append(json(Path.of(jar).toAbsolutePath().toString()))
                    .append('}');
        }
        String config = Command.option(a, "--config", null);
        if (config != null) {
            body.append(", \"config\": ").append(Files.readString(Path.of(config)));
        }
        String steps = Command.option(a, "--steps", null);
        if (steps != null) {
            body.append(", \"steps\": ")
                    .append(steps.startsWith("@") ? Files.readString(Path.of(steps.substring(1))) : steps);
        }
        body.append('}');
        HttpResponse<String> r = send(
                HttpRequest.newBuilder(URI.create(base + "/api/deployments"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)),
                token);
        if (r.statusCode() != 201) {
            Matcher m = DETAIL.matcher(r.body());
            System.err.println("deploy refused: HTTP " + r.statusCode() + ": " + (m.find() ? m.group(1) : r.body()));
            if (r.statusCode() == 422) {
                System.err.println(r.body());
            }
            return 2;
        }
        Matcher id = ID.matcher(r.body());
        if (!id.find()) {
            throw new StackException("deploy-orchestrator answered 201 without an id: " + r.body());
        }
        String deployment = id.group(1);
        System.out.println("deployment " + deployment + " (" + base + "/api/deployments/" + deployment + ")");
        if (a.contains("--no-wait")) {
            return 0;
        }
        return follow(base, deployment, token);
    }

    /** Prints new timeline entries every second until the deployment finished or paused. */
    static int follow(String base, String deployment, String token) throws Exception {
        long seen = 0;
        while (true) {
            // the status first, then the timeline: the entries written with a final status are then printed too
            HttpResponse<String> d =
                    send(HttpRequest.newBuilder(URI.create(base + "/api/deployments/" + deployment)), token);
            Matcher s = STATUS.matcher(d.body());
            String status = s.find() ? s.group(1) : "?";
            HttpResponse<String> t = send(
                    HttpRequest.newBuilder(URI.create(base + "/api/deployments/" + deployment + "/timeline?size=200")),
                    token);
            Matcher e = ENTRY.matcher(t.body());
            while (e.find()) {
                long n = Long.parseLong(e.group(1));
                if (n > seen) {
                    seen = n;
                    System.out.printf("%s  %-11s %s%n", e.group(2).substring(11, 19), e.group(3), unescape(e.group(5)));
                }
            }
            switch (status) {
                case "PROMOTED":
                    return 0;
                case "ROLLED_BACK":
                case "ABORTED":
                    return 1;
                case "PAUSED":
                    System.out.println("paused: promote or abort with POST " + base + "/api/deployments/" + deployment
                            + "/promote | /abort");
                    return 3;
                default:
                    Thread.sleep(1000);
            }
        }
    }

    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String unescape(String s) {
        return s.replace("\\\"", "\"").replace("\\n", " ").replace("\\\\", "\\");
    }

    private static HttpResponse<String> send(HttpRequest.Builder req, String token) throws IOException {
        try {
            return HTTP.send(
                    req.timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + token)
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

package dev.verdict.launcher.demo;

import dev.verdict.runtime.keycloak.KeycloakTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads the demo data of {@code infra/demo} into a freshly started stack: the catalog YAML into catalog-service
 * ({@code POST /api/entities}, multi-document, as {@code admin} because Group/User writes need it) and the ADRs into
 * decision-records ({@code POST /api/import}). Each part runs only when its service is in the stack and holds no
 * demo data yet, so a second {@code up} changes nothing. Failures become warnings: demo data is a convenience and
 * must never fail {@code up}.
 */
public final class DemoData {

    /** {@code VERDICT_DEMO_DATA=false} turns loading off. */
    public static final String ENV = "VERDICT_DEMO_DATA";

    static final String CLIENT = "verdict-cli";
    static final String USER = "admin";
    static final String PASSWORD = "admin-demo";

    private static final Pattern COMPONENT_NAME =
            Pattern.compile("(?ms)^kind:\\s*Component\\s*$.*?^metadata:\\s*$.*?^\\s+name:\\s*([A-Za-z0-9._-]+)\\s*$");
    private static final Pattern EMPTY_ITEMS = Pattern.compile("\"items\"\\s*:\\s*\\[\\s*]");
    private static final Pattern DETAIL = Pattern.compile("\"(?:detail|title)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** How the demo directory is named in the summary (repo-relative). */
    private static final String DISPLAY = "infra/demo";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path demoDir;
    private final String catalogUrl;
    private final String decisionsUrl;
    private final Supplier<String> token;

    /**
     * @param catalogUrl   base URL of catalog-service, or null when it is not part of the stack
     * @param decisionsUrl base URL of decision-records, or null when it is not part of the stack
     * @param token        fetches a bearer token with the admin role; called at most once
     */
    public DemoData(Path demoDir, String catalogUrl, String decisionsUrl, Supplier<String> token) {
        this.demoDir = demoDir;
        this.catalogUrl = catalogUrl;
        this.decisionsUrl = decisionsUrl;
        this.token = token;
    }

    /** The stack's loader: the admin demo user's token by password grant on the public verdict-cli client. */
    public static DemoData forStack(Path root, String realmUrl, String catalogUrl, String decisionsUrl) {
        return new DemoData(
                root.resolve("infra/demo"),
                catalogUrl,
                decisionsUrl,
                () -> KeycloakTokens.passwordGrant(realmUrl, CLIENT, USER, PASSWORD));
    }

    /** The admin demo user's token, by password grant on the public verdict-cli client. */
    public static Supplier<String> adminToken(String realmUrl) {
        return () -> KeycloakTokens.passwordGrant(realmUrl, CLIENT, USER, PASSWORD);
    }

    public static boolean enabled(String envValue) {
        return envValue == null || !envValue.trim().equalsIgnoreCase("false");
    }

    /** Loads what is missing; returns one line per part for the summary (warnings included). Never throws. */
    public List<String> load() {
        List<String> lines = new ArrayList<>();
        if (catalogUrl == null && decisionsUrl == null) {
            lines.add("demo data: no catalog-service or decision-records in the stack, nothing to load");
            return lines;
        }
        String bearer;
        try {
            bearer = token.get();
        } catch (RuntimeException e) {
            lines.add("WARNING demo data not loaded: no admin token (" + e.getMessage() + ")");
            return lines;
        }
        if (catalogUrl != null) {
            lines.add(guard("catalog", () -> loadCatalog(bearer)));
        }
        if (decisionsUrl != null) {
            lines.add(guard("decisions", () -> loadDecisions(bearer)));
        }
        return lines;
    }

    private static String guard(String part, Supplier<String> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            return "WARNING demo " + part + " not loaded: " + e.getMessage();
        }
    }

    String loadCatalog(String bearer) {
        List<Path> files = files("catalog", ".yaml");
        if (files.isEmpty()) {
            return "demo catalog: no files in " + demoDir.resolve("catalog");
        }
        List<String> docs = new ArrayList<>();
        for (Path f : files) {
            for (String doc : read(f).split("(?m)^---\\s*$")) {
                if (doc.lines().anyMatch(l -> !l.isBlank() && !l.startsWith("#"))) {
                    docs.add(doc.strip());
                }
            }
        }
        String yaml = String.join("\n---\n", docs) + "\n";
        String marker = firstComponent(yaml)
                .orElseThrow(() -> new IllegalStateException("the demo catalog has no Component to check for"));
        HttpResponse<String> probe = send(
                HttpRequest.newBuilder(URI.create(catalogUrl + "/api/entities/by-ref/component/default/" + marker)),
                bearer);
        if (probe.statusCode() == 200) {
            return "demo catalog: already loaded (component:default/" + marker + " exists), skipped";
        }
        if (probe.statusCode() != 404) {
            throw failure("GET component:default/" + marker, probe);
        }
        HttpResponse<String> resp = send(
                HttpRequest.newBuilder(URI.create(catalogUrl + "/api/entities"))
                        .header("Content-Type", "application/yaml")
                        .POST(HttpRequest.BodyPublishers.ofString(yaml, StandardCharsets.UTF_8)),
                bearer);
        if (resp.statusCode() != 200 && resp.statusCode() != 201) {
            throw failure("POST /api/entities", resp);
        }
        return String.format(
                Locale.ROOT,
                "demo catalog: loaded %d entities from %s (HTTP %d)",
                docs.size(),
                DISPLAY + "/catalog",
                resp.statusCode());
    }

    String loadDecisions(String bearer) {
        List<Path> files = files("decisions", ".md");
        if (files.isEmpty()) {
            return "demo decisions: no files in " + demoDir.resolve("decisions");
        }
        HttpResponse<String> probe =
                send(HttpRequest.newBuilder(URI.create(decisionsUrl + "/api/decisions?limit=1")), bearer);
        if (probe.statusCode() != 200) {
            throw failure("GET /api/decisions", probe);
        }
        if (!EMPTY_ITEMS.matcher(probe.body()).find()) {
            return "demo decisions: decision-records already has decisions, skipped";
        }
        StringBuilder json = new StringBuilder("{\"format\":\"madr\",\"source\":\"Verdict demo data\",\"files\":[");
        for (int i = 0; i < files.size(); i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"path\":")
                    .append(quote("docs/decisions/" + files.get(i).getFileName()))
                    .append(",\"content\":")
                    .append(quote(read(files.get(i))))
                    .append('}');
        }
        json.append("]}");
        HttpResponse<String> resp = send(
                HttpRequest.newBuilder(URI.create(decisionsUrl + "/api/import"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.toString(), StandardCharsets.UTF_8)),
                bearer);
        if (resp.statusCode() != 201) {
            throw failure("POST /api/import", resp);
        }
        // decision-records reads the demo files' verdict: block (criteria, tags, links, entities) on import.
        return String.format(
                Locale.ROOT,
                "demo decisions: imported %d ADRs from %s (HTTP %d)",
                files.size(),
                DISPLAY + "/decisions",
                resp.statusCode());
    }

    static Optional<String> firstComponent(String yaml) {
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            Matcher m = COMPONENT_NAME.matcher(doc);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    private List<Path> files(String dir, String suffix) {
        Path d = demoDir.resolve(dir);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /**
     * POSTs a JSON {@code body} to {@code uri}, again each second while the answer is 404 (deploy-orchestrator's owner
     * projection has not seen the catalog's events yet), for at most {@code patience}.
     */
    static HttpResponse<String> postWhileUnknown(URI uri, String body, String bearer, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        HttpResponse<String> r;
        do {
            r = send(
                    HttpRequest.newBuilder(uri)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)),
                    bearer);
            if (r.statusCode() == 404) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return r;
                }
            }
        } while (r.statusCode() == 404 && Instant.now().isBefore(deadline));
        return r;
    }

    /** One call of the demo loaders, as {@code bearer}; I/O failures become {@link IllegalStateException}s. */
    static HttpResponse<String> send(HttpRequest.Builder req, String bearer) {
        try {
            return HTTP.send(
                    req.timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + bearer)
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** "HTTP 422: detail" from a problem+json body; the raw (shortened) body when it is not one. */
    public static IllegalStateException failure(String call, HttpResponse<String> resp) {
        String body = resp.body() == null ? "" : resp.body();
        Matcher m = DETAIL.matcher(body);
        String problem = m.find() ? m.group(1) : body;
        if (problem.length() > 500) {
            problem = problem.substring(0, 500) + "...";
        }
        String full = body.length() > 2000 ? body.substring(0, 2000) + "..." : body;
        return new IllegalStateException(call + " -> HTTP " + resp.statusCode() + ": " + problem
                + (full.equals(problem) || full.isBlank() ? "" : "\n    " + full));
    }

    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

package dev.verdict.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every operation of a service's OpenAPI document × every kind of caller, checked against the service's declared
 * policy table ({@code authorization-policy.txt}). The operations are read from the document at test time, so an
 * endpoint without a policy row is a fault ({@link #coverage}) and a new endpoint cannot be open by accident.
 *
 * <p>A caller the policy refuses must get exactly 401 (not signed in: no token, expired, forged) or 403 (signed in,
 * not allowed), as problem+json: a 2xx is an unexpected success, any other status means the check came too late
 * (after a lookup or a validation). A caller the policy admits must get neither 401 nor 403, and never a 5xx.
 */
public final class AuthorizationMatrix {

    /** Who may call an operation: the least realm role, or the owners of the thing it acts on (and admins). */
    public enum Rule {
        /**
         * anyone without a token (health and metrics only); a request that carries an invalid token is refused with
         * 401 here too, because authentication is proactive
         */
        PUBLIC,
        /** any valid token: every person and every service account */
        VIEWER,
        ENGINEER,
        ARCHITECT,
        ADMIN,
        /** engineers who are members of the owning team, and admins */
        OWNER;

        static Rule parse(String s) {
            return Rule.valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    /** A kind of caller: its bearer token (null: none), whether it is validly signed in, its roles, ownership. */
    public record Caller(String name, String token, boolean signedIn, Set<String> roles, boolean owner) {

        public Caller {
            roles = Set.copyOf(roles);
        }

        /** Whether {@code rule} admits this caller (roles as Keycloak expands its composites). */
        public boolean admittedBy(Rule rule) {
            return switch (rule) {
                case PUBLIC -> token == null || signedIn; // a bad token is refused even here
                case VIEWER -> signedIn;
                case ENGINEER -> signedIn && roles.contains("engineer");
                case ARCHITECT -> signedIn && roles.contains("architect");
                case ADMIN -> signedIn && roles.contains("admin");
                case OWNER -> signedIn && (roles.contains("admin") || (owner && roles.contains("engineer")));
            };
        }
    }

    /** One row of the policy table, with the line it came from. */
    public record PolicyRow(String method, String path, Rule rule, int line) {
        String key() {
            return method + " " + path;
        }
    }

    /** An operation of the document: method (upper case), path template, path and query parameters, body types. */
    public record Operation(String method, String path, JsonNode spec) {
        String key() {
            return method + " " + path;
        }

        /** The first media type of the request body, or null without one. */
        public String requestContentType() {
            if (spec == null) {
                return null;
            }
            var names = spec.path("requestBody").path("content").fieldNames();
            return names.hasNext() ? names.next() : null;
        }
    }

    /** What one request got. */
    public record Outcome(Operation operation, Caller caller, Rule rule, int status, String contentType, String body) {

        public boolean expectedAllowed() {
            return caller.admittedBy(rule);
        }

        /** null when the outcome is what the policy says, else what is wrong. */
        public String fault() {
            if (expectedAllowed()) {
                if (status == 401 || status == 403) {
                    return "refused (" + status + ") but the policy admits it";
                }
                if (status >= 500) {
                    return "server error " + status;
                }
                return null;
            }
            int expected = caller.signedIn() ? 403 : 401;
            if (status / 100 == 2) {
                return "UNEXPECTED SUCCESS " + status;
            }
            if (status != expected) {
                return "expected " + expected + ", got " + status + " (the check comes after something else)";
            }
            if (contentType == null || !contentType.startsWith("application/problem+json")) {
                return "refusal is not problem+json: " + contentType;
            }
            return null;
        }

        public boolean unexpectedSuccess() {
            return !expectedAllowed() && status / 100 == 2;
        }

        @Override
        public String toString() {
            String shortBody = body == null ? "" : body.replaceAll("\\s+", " ");
            if (shortBody.length() > 200) {
                shortBody = shortBody.substring(0, 200) + "…";
            }
            return operation.key() + " as " + caller.name() + " (policy "
                    + rule.name().toLowerCase(Locale.ROOT) + "): " + fault() + " — " + shortBody;
        }
    }

    /** What a service's test gives for its operations: path parameter values and request bodies. */
    public interface Fixture {
        /** The value of a path or required query parameter, or null for the default for its schema type. */
        String parameter(Operation operation, String name);

        /** The body to send ({@code contentType} from the document), or null for the default. */
        String body(Operation operation, String contentType);
    }

    private static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS");
    private static final Pattern ROW = Pattern.compile("^(\\S+)\\s+(\\S+)\\s+(\\S+)\\s*(#.*)?$");
    private static final Pattern TEMPLATE = Pattern.compile("\\{([^}/]+)}");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AuthorizationMatrix() {}

    /** Rows of a policy table: {@code METHOD /path rule  # comment}; blank lines and {@code #} lines ignored. */
    public static List<PolicyRow> parsePolicy(String text) {
        List<PolicyRow> rows = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (!m.matches() || !METHODS.contains(m.group(1))) {
                throw new IllegalArgumentException(
                        "policy line " + (i + 1) + ": expected 'METHOD /path rule', got: " + line);
            }
            Rule rule;
            try {
                rule = Rule.parse(m.group(3));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("policy line " + (i + 1) + ": unknown rule '" + m.group(3)
                        + "', one of public, viewer, engineer, architect, admin, owner");
            }
            rows.add(new PolicyRow(m.group(1), m.group(2), rule, i + 1));
        }
        return rows;
    }

    /**
     * The document's operations, except test-only resources under {@code /test/}. Framework endpoints under
     * {@code /q/} are not in the document; their rows in the policy are checked all the same.
     */
    public static List<Operation> operations(JsonNode document) {
        List<Operation> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            if (path.getKey().startsWith("/test/")) {
                continue;
            }
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                String method = op.getKey().toUpperCase(Locale.ROOT);
                if (METHODS.contains(method)) {
                    out.add(new Operation(method, path.getKey(), op.getValue()));
                }
            }
        }
        return out;
    }

    /** Operations with no policy row, rows for an operation the document lacks (outside /q/), and repeated rows. */
    public static List<String> coverage(List<Operation> operations, List<PolicyRow> policy) {
        List<String> faults = new ArrayList<>();
        Map<String, PolicyRow> byKey = new LinkedHashMap<>();
        for (PolicyRow r : policy) {
            PolicyRow before = byKey.put(r.key(), r);
            if (before != null) {
                faults.add("line " + r.line() + ": " + r.key() + " repeats line " + before.line());
            }
        }
        Set<String> documented = new TreeSet<>();
        for (Operation o : operations) {
            documented.add(o.key());
            if (!byKey.containsKey(o.key())) {
                faults.add(o.key() + ": no policy row");
            }
        }
        for (PolicyRow r : policy) {
            if (!documented.contains(r.key()) && !r.path().startsWith("/q/")) {
                faults.add("line " + r.line() + ": " + r.key() + " is not in the OpenAPI document");
            }
        }
        return faults;
    }

    /**
     * Sends every operation of the policy as every caller. Reads before writes and deletes last, and within an
     * operation the callers the policy refuses first, so a write that is admitted cannot change what a refused
     * caller meets.
     */
    public static List<Outcome> run(
            URI base, List<Operation> operations, List<PolicyRow> policy, List<Caller> callers, Fixture fixture) {
        Map<String, Operation> byKey = new LinkedHashMap<>();
        operations.forEach(o -> byKey.put(o.key(), o));
        List<PolicyRow> ordered = new ArrayList<>(policy);
        ordered.sort(Comparator.comparingInt((PolicyRow r) -> methodOrder(r.method()))
                .thenComparing(PolicyRow::path));
        List<Outcome> out = new ArrayList<>();
        for (PolicyRow row : ordered) {
            Operation op = byKey.getOrDefault(row.key(), new Operation(row.method(), row.path(), null));
            List<Caller> order = new ArrayList<>(callers);
            order.sort(Comparator.comparing((Caller c) -> c.admittedBy(row.rule())));
            for (Caller caller : order) {
                out.add(send(base, op, row.rule(), caller, fixture));
            }
        }
        return out;
    }

    private static int methodOrder(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS" -> 0;
            case "POST" -> 1;
            case "PUT", "PATCH" -> 2;
            default -> 3; // DELETE
        };
    }

    private static Outcome send(URI base, Operation op, Rule rule, Caller caller, Fixture fixture) {
        String path = fill(op, fixture);
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (caller.token() != null) {
            b.header("Authorization", "Bearer " + caller.token());
        }
        String contentType = op.requestContentType();
        if (contentType != null) {
            String body = fixture.body(op, contentType);
            if (body == null) {
                body = contentType.contains("json") ? "{}" : "matrix probe\n";
            }
            b.header("Content-Type", contentType).method(op.method(), HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(op.method(), HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Outcome(
                    op,
                    caller,
                    rule,
                    r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse(null),
                    r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(op.key() + " as " + caller.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The path with its parameters filled in, and the required query parameters appended. */
    static String fill(Operation op, Fixture fixture) {
        Matcher m = TEMPLATE.matcher(op.path());
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = fixture.parameter(op, name);
            m.appendReplacement(path, Matcher.quoteReplacement(value != null ? value : defaultFor(op, name)));
        }
        m.appendTail(path);
        StringBuilder query = new StringBuilder();
        if (op.spec() != null) {
            for (JsonNode p : op.spec().path("parameters")) {
                if (p.path("in").asText().equals("query") && p.path("required").asBoolean(false)) {
                    String name = p.path("name").asText();
                    String value = fixture.parameter(op, name);
                    query.append(query.isEmpty() ? '?' : '&')
                            .append(name)
                            .append('=')
                            .append(java.net.URLEncoder.encode(
                                    value != null ? value : defaultFor(op, name),
                                    java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        String p = path.toString();
        return (p.startsWith("/") ? p.substring(1) : p) + query;
    }

    /** A value of the parameter's schema type that names nothing that exists. */
    private static String defaultFor(Operation op, String name) {
        if (op.spec() != null) {
            for (JsonNode p : op.spec().path("parameters")) {
                if (p.path("name").asText().equals(name)) {
                    JsonNode schema = p.path("schema");
                    String type = schema.path("type").asText("");
                    if (type.equals("integer") || type.equals("number")) {
                        return "987654";
                    }
                    if (schema.path("format").asText("").equals("uuid")) {
                        return "00000000-0000-4000-8000-00000000a1b2";
                    }
                    if (schema.has("enum") && !schema.path("enum").isEmpty()) {
                        return schema.path("enum").get(0).asText();
                    }
                }
            }
        }
        return "matrix-probe";
    }

    /** A Markdown summary: per caller, how many operations it was admitted to and refused, and the faults. */
    public static String report(String service, List<Operation> operations, List<Outcome> outcomes) {
        StringBuilder sb = new StringBuilder();
        long faults = outcomes.stream().filter(o -> o.fault() != null).count();
        long unexpected = outcomes.stream().filter(Outcome::unexpectedSuccess).count();
        long rows = outcomes.stream().map(o -> o.operation().key()).distinct().count();
        sb.append("## ")
                .append(service)
                .append("\n\n")
                .append(rows)
                .append(" operations (")
                .append(operations.size())
                .append(" from the OpenAPI document) × ")
                .append(outcomes.stream().map(o -> o.caller().name()).distinct().count())
                .append(" callers = ")
                .append(outcomes.size())
                .append(" requests; unexpected successes: ")
                .append(unexpected)
                .append("; other faults: ")
                .append(faults - unexpected)
                .append("\n\n| caller | admitted | refused 401 | refused 403 |\n|---|---:|---:|---:|\n");
        Map<String, long[]> byCaller = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            long[] c = byCaller.computeIfAbsent(o.caller().name(), k -> new long[3]);
            if (o.status() == 401) {
                c[1]++;
            } else if (o.status() == 403) {
                c[2]++;
            } else {
                c[0]++;
            }
        }
        byCaller.forEach((name, c) -> sb.append(tableRow(name, c)));
        return sb.toString();
    }

    /** One Markdown table row: the label, then the counts. */
    static String tableRow(String label, long[] counts) {
        StringBuilder row = new StringBuilder("| ").append(label);
        for (long c : counts) {
            row.append(" | ").append(c);
        }
        return row.append(" |\n").toString();
    }
}

package dev.verdict.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.testing.AuthorizationMatrix.Operation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Bad request bodies for every operation of a service's OpenAPI document that takes one, sent by a caller the
 * policy admits: malformed, empty, of the wrong shape or content type, invalid UTF-8, nested too deep, one byte over
 * the body limit, and seeded mutations of a valid example (a field removed, a value of the wrong type, a huge
 * string, a huge number, control characters). What must hold, whatever the body:
 *
 * <ul>
 *   <li>never a 5xx;
 *   <li>a rejection (4xx) is problem+json whose {@code detail} says what to fix, and the service's state (row
 *       counts of its domain tables, and what else the test adds, e.g. a git HEAD) is the same before and after;
 *   <li>only a mutation of a valid example, an empty body or {@code null} may be accepted (the field may have been
 *       optional); anything else accepted is a fault.
 * </ul>
 */
public final class BadInputMatrix {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One bad request: what it is, its content type and bytes, and whether a 2xx may be right for it. */
    public record Probe(Operation operation, String name, String contentType, byte[] body, boolean mayBeValid) {}

    /** What a probe got; {@code status} -1 when the service closed the connection instead of answering (a fault). */
    public record Result(Probe probe, int status, String contentType, String body, String before, String after) {

        /** null when the answer is acceptable, else what is wrong. */
        public String fault() {
            if (status == -1) {
                return "no answer: the connection was closed, or nothing came within 90 s";
            }
            if (status >= 500) {
                return "server error " + status;
            }
            if (status == 401 || status == 403) {
                return "refused (" + status + ") a caller the policy admits";
            }
            if (status / 100 == 2 || status / 100 == 3) {
                return probe.mayBeValid() ? null : "accepted (" + status + ")";
            }
            if (contentType == null || !contentType.startsWith("application/problem+json")) {
                return "the rejection is not problem+json: " + contentType;
            }
            String detail = detail(body);
            if (detail.length() < 8) {
                return "the rejection does not say what to fix (detail \"" + detail + "\")";
            }
            if (!before.equals(after)) {
                return "rejected, but the state changed: " + before + " -> " + after;
            }
            return null;
        }

        @Override
        public String toString() {
            String shortBody = body == null ? "" : body.replaceAll("\\s+", " ");
            if (shortBody.length() > 240) {
                shortBody = shortBody.substring(0, 240) + "…";
            }
            return probe.operation().method() + " " + probe.operation().path() + " [" + probe.name() + "]: " + fault()
                    + " — " + status + " " + shortBody;
        }

        private static String detail(String body) {
            try {
                return JSON.readTree(body).path("detail").asText("").strip();
            } catch (IOException e) {
                return "";
            }
        }
    }

    private BadInputMatrix() {}

    /**
     * The probes of one operation. {@code example} is a valid body (null: one built from the document's schema);
     * {@code mutations} seeded mutations of it are added when it is JSON.
     */
    public static List<Probe> probes(
            JsonNode document, Operation op, String example, long maxBodyBytes, int mutations, long seed) {
        String type = op.requestContentType();
        if (type == null) {
            return List.of();
        }
        boolean json = type.contains("json");
        List<Probe> out = new ArrayList<>();
        out.add(probe(op, "empty body", type, "", true));
        if (json) {
            out.add(probe(op, "malformed JSON", type, "{\"unterminated\": [1, 2", false));
            out.add(probe(op, "JSON null", type, "null", true));
            out.add(probe(op, "JSON array instead of object", type, "[1, \"two\", {}]", false));
            out.add(probe(op, "JSON number instead of object", type, "42", false));
            out.add(probe(op, "nested 100000 deep", type, "[".repeat(100_000) + "]".repeat(100_000), false));
            byte[] badUtf8 = "{\"key\": \"\u0000\"}".getBytes(StandardCharsets.UTF_8);
            badUtf8[badUtf8.length - 3] = (byte) 0xC3; // a lead byte followed by '"': not UTF-8
            out.add(new Probe(op, "invalid UTF-8", type, badUtf8, false));
            out.add(probe(op, "wrong content type (form)", "application/x-www-form-urlencoded", "a=b&c=d", false));
        } else {
            out.add(probe(op, "malformed " + type, type, "key: [unclosed, {\n  - : :\n\t@", false));
            out.add(probe(op, "binary content", type, "\u0000\u0001\u0002\uFFFD", false));
        }
        // one byte over the limit, as a well-formed document of the declared type
        int size = (int) Math.min(Integer.MAX_VALUE - 64, maxBodyBytes + 1);
        String filler = "x".repeat(size);
        out.add(probe(
                op,
                "oversized (" + (maxBodyBytes + 1) + " bytes)",
                type,
                json ? "{\"filler\": \"" + filler + "\"}" : "filler: " + filler + "\n",
                false));
        // JSON is YAML too: a YAML operation whose example is written as JSON gets the mutations as well
        boolean yaml = type.contains("yaml");
        if (json || (yaml && example != null && example.stripLeading().startsWith("{"))) {
            JsonNode valid;
            try {
                valid = example != null ? JSON.readTree(example) : exampleOf(document, schemaOf(op), 0);
            } catch (IOException e) {
                throw new IllegalArgumentException(op.key() + ": the example is not JSON", e);
            }
            Random random = new Random(seed ^ op.key().hashCode());
            for (int i = 0; i < mutations; i++) {
                JsonNode copy = valid.deepCopy();
                String what = mutate(copy, random);
                out.add(probe(op, "mutation " + (i + 1) + ": " + what, type, copy.toString(), true));
            }
        }
        return out;
    }

    /**
     * Real files as a user sends them, mutated ({@link Mutations}): {@code count} mutants spread round robin over
     * {@code files}, after each file unchanged. {@code prepare} turns a file's text into the operation's body before
     * it is mutated (the text itself, the text inside a JSON envelope, a name made unique); it is called once per
     * probe. Any of them may be valid, so only the answer's form is judged.
     */
    public static List<Probe> mutatedFiles(
            Operation op, List<Path> files, UnaryOperator<String> prepare, int count, long seed) {
        String type = op.requestContentType();
        if (type == null) {
            throw new IllegalArgumentException(op.key() + " takes no body");
        }
        List<String> texts = new ArrayList<>();
        for (Path f : files) {
            try {
                texts.add(Files.readString(f, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        List<Probe> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            out.add(probe(op, "real file " + files.get(i).getFileName(), type, prepare.apply(texts.get(i)), true));
        }
        Random random = new Random(seed ^ op.key().hashCode());
        for (int i = 0; i < count; i++) {
            int f = i % files.size();
            Mutations.Mutant m = Mutations.mutate(prepare.apply(texts.get(f)), random.nextLong());
            out.add(probe(
                    op,
                    "mutant of a real file: " + files.get(f).getFileName() + ", " + m.description(),
                    type,
                    m.text(),
                    true));
        }
        return out;
    }

    /** Sends the probes; {@code state} is read before and after each. */
    public static List<Result> run(
            URI base, String token, List<Probe> probes, AuthorizationMatrix.Fixture fixture, Supplier<String> state) {
        List<Result> out = new ArrayList<>();
        for (Probe p : probes) {
            String path = AuthorizationMatrix.fill(p.operation(), fixture);
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", p.contentType())
                    .method(p.operation().method(), HttpRequest.BodyPublishers.ofByteArray(p.body()))
                    .build();
            String before = state.get();
            int status;
            String type = null;
            String body = null;
            try {
                // the request timeout does not bound every wait of the client: bound it here as well
                HttpResponse<String> r = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                        .get(90, TimeUnit.SECONDS);
                status = r.statusCode();
                type = r.headers().firstValue("Content-Type").orElse(null);
                body = r.body();
            } catch (ExecutionException | TimeoutException e) {
                status = -1;
                body = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            out.add(new Result(p, status, type, body, before, state.get()));
        }
        return out;
    }

    /** Changes one value of the tree; says what it did. */
    static String mutate(JsonNode root, Random random) {
        List<String> pointers = new ArrayList<>();
        collect(root, "", pointers);
        if (pointers.isEmpty() || !(root instanceof ObjectNode || root instanceof ArrayNode)) {
            return "the example is not an object";
        }
        String pointer = pointers.get(random.nextInt(pointers.size()));
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = pointer.substring(0, slash).isEmpty() ? root : root.at(pointer.substring(0, slash));
        String key = pointer.substring(slash + 1);
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonNode replacement;
        String what;
        switch (random.nextInt(7)) {
            case 0 -> {
                replacement = null;
                what = "removed " + pointer;
            }
            case 1 -> {
                replacement = f.numberNode(random.nextInt(2000) - 1000);
                what = pointer + " = a number";
            }
            case 2 -> {
                replacement = f.textNode("wrong-" + random.nextInt(1000));
                what = pointer + " = a string";
            }
            case 3 -> {
                replacement = f.objectNode().put("unexpected", true);
                what = pointer + " = an object";
            }
            case 4 -> {
                replacement = f.textNode("y".repeat(100_000));
                what = pointer + " = a 100 kB string";
            }
            case 5 -> {
                replacement = f.numberNode(new java.math.BigDecimal("1e400"));
                what = pointer + " = 1e400";
            }
            default -> {
                replacement = f.textNode("ctl\u0000\u0007\u001b[31m\u202e\uD83D");
                what = pointer + " = control characters";
            }
        }
        if (parent instanceof ObjectNode o) {
            if (replacement == null) {
                o.remove(key);
            } else {
                o.set(key, replacement);
            }
        } else if (parent instanceof ArrayNode a) {
            int i = Integer.parseInt(key);
            if (replacement == null) {
                a.remove(i);
            } else {
                a.set(i, replacement);
            }
        }
        return what;
    }

    private static void collect(JsonNode node, String pointer, List<String> out) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                out.add(p);
                collect(e.getValue(), p, out);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                out.add(pointer + "/" + i);
                collect(a.get(i), pointer + "/" + i, out);
            }
        }
    }

    /** A value of the schema: objects with every property, arrays of one item, the first enum value. */
    static JsonNode exampleOf(JsonNode document, JsonNode schema, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (schema == null || schema.isMissingNode() || depth > 8) {
            return f.objectNode();
        }
        if (schema.has("$ref")) {
            String ref = schema.path("$ref").asText();
            return exampleOf(document, document.at(ref.substring(1)), depth + 1);
        }
        if (schema.has("enum") && !schema.path("enum").isEmpty()) {
            return schema.path("enum").get(0);
        }
        if (schema.has("allOf") && !schema.path("allOf").isEmpty()) {
            return exampleOf(document, schema.path("allOf").get(0), depth + 1);
        }
        return switch (schema.path("type").asText("object")) {
            case "array" -> f.arrayNode().add(exampleOf(document, schema.path("items"), depth + 1));
            case "string" ->
                switch (schema.path("format").asText("")) {
                    case "uuid" -> f.textNode("00000000-0000-4000-8000-00000000a1b2");
                    case "date-time" -> f.textNode("2026-01-01T00:00:00Z");
                    default -> f.textNode("matrix");
                };
            case "integer" -> f.numberNode(1);
            case "number" -> f.numberNode(1.5);
            case "boolean" -> f.booleanNode(true);
            default -> {
                ObjectNode o = f.objectNode();
                for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
                    o.set(p.getKey(), exampleOf(document, p.getValue(), depth + 1));
                }
                yield o;
            }
        };
    }

    private static JsonNode schemaOf(Operation op) {
        JsonNode content = op.spec().path("requestBody").path("content");
        Iterator<JsonNode> types = content.elements();
        return types.hasNext() ? types.next().path("schema") : null;
    }

    private static Probe probe(Operation op, String name, String type, String body, boolean mayBeValid) {
        return new Probe(op, name, type, body.getBytes(StandardCharsets.UTF_8), mayBeValid);
    }

    /** A Markdown summary: probes per kind, what they got, and the faults. */
    public static String report(String service, long seed, List<Result> results) {
        long faults = results.stream().filter(r -> r.fault() != null).count();
        long ops = results.stream()
                .map(r -> r.probe().operation().key())
                .distinct()
                .count();
        long fiveXx = results.stream().filter(r -> r.status() >= 500).count();
        Map<String, long[]> byKind = new java.util.TreeMap<>();
        for (Result r : results) {
            String kind = r.probe()
                    .name()
                    .replaceAll(": .*", "")
                    .replaceAll("mutation \\d+", "mutations")
                    .replaceAll("^real file .*", "real file, unchanged");
            long[] c = byKind.computeIfAbsent(kind, k -> new long[4]);
            if (r.status() / 100 == 2 || r.status() / 100 == 3) {
                c[0]++;
            } else if (r.status() / 100 == 4) {
                c[1]++;
            } else if (r.status() == -1) {
                c[2]++;
            } else {
                c[3]++;
            }
        }
        StringBuilder sb = new StringBuilder("## ")
                .append(service)
                .append("\n\n")
                .append(results.size())
                .append(" bad requests to ")
                .append(ops)
                .append(" operations (seed ")
                .append(seed)
                .append("); 5xx: ")
                .append(fiveXx)
                .append("; faults: ")
                .append(faults)
                .append("\n\nstate compared before and after each: "
                        + (results.isEmpty() ? "" : results.get(0).before())
                        + "\n\n| probe | accepted | rejected 4xx | no answer | 5xx |\n|---|---:|---:|---:|---:|\n");
        byKind.forEach((k, c) -> sb.append(AuthorizationMatrix.tableRow(k, c)));
        // a real file refused unchanged is worth a look: a user's file, or a fixture meant to be invalid
        results.stream()
                .filter(r -> r.probe().name().startsWith("real file ") && r.status() / 100 == 4)
                .forEach(r -> sb.append("\n- ")
                        .append(r.probe().name())
                        .append(" refused ")
                        .append(r.status())
                        .append(": ")
                        .append(Result.detail(r.body()))
                        .append(firstViolation(r.body())));
        return sb.toString();
    }

    /** " — " and the first entry of a problem's {@code violations} or {@code errors}, or "". */
    private static String firstViolation(String body) {
        try {
            JsonNode p = JSON.readTree(body);
            for (String list : List.of("violations", "errors")) {
                if (p.path(list).isArray() && !p.path(list).isEmpty()) {
                    return " — " + p.path(list).get(0);
                }
            }
        } catch (IOException e) {
            // not JSON: the detail said it all
        }
        return "";
    }

    /** "4M", "17M", "512K", "1G" or bytes, as Quarkus writes {@code quarkus.http.limits.max-body-size}. */
    public static long parseSize(String s) {
        String t = s.strip().toUpperCase(java.util.Locale.ROOT);
        long unit = 1;
        char last = t.charAt(t.length() - 1);
        if (last == 'K' || last == 'M' || last == 'G') {
            unit = last == 'K' ? 1024L : last == 'M' ? 1024L * 1024 : 1024L * 1024 * 1024;
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t) * unit;
    }
}

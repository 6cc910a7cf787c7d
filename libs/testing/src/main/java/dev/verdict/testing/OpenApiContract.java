package dev.verdict.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.arc.Arc;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The contract every Verdict service's OpenAPI document ({@code /q/openapi?format=json}) keeps: every operation
 * under {@code /api/} says what it does and what each of its statuses means, written by hand with
 * {@code @Operation(summary)} and one {@code @APIResponse(responseCode, description)} per status. What SmallRye and
 * Quarkus fill in for an undocumented method does not count: a summary made from the Java method name ({@code list}
 * becomes "List"), and response descriptions that are only the status's reason phrase ("OK", "Created", and
 * Quarkus' "Bad Request", "Not Authorized", "Not Allowed" for bodies and secured methods). Each check returns
 * "METHOD path: fault" for every offender, so a failing test says what to fix; a document without any /api/
 * operation is itself a fault, so a check never passes on nothing.
 */
public final class OpenApiContract {

    private static final Set<String> HTTP_METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** Descriptions a generator writes: every reason phrase, and the two Quarkus adds to secured methods. */
    private static final Set<String> GENERATED_DESCRIPTIONS = Stream.concat(
                    Arrays.stream(Response.Status.values()).map(Response.Status::getReasonPhrase),
                    Stream.of("Not Authorized", "Not Allowed"))
            .map(s -> s.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());

    private OpenApiContract() {}

    /** Operations without a summary, or with the one generated from the method name. Call inside a Quarkus test. */
    public static List<String> undocumentedOperations(JsonNode document) {
        Set<String> methodNames = resourceMethodNames();
        return offending(document, operation -> {
            String summary = operation.path("summary").asText("").strip();
            if (summary.isEmpty()) {
                return "no summary";
            }
            if (methodNames.contains(summary.replaceAll("\\s", "").toLowerCase(Locale.ROOT))) {
                return "summary \"" + summary + "\" is generated from the method name";
            }
            return null;
        });
    }

    /** Operations with no 2xx response, or a response without a description of its own. */
    public static List<String> undocumentedStatuses(JsonNode document) {
        return offending(document, operation -> {
            JsonNode responses = operation.path("responses");
            List<String> faults = new ArrayList<>();
            if (responses.isEmpty()) {
                faults.add("no responses");
            }
            boolean success = false;
            for (Map.Entry<String, JsonNode> r : responses.properties()) {
                success |= r.getKey().startsWith("2");
                String description = r.getValue().path("description").asText("").strip();
                if (description.isEmpty()) {
                    faults.add(r.getKey() + " has no description");
                } else if (GENERATED_DESCRIPTIONS.contains(description.toLowerCase(Locale.ROOT))) {
                    faults.add(r.getKey() + " has the generated description \"" + description + "\"");
                }
            }
            if (!success && !responses.isEmpty()) {
                faults.add("no 2xx response");
            }
            return faults.isEmpty() ? null : String.join("; ", faults);
        });
    }

    /** "METHOD path: fault" for every operation under /api/ that {@code check} finds a fault in (null: none). */
    private static List<String> offending(JsonNode document, Function<JsonNode, String> check) {
        List<String> out = new ArrayList<>();
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (!HTTP_METHODS.contains(op.getKey())) {
                    continue; // path-level parameters, summary, servers
                }
                operations++;
                String fault = check.apply(op.getValue());
                if (fault != null) {
                    out.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + ": " + fault);
                }
            }
        }
        if (operations == 0) {
            out.add("the document has no operation under /api/");
        }
        return out;
    }

    /**
     * The Java names of every resource method, lower case: a summary that is one of them with spaces is the one
     * Quarkus generates ({@code auto-add-operation-summary}) for a method without {@code @Operation}. Resource
     * classes are beans in Quarkus REST.
     */
    private static Set<String> resourceMethodNames() {
        Set<String> names = new HashSet<>();
        Map<Class<?>, Boolean> seen = new HashMap<>();
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            if (seen.put(type, Boolean.TRUE) != null || !type.isAnnotationPresent(Path.class)) {
                continue;
            }
            for (Method m : type.getDeclaredMethods()) {
                for (Annotation a : m.getAnnotations()) {
                    if (a.annotationType().isAnnotationPresent(HttpMethod.class)) {
                        names.add(m.getName().toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("no resource methods among the beans: call this inside a Quarkus test");
        }
        return names;
    }
}

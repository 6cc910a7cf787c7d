package dev.verdict.decisions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.decisions.api.TopicsResource;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
import org.junit.jupiter.api.Test;

/**
 * The API's OpenAPI document as clients see it ({@code /q/openapi}): every operation under {@code /api/} says what it
 * does and what each of its statuses means, written by hand with {@code @Operation(summary)} and one
 * {@code @APIResponse(responseCode, description)} per status. What SmallRye and Quarkus fill in for an undocumented
 * method does not count: a summary made from the Java method name ({@code list} becomes "List"), and response
 * descriptions that are only the status's reason phrase ("OK", "Created", "No Content", and Quarkus' "Bad Request",
 * "Not Authorized", "Not Allowed" for bodies and secured methods).
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "decisions"))
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client-id", value = "decision-records"))
@WithTestResource(TopicsResource.class)
class OpenApiContractTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    /** Descriptions a generator writes: every reason phrase, and the two Quarkus adds to secured methods. */
    private static final Set<String> GENERATED_DESCRIPTIONS = Stream.concat(
                    Arrays.stream(Response.Status.values()).map(Response.Status::getReasonPhrase),
                    Stream.of("Not Authorized", "Not Allowed"))
            .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());

    private static JsonNode document;

    @Test
    void everyEndpointHasASummaryWrittenForIt() {
        Set<String> methodNames = resourceMethodNames();
        List<String> offending = offending(operation -> {
            String summary = operation.path("summary").asText("").strip();
            if (summary.isEmpty()) {
                return "no summary";
            }
            if (methodNames.contains(summary.replaceAll("\\s", "").toLowerCase(Locale.ROOT))) {
                return "summary \"" + summary + "\" is generated from the method name";
            }
            return null;
        });
        assertThat(offending)
                .as("operations without @Operation(summary = \"...\"):%n  %s", String.join("\n  ", offending))
                .isEmpty();
    }

    @Test
    void everyStatusOfEveryEndpointHasADescriptionWrittenForIt() {
        List<String> offending = offending(operation -> {
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
        assertThat(offending)
                .as("operations whose statuses need @APIResponse(responseCode = \"...\", description = \"...\"):%n  %s",
                        String.join("\n  ", offending))
                .isEmpty();
    }

    /** "METHOD path: fault" for every operation under /api/ that {@code check} finds a fault in (null: none). */
    private static List<String> offending(Function<JsonNode, String> check) {
        JsonNode paths = document().path("paths");
        List<String> out = new ArrayList<>();
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (!HTTP_METHODS.contains(op.getKey())) {
                    continue; // path-level parameters, summary, servers
                }
                operations++;
                String where = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                String fault = check.apply(op.getValue());
                if (fault != null) {
                    out.add(where + ": " + fault);
                }
            }
        }
        assertThat(operations).as("operations under /api/ in the OpenAPI document").isPositive();
        return out;
    }

    private static synchronized JsonNode document() {
        if (document == null) {
            // /q/openapi is behind the same "authenticated" permission as the API
            String json = given().auth().oauth2(KeycloakResource.accessToken("viewer")).queryParam("format", "json")
                    .get("/q/openapi").then().statusCode(200).extract().asString();
            try {
                document = new ObjectMapper().readTree(json);
            } catch (Exception e) {
                throw new AssertionError("/q/openapi?format=json is not JSON", e);
            }
        }
        return document;
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
        assertThat(names).as("resource methods found among the beans").isNotEmpty();
        return names;
    }
}

package dev.verdict.catalog.entity.kinds;

import dev.verdict.catalog.entity.model.Kind;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Makes the configured custom kinds known to the catalog at start, each with its schema compiled once. A schema
 * that cannot be read or parsed stops the start with a message naming the kind and the file.
 */
@Startup
@ApplicationScoped
public class KindRegistrar {

    public KindRegistrar(KindsConfig config) {
        List<Kind> kinds = new ArrayList<>();
        config.kinds()
                .forEach((name, k) -> kinds.add(Kind.custom(
                        name,
                        new LinkedHashSet<>(k.apiVersions()),
                        k.schema().map(s -> schema(name, s)).orElse(null))));
        Kind.allow(kinds);
        if (!kinds.isEmpty()) {
            Log.infof("custom kinds allowed: %s", kinds);
        }
    }

    /** A compiled schema check for {@code kind} from {@code classpath:...} or a file path. */
    public static Kind.SchemaCheck schema(String kind, String location) {
        String text;
        try {
            text = read(location);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "the schema of kind " + kind + " (" + location + ") cannot be read: " + e.getMessage(), e);
        }
        Validator validator;
        try {
            validator = Validator.create(
                    JsonSchema.of(new JsonObject(text)),
                    new JsonSchemaOptions()
                            .setDraft(Draft.DRAFT7)
                            .setBaseUri("https://verdict.dev/kinds/")
                            .setOutputFormat(OutputFormat.Basic));
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "the schema of kind " + kind + " (" + location + ") is not a JSON schema: " + e.getMessage(), e);
        }
        return body -> {
            OutputUnit out = validator.validate(new JsonObject(body.toString()));
            if (Boolean.TRUE.equals(out.getValid())) {
                return List.of();
            }
            List<Map.Entry<String, String>> problems = new ArrayList<>();
            List<OutputUnit> errors =
                    out.getErrors() == null || out.getErrors().isEmpty() ? List.of(out) : out.getErrors();
            for (OutputUnit e : errors) {
                String at = e.getInstanceLocation() == null ? "" : e.getInstanceLocation();
                if (at.startsWith("#")) {
                    at = at.substring(1);
                }
                problems.add(Map.entry(at, "does not match the schema of kind " + kind + ": " + e.getError()));
            }
            return problems;
        };
    }

    private static String read(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String name = location.substring("classpath:".length()).replaceFirst("^/", "");
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new IOException("no classpath resource " + name);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return Files.readString(Path.of(location), StandardCharsets.UTF_8);
    }
}

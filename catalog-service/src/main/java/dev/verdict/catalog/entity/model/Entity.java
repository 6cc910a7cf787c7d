package dev.verdict.catalog.entity.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A validated descriptor. The body is kept as the JSON tree that was submitted, so fields this model does not know
 * survive a round trip (Backstage plugins put their own data into descriptors).
 */
public record Entity(ObjectNode body) {

    /** Its kind; one no longer configured (a custom kind removed from the configuration) still reads. */
    public Kind kind() {
        String k = body.path("kind").asText();
        return Kind.parse(k)
                .orElseGet(() ->
                        Kind.custom(k, java.util.Set.of(body.path("apiVersion").asText("?")), null));
    }

    public String name() {
        return body.path("metadata").path("name").asText();
    }

    public String namespace() {
        String ns = body.path("metadata").path("namespace").asText("");
        return ns.isEmpty() ? EntityRef.DEFAULT_NAMESPACE : ns;
    }

    public EntityRef ref() {
        return EntityRef.of(kind(), namespace(), name());
    }

    public Optional<String> title() {
        return text(body.path("metadata").path("title"));
    }

    public Optional<String> description() {
        return text(body.path("metadata").path("description"));
    }

    public List<String> tags() {
        List<String> tags = new ArrayList<>();
        body.path("metadata").path("tags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    public Optional<String> specText(String field) {
        return text(body.path("spec").path(field));
    }

    public Optional<String> annotation(String key) {
        return text(body.path("metadata").path("annotations").path(key));
    }

    public ObjectNode metadata() {
        return (ObjectNode) body.get("metadata");
    }

    /** The refs of one ref field of the spec, parsed with Backstage's defaults (unparseable values are skipped). */
    public List<EntityRef> refs(RefField field) {
        List<EntityRef> out = new ArrayList<>();
        JsonNode v = body.path("spec").path(field.field());
        if (v.isTextual()) {
            tryParse(v.asText(), field, out);
        } else if (v.isArray()) {
            v.forEach(item -> {
                if (item.isTextual()) {
                    tryParse(item.asText(), field, out);
                }
            });
        }
        return out;
    }

    private void tryParse(String text, RefField field, List<EntityRef> out) {
        try {
            out.add(EntityRef.parse(text, field.defaultKind(), namespace()));
        } catch (IllegalArgumentException ignored) {
            // validation has rejected such values already
        }
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
    }
}

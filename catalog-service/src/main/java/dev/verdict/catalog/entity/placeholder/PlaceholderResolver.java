package dev.verdict.catalog.entity.placeholder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.verdict.catalog.entity.model.DescriptorReader;
import dev.verdict.catalog.entity.model.DescriptorSyntaxException;
import dev.verdict.catalog.entity.model.ParsedDescriptor;
import dev.verdict.catalog.entity.model.SourcePosition;
import dev.verdict.problem.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Substitutes Backstage's placeholders ({@code PlaceholderProcessor}) in a descriptor before it is validated: an
 * object whose only key is {@code $text}, {@code $json} or {@code $yaml} with a string value is replaced by the text
 * of the file it names, or by that file parsed as JSON or YAML. Relative targets resolve against the descriptor's
 * own file; URLs go to the {@link Source}, which decides which hosts may be read. Any other {@code $key} object is
 * left as it is, as Backstage leaves it.
 *
 * <p>Pure apart from the {@link Source}: what was read is returned, so a caller can tell when a referenced file
 * changed.
 */
public final class PlaceholderResolver {

    /** Where placeholder targets are read from. */
    public interface Source {
        /**
         * Reads a target as written in the descriptor.
         *
         * @throws UnreadableException with a message that says why (no such file, host not allowed, too large, ...)
         */
        Read read(String target) throws UnreadableException;
    }

    /** A target's content and a key naming what was read (a repository path, or the URL), with its version. */
    public record Read(String key, String version, byte[] content) {}

    public static final class UnreadableException extends Exception {
        public UnreadableException(String message) {
            super(message);
        }
    }

    /** The substituted descriptor, the problems (each an error of the file), and what was read by key. */
    public record Result(ParsedDescriptor descriptor, List<Violation> errors, Map<String, String> reads) {}

    private static final List<String> KEYS = List.of("$text", "$json", "$yaml");

    /**
     * The most one descriptor's placeholders may bring in together: each read is capped by its source, and a
     * descriptor naming the same large file thousands of times must not expand without bound.
     */
    public static final long MAX_TOTAL_BYTES = 4L * 1024 * 1024;

    private final ObjectMapper json;
    private final DescriptorReader yaml;

    public PlaceholderResolver(ObjectMapper json) {
        this.json = json;
        this.yaml = new DescriptorReader(json);
    }

    /** Whether a descriptor has any placeholder at all (most have none: they skip the copy). */
    public static boolean hasPlaceholders(JsonNode node) {
        if (node.isObject()) {
            if (placeholderKey(node) != null) {
                return true;
            }
            for (JsonNode child : node) {
                if (hasPlaceholders(child)) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                if (hasPlaceholders(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    public Result resolve(ParsedDescriptor d, Source source) {
        if (!hasPlaceholders(d.body())) {
            return new Result(d, List.of(), Map.of());
        }
        ObjectNode body = d.body().deepCopy();
        Walk w = new Walk(d, source);
        JsonNode out = w.visit(body, "");
        ObjectNode substituted = out.isObject() ? (ObjectNode) out : body;
        return new Result(new ParsedDescriptor(d.index(), substituted, d.sourceMap()), w.errors, w.reads);
    }

    private static String placeholderKey(JsonNode node) {
        if (node.size() != 1) {
            return null;
        }
        String key = node.fieldNames().next();
        return KEYS.contains(key) && node.get(key).isTextual() ? key : null;
    }

    private final class Walk {
        final ParsedDescriptor d;
        final Source source;
        final List<Violation> errors = new ArrayList<>();
        final Map<String, String> reads = new LinkedHashMap<>();
        long total;

        Walk(ParsedDescriptor d, Source source) {
            this.d = d;
            this.source = source;
        }

        JsonNode visit(JsonNode node, String pointer) {
            if (node.isObject()) {
                String key = placeholderKey(node);
                if (key != null) {
                    return substitute(key, node.get(key).asText(), pointer);
                }
                ObjectNode o = (ObjectNode) node;
                for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                    var e = it.next();
                    JsonNode v = visit(e.getValue(), pointer + "/" + DescriptorReader.escape(e.getKey()));
                    if (v != e.getValue()) {
                        e.setValue(v);
                    }
                }
            } else if (node.isArray()) {
                ArrayNode a = (ArrayNode) node;
                for (int i = 0; i < a.size(); i++) {
                    JsonNode v = visit(a.get(i), pointer + "/" + i);
                    if (v != a.get(i)) {
                        a.set(i, v);
                    }
                }
            }
            return node;
        }

        private JsonNode substitute(String key, String target, String pointer) {
            String at = pointer + "/" + DescriptorReader.escape(key);
            if (target.isBlank()) {
                error(at, key + " needs a non-empty path or URL");
                return TextNode.valueOf("");
            }
            Read read;
            try {
                read = source.read(target);
            } catch (UnreadableException e) {
                error(at, key + " \"" + target + "\" cannot be read: " + e.getMessage());
                return TextNode.valueOf("");
            }
            reads.put(read.key(), read.version());
            total += read.content().length;
            if (total > MAX_TOTAL_BYTES) {
                error(at, "the placeholders of this document read more than " + MAX_TOTAL_BYTES + " bytes together");
                return TextNode.valueOf("");
            }
            String text = new String(read.content(), StandardCharsets.UTF_8);
            try {
                return switch (key) {
                    case "$text" -> TextNode.valueOf(text);
                    case "$json" -> json.readTree(text);
                    default -> yaml.readYamlValue(text);
                };
            } catch (DescriptorSyntaxException e) {
                error(
                        at,
                        key + " \"" + target + "\": " + read.key() + " is not valid YAML"
                                + (e.line() > 0 ? " at line " + e.line() + ", column " + e.column() : "") + ": "
                                + e.getMessage());
                return TextNode.valueOf("");
            } catch (JsonProcessingException e) {
                String where = e.getLocation() == null
                        ? ""
                        : " at line " + e.getLocation().getLineNr() + ", column "
                                + e.getLocation().getColumnNr();
                error(
                        at,
                        key + " \"" + target + "\": " + read.key() + " is not valid JSON" + where + ": "
                                + e.getOriginalMessage());
                return TextNode.valueOf("");
            }
        }

        private void error(String pointer, String message) {
            SourcePosition pos = d.sourceMap().find(pointer).orElse(null);
            errors.add(new Violation(
                    pointer, pos == null ? null : pos.line(), pos == null ? null : pos.column(), message, d.index()));
        }
    }
}

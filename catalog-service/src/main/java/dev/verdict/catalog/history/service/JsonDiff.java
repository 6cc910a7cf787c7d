package dev.verdict.catalog.history.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.catalog.entity.model.DescriptorReader;
import java.util.TreeSet;

/**
 * A structural diff of two JSON documents in the shape of an RFC 6902 patch ({@code op}, {@code path},
 * {@code value}), with the previous value as {@code oldValue} on replace and remove so history readers see both sides.
 * Arrays are compared element by element (descriptors' arrays are short). Output order is deterministic. The ops
 * share the documents' nodes instead of copying them (a 10,000-entity import held a second tree of every body for
 * its history): callers must not change either document after diffing it.
 */
public final class JsonDiff {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonDiff() {}

    /** @param before null for a creation, @param after null for a deletion */
    public static ArrayNode diff(JsonNode before, JsonNode after) {
        ArrayNode ops = NODES.arrayNode();
        diff("", before, after, ops);
        return ops;
    }

    private static void diff(String path, JsonNode a, JsonNode b, ArrayNode ops) {
        if (a == null && b == null) {
            return;
        }
        if (a == null) {
            ops.add(op("add", path, b, null));
        } else if (b == null) {
            ops.add(op("remove", path, null, a));
        } else if (a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                diff(path + "/" + DescriptorReader.escape(k), a.get(k), b.get(k), ops);
            }
        } else if (a.isArray() && b.isArray()) {
            int common = Math.min(a.size(), b.size());
            for (int i = 0; i < common; i++) {
                diff(path + "/" + i, a.get(i), b.get(i), ops);
            }
            for (int i = common; i < b.size(); i++) {
                ops.add(op("add", path + "/" + i, b.get(i), null));
            }
            // Remove from the end so the indices of a patch applied in order stay valid.
            for (int i = a.size() - 1; i >= common; i--) {
                ops.add(op("remove", path + "/" + i, null, a.get(i)));
            }
        } else if (!a.equals(b)) {
            ops.add(op("replace", path, b, a));
        }
    }

    private static ObjectNode op(String op, String path, JsonNode value, JsonNode from) {
        ObjectNode o = NODES.objectNode();
        o.put("op", op);
        o.put("path", path);
        if (value != null) {
            o.set("value", value);
        }
        if (from != null) {
            o.set("oldValue", from);
        }
        return o;
    }

    /** Whether two documents are equal, ignoring nothing. */
    public static boolean same(JsonNode a, JsonNode b) {
        return a == null ? b == null : a.equals(b);
    }
}

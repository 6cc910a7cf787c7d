package dev.verdict.deploy.experiment.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.allocation.StickyBuckets;
import dev.verdict.problem.Violation;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A unit's sticky bucket documents as a REST caller sends them (GrowthBook's {@code stickyBucketAssignmentDocs}: an
 * object keyed by {@code attributeName||attributeValue}, each {@code {attributeName, attributeValue, assignments}}
 * with assignments {@code "<experiment>__<bucketVersion>" → variation key}), read into libs/allocation's form, and
 * back. Every fault is a violation at its JSON pointer; a unit's documents are bounded so one request cannot make the
 * service hold an unbounded map.
 */
final class StickyDocuments {

    static final int MAX_DOCS = 100;
    static final int MAX_ASSIGNMENTS = 1_000;

    private StickyDocuments() {}

    /**
     * The documents at {@code pointer}, or null when the caller sent none ({@code node} absent or JSON null: no sticky
     * bucketing). Faults are added to {@code violations}; the result is then not to be used.
     */
    static Map<String, StickyBuckets.Doc> read(JsonNode node, String pointer, List<Violation> violations) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            violations.add(Violation.at(
                    pointer,
                    "an object of sticky bucket documents keyed by attributeName||attributeValue, e.g."
                            + " {\"id||user-42\": {\"attributeName\": \"id\", \"attributeValue\": \"user-42\","
                            + " \"assignments\": {}}}"));
            return null;
        }
        if (node.size() > MAX_DOCS) {
            violations.add(Violation.at(pointer, "at most " + MAX_DOCS + " documents per unit, got " + node.size()));
            return null;
        }
        Map<String, StickyBuckets.Doc> docs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String at = pointer + "/" + escape(entry.getKey());
            JsonNode d = entry.getValue();
            if (!d.isObject()) {
                violations.add(Violation.at(at, "a document {attributeName, attributeValue, assignments}"));
                continue;
            }
            JsonNode name = d.get("attributeName");
            JsonNode value = d.get("attributeValue");
            boolean ok = true;
            if (name == null || !name.isTextual() || name.asText().isEmpty()) {
                violations.add(Violation.at(at + "/attributeName", "the attribute's name, e.g. \"id\""));
                ok = false;
            }
            if (value == null || !value.isTextual()) {
                violations.add(Violation.at(at + "/attributeValue", "the attribute's value as a string"));
                ok = false;
            }
            if (ok && !entry.getKey().equals(name.asText() + "||" + value.asText())) {
                violations.add(Violation.at(
                        at, "the key of this document is " + name.asText() + "||" + value.asText() + ", its names"));
                ok = false;
            }
            Map<String, String> assignments = assignments(d.get("assignments"), at + "/assignments", violations);
            if (ok && assignments != null) {
                docs.put(entry.getKey(), new StickyBuckets.Doc(name.asText(), value.asText(), assignments));
            }
        }
        return docs;
    }

    private static Map<String, String> assignments(JsonNode a, String at, List<Violation> violations) {
        if (a == null || !a.isObject()) {
            violations.add(Violation.at(at, "an object of \"<experiment>__<bucketVersion>\": \"<variation key>\""));
            return null;
        }
        if (a.size() > MAX_ASSIGNMENTS) {
            violations.add(Violation.at(at, "at most " + MAX_ASSIGNMENTS + " assignments, got " + a.size()));
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean ok = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                violations.add(Violation.at(at + "/" + escape(e.getKey()), "a variation key, as a string"));
                ok = false;
            } else {
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return ok ? out : null;
    }

    /** The documents an allocation changed or created, to be saved by the caller, keyed as they came. */
    static Map<String, Allocations.StickyDoc> changed(StickyBuckets sticky) {
        Map<String, Allocations.StickyDoc> out = new LinkedHashMap<>();
        for (StickyBuckets.Doc d : sticky.changed()) {
            out.put(d.key(), new Allocations.StickyDoc(d.attributeName(), d.attributeValue(), d.assignments()));
        }
        return out;
    }

    /** RFC 6901: {@code ~} and {@code /} in a key. */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}

package dev.verdict.catalog.entity.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.catalog.entity.model.DescriptorReader;
import dev.verdict.catalog.entity.model.EntityRef;
import dev.verdict.catalog.entity.model.FieldFormats;
import dev.verdict.catalog.entity.model.Kind;
import dev.verdict.catalog.entity.model.KindSpec;
import dev.verdict.catalog.entity.model.ParsedDescriptor;
import dev.verdict.catalog.entity.model.RefField;
import dev.verdict.catalog.entity.model.SourcePosition;
import dev.verdict.problem.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a descriptor against Backstage's rules and reports every violation, not just the first, each with the
 * JSON pointer of the offending value and, for YAML, its line. Pure: no I/O, no framework.
 */
public final class EntityValidator {

    /**
     * What a check found: errors reject the descriptor; warnings (refs no entity can have, such as e-mail owners,
     * which Backstage accepts) are kept with the entity and shown.
     */
    public record Checked(List<Violation> errors, List<Violation> warnings) {}

    public List<Violation> validate(ParsedDescriptor d) {
        return check(d).errors();
    }

    public Checked check(ParsedDescriptor d) {
        Collector c = new Collector(d);
        ObjectNode root = d.body();

        Kind kind = null;
        JsonNode kindNode = root.get("kind");
        if (kindNode == null || !kindNode.isTextual() || kindNode.asText().isBlank()) {
            c.add("/kind", "kind is required");
        } else {
            kind = Kind.parse(kindNode.asText()).orElse(null);
            if (kind == null) {
                c.add(
                        "/kind",
                        "unknown kind \"" + kindNode.asText() + "\"; known kinds: "
                                + Kind.values().stream().map(Kind::displayName).collect(Collectors.joining(", "))
                                + " (a custom kind is allowed with verdict.catalog.kinds.<Kind>.api-versions)");
            }
        }

        Set<String> versions = kind != null
                ? kind.apiVersions()
                : Kind.values().stream().flatMap(k -> k.apiVersions().stream()).collect(Collectors.toSet());
        JsonNode apiVersion = root.get("apiVersion");
        if (apiVersion == null || apiVersion.isNull()) {
            c.add(
                    "/apiVersion",
                    "apiVersion is required (" + String.join(" or ", new java.util.TreeSet<>(versions)) + ")");
        } else if (!apiVersion.isTextual() || !versions.contains(apiVersion.asText())) {
            c.add(
                    "/apiVersion",
                    "unsupported apiVersion " + apiVersion + (kind == null ? "" : " for kind " + kind.displayName())
                            + "; expected one of " + new java.util.TreeSet<>(versions));
        }

        String namespace = EntityRef.DEFAULT_NAMESPACE;
        JsonNode metadata = root.get("metadata");
        if (metadata == null || !metadata.isObject()) {
            c.add("/metadata", "metadata is required and must be an object");
        } else {
            namespace = validateMetadata(metadata, c);
        }

        if (kind != null) {
            JsonNode spec = root.get("spec");
            KindSpec ks = KindSpec.of(kind);
            boolean needsSpec =
                    !ks.requiredStrings().isEmpty() || !ks.requiredArrays().isEmpty();
            if (spec == null || spec.isNull()) {
                if (needsSpec) {
                    c.add("/spec", "spec is required for kind " + kind.displayName());
                }
            } else if (!spec.isObject()) {
                c.add("/spec", "spec must be an object");
            } else {
                validateSpec(ks, spec, namespace, c);
            }
            if (kind.schema().isPresent()) {
                for (var p : kind.schema().get().problems(root)) {
                    c.add(p.getKey(), p.getValue());
                }
            }
        }
        return new Checked(c.violations, c.violations.isEmpty() ? c.warnings : List.of());
    }

    private String validateMetadata(JsonNode metadata, Collector c) {
        JsonNode name = metadata.get("name");
        if (name == null || name.isNull()) {
            c.add("/metadata/name", "metadata.name is required");
        } else if (!name.isTextual() || !FieldFormats.isValidObjectName(name.asText())) {
            c.add(
                    "/metadata/name",
                    "\"" + name.asText() + "\" is not a valid name: 1-63 characters, runs of "
                            + "[a-zA-Z0-9] separated by -, _ or .");
        }
        String namespace = EntityRef.DEFAULT_NAMESPACE;
        JsonNode ns = metadata.get("namespace");
        if (ns != null && !ns.isNull()) {
            if (!ns.isTextual() || !FieldFormats.isValidNamespace(ns.asText())) {
                c.add(
                        "/metadata/namespace",
                        "\"" + ns.asText() + "\" is not a valid namespace: 1-63 characters of "
                                + "[a-z0-9] separated by -");
            } else {
                namespace = ns.asText();
            }
        }
        for (String f : List.of("title", "description")) {
            JsonNode v = metadata.get(f);
            if (v != null && !v.isNull() && !v.isTextual()) {
                c.add("/metadata/" + f, "metadata." + f + " must be a string");
            }
        }
        JsonNode labels = metadata.get("labels");
        if (labels != null && !labels.isNull()) {
            if (!labels.isObject()) {
                c.add("/metadata/labels", "labels must be an object of string values");
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
                    var e = it.next();
                    String p = "/metadata/labels/" + DescriptorReader.escape(e.getKey());
                    if (!FieldFormats.isValidPrefixedKey(e.getKey())) {
                        c.add(
                                p,
                                "label key \"" + e.getKey() + "\" is not valid: [prefix/]name where prefix is a DNS "
                                        + "subdomain and name 1-63 characters of [a-zA-Z0-9] separated by -, _ or .");
                    }
                    if (!e.getValue().isTextual()
                            || !FieldFormats.isValidLabelValue(e.getValue().asText())) {
                        c.add(
                                p,
                                "label value " + e.getValue() + " is not valid: empty or 1-63 characters of "
                                        + "[a-zA-Z0-9] separated by -, _ or .");
                    }
                }
            }
        }
        JsonNode annotations = metadata.get("annotations");
        if (annotations != null && !annotations.isNull()) {
            if (!annotations.isObject()) {
                c.add("/metadata/annotations", "annotations must be an object of string values");
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = annotations.fields(); it.hasNext(); ) {
                    var e = it.next();
                    String p = "/metadata/annotations/" + DescriptorReader.escape(e.getKey());
                    if (!FieldFormats.isValidPrefixedKey(e.getKey())) {
                        c.add(
                                p,
                                "annotation key \"" + e.getKey() + "\" is not valid: [prefix/]name where prefix is a "
                                        + "DNS subdomain and name 1-63 characters of [a-zA-Z0-9] separated by -, _ or .");
                    }
                    if (!e.getValue().isTextual()) {
                        c.add(p, "annotation value must be a string (quote numbers: \"21\")");
                    }
                }
            }
        }
        JsonNode tags = metadata.get("tags");
        if (tags != null && !tags.isNull()) {
            if (!tags.isArray()) {
                c.add("/metadata/tags", "tags must be an array of strings");
            } else {
                for (int i = 0; i < tags.size(); i++) {
                    JsonNode t = tags.get(i);
                    if (!t.isTextual() || !FieldFormats.isValidTag(t.asText())) {
                        c.add(
                                "/metadata/tags/" + i,
                                "tag " + t + " is not valid: 1-63 characters of [a-z0-9:+#] " + "separated by -");
                    }
                }
            }
        }
        JsonNode links = metadata.get("links");
        if (links != null && !links.isNull()) {
            if (!links.isArray()) {
                c.add("/metadata/links", "links must be an array of objects");
            } else {
                for (int i = 0; i < links.size(); i++) {
                    JsonNode l = links.get(i);
                    String p = "/metadata/links/" + i;
                    if (!l.isObject()) {
                        c.add(p, "a link must be an object with a url");
                        continue;
                    }
                    JsonNode url = l.get("url");
                    if (url == null || !url.isTextual() || url.asText().isBlank()) {
                        c.add(p + "/url", "a link needs a non-empty url");
                    }
                    for (String f : List.of("title", "icon", "type")) {
                        JsonNode v = l.get(f);
                        if (v != null && !v.isNull() && !v.isTextual()) {
                            c.add(p + "/" + f, "link " + f + " must be a string");
                        }
                    }
                }
            }
        }
        return namespace;
    }

    private void validateSpec(KindSpec ks, JsonNode spec, String namespace, Collector c) {
        String kindName = ks.kind().displayName();
        boolean mcpServer = ks.kind().equals(Kind.API)
                && "mcp-server".equals(spec.path("type").asText());
        if (mcpServer) {
            checkRemotes(spec.get("remotes"), c);
        }
        if (ks.kind().equals(Kind.TEMPLATE)) {
            checkTemplate(spec, c);
        }
        for (String f : ks.requiredStrings()) {
            if (mcpServer && f.equals("definition")) {
                continue; // an MCP server API is described by its remotes (API.v1alpha1.mcp-server.schema.json)
            }
            JsonNode v = spec.get(f);
            if (v == null || v.isNull()) {
                c.add("/spec/" + f, "spec." + f + " is required for kind " + kindName);
            } else if (!v.isTextual() || v.asText().isBlank()) {
                c.add("/spec/" + f, "spec." + f + " must be a non-empty string");
            }
        }
        for (String f : ks.optionalStrings()) {
            JsonNode v = spec.get(f);
            if (v != null && !v.isNull() && (!v.isTextual() || v.asText().isBlank())) {
                c.add("/spec/" + f, "spec." + f + " must be a non-empty string");
            }
        }
        for (String f : ks.requiredArrays()) {
            JsonNode v = spec.get(f);
            if (v == null || v.isNull()) {
                c.add("/spec/" + f, "spec." + f + " is required for kind " + kindName + " (it may be an empty list)");
            }
        }
        for (String f : concat(ks.requiredArrays(), ks.optionalStringArrays())) {
            JsonNode v = spec.get(f);
            if (v == null || v.isNull()) {
                continue;
            }
            if (!v.isArray()) {
                c.add("/spec/" + f, "spec." + f + " must be a list of strings");
                continue;
            }
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isTextual() || v.get(i).asText().isBlank()) {
                    c.add("/spec/" + f + "/" + i, "spec." + f + " entries must be non-empty strings");
                }
            }
        }
        for (RefField rf : ks.refs()) {
            JsonNode v = spec.get(rf.field());
            if (v == null || v.isNull()) {
                continue;
            }
            if (rf.many() && v.isArray()) {
                for (int i = 0; i < v.size(); i++) {
                    checkRef(v.get(i), rf, namespace, "/spec/" + rf.field() + "/" + i, c);
                }
            } else if (!rf.many() && v.isTextual()) {
                checkRef(v, rf, namespace, "/spec/" + rf.field(), c);
            }
        }
    }

    /**
     * Backstage's schemas type ref fields as non-empty strings and its processor only needs them to parse
     * ({@code parseEntityRef}): a ref whose target cannot be an entity is a warning here, not an error.
     */
    private static void checkRef(JsonNode v, RefField rf, String namespace, String path, Collector c) {
        if (!v.isTextual() || v.asText().isBlank()) {
            return; // already reported as a type error
        }
        try {
            EntityRef ref = EntityRef.parse(v.asText(), rf.defaultKind(), namespace);
            String why = ref.whyUnresolvable();
            if (why != null) {
                c.warn(
                        path,
                        "spec." + rf.field() + " \"" + v.asText() + "\" cannot name a catalog entity (" + why
                                + "); kept as the unresolved ref " + ref + ", as Backstage keeps it");
            }
        } catch (IllegalArgumentException e) {
            c.add(path, e.getMessage());
        }
    }

    /** {@code spec.remotes} of an API of type mcp-server: at least one {@code {type, url}}. */
    private static void checkRemotes(JsonNode remotes, Collector c) {
        if (remotes == null || remotes.isNull()) {
            c.add("/spec/remotes", "spec.remotes is required for an API of type mcp-server (a list of {type, url})");
            return;
        }
        if (!remotes.isArray() || remotes.isEmpty()) {
            c.add("/spec/remotes", "spec.remotes must be a non-empty list of {type, url}");
            return;
        }
        for (int i = 0; i < remotes.size(); i++) {
            JsonNode r = remotes.get(i);
            String p = "/spec/remotes/" + i;
            if (!r.isObject()) {
                c.add(p, "a remote must be an object with type and url");
                continue;
            }
            for (String f : List.of("type", "url")) {
                JsonNode v = r.get(f);
                if (v == null || !v.isTextual() || v.asText().isBlank()) {
                    c.add(p + "/" + f, "a remote needs a non-empty " + f);
                }
            }
        }
    }

    /** The scaffolder's Template.v1beta3: {@code steps} is required, a list of actions; {@code parameters} optional. */
    private static void checkTemplate(JsonNode spec, Collector c) {
        JsonNode steps = spec.get("steps");
        if (steps == null || steps.isNull()) {
            c.add("/spec/steps", "spec.steps is required for kind Template (a list of actions)");
        } else if (!steps.isArray()) {
            c.add("/spec/steps", "spec.steps must be a list of actions");
        } else {
            for (int i = 0; i < steps.size(); i++) {
                JsonNode s = steps.get(i);
                if (!s.isObject()
                        || !s.path("action").isTextual()
                        || s.path("action").asText().isBlank()) {
                    c.add("/spec/steps/" + i, "a step must be an object with a non-empty action");
                }
            }
        }
        JsonNode parameters = spec.get("parameters");
        if (parameters != null && !parameters.isNull() && !parameters.isObject() && !parameters.isArray()) {
            c.add("/spec/parameters", "spec.parameters must be an object or a list of objects");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static final class Collector {
        final ParsedDescriptor d;
        final List<Violation> violations = new ArrayList<>();
        final List<Violation> warnings = new ArrayList<>();

        Collector(ParsedDescriptor d) {
            this.d = d;
        }

        void add(String path, String message) {
            violations.add(at(path, message));
        }

        void warn(String path, String message) {
            warnings.add(at(path, message));
        }

        private Violation at(String path, String message) {
            SourcePosition pos = d.sourceMap().find(path).orElse(null);
            return new Violation(
                    path, pos == null ? null : pos.line(), pos == null ? null : pos.column(), message, d.index());
        }
    }
}

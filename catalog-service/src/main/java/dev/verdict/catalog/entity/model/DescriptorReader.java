package dev.verdict.catalog.entity.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads catalog descriptors from YAML (one or many {@code ---}-separated documents) or JSON (one object or an array
 * of objects). YAML goes through SnakeYAML's node tree rather than straight to Jackson so that every value keeps
 * its line and column: syntax errors and validation messages can then point at the line to fix.
 */
public final class DescriptorReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final ObjectMapper json;

    public DescriptorReader(ObjectMapper json) {
        this.json = json;
    }

    public DescriptorReader() {
        this(new ObjectMapper());
    }

    private static Yaml safeYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        // Aliases are legal YAML but a classic denial-of-service vector ("billion laughs"); descriptors do not need
        // many.
        options.setMaxAliasesForCollections(20);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(8 * 1024 * 1024);
        return new Yaml(options);
    }

    /**
     * The first document of a YAML text as a JSON value of any shape (a {@code $yaml} placeholder's content), read
     * with the same limits as descriptors; null for an empty text.
     *
     * @throws DescriptorSyntaxException with line and column in that text
     */
    public JsonNode readYamlValue(String text) {
        try {
            Node node = safeYaml().compose(new StringReader(text));
            return node == null ? NODES.nullNode() : convert(node, "", new HashMap<>(), 0);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new DescriptorSyntaxException(
                    "invalid YAML: " + (e.getProblem() != null ? e.getProblem() : e.getMessage()).trim(),
                    0,
                    m == null ? 0 : m.getLine() + 1,
                    m == null ? 0 : m.getColumn() + 1);
        } catch (YAMLException e) {
            throw new DescriptorSyntaxException("invalid YAML: " + e.getMessage(), 0, 0, 0);
        }
    }

    public List<ParsedDescriptor> readYaml(String text) {
        Yaml yaml = safeYaml();
        List<ParsedDescriptor> out = new ArrayList<>();
        int index = 0;
        try {
            for (Node node : yaml.composeAll(new StringReader(text))) {
                if (node == null || isNull(node)) {
                    index++;
                    continue; // an empty document, e.g. after a trailing ---
                }
                Map<String, SourcePosition> positions = new HashMap<>();
                JsonNode value = convert(node, "", positions, index);
                if (!(value instanceof ObjectNode object)) {
                    Mark m = node.getStartMark();
                    throw new DescriptorSyntaxException(
                            "document " + (index + 1) + " is not a mapping (a descriptor must be an object)",
                            index,
                            m.getLine() + 1,
                            m.getColumn() + 1);
                }
                out.add(new ParsedDescriptor(out.size(), object, new SourceMap(positions)));
                index++;
            }
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null) {
                problem = e.getContext() + ": " + problem;
            }
            throw new DescriptorSyntaxException(
                    "invalid YAML: " + problem.trim(),
                    index,
                    m == null ? 0 : m.getLine() + 1,
                    m == null ? 0 : m.getColumn() + 1);
        } catch (YAMLException e) {
            throw new DescriptorSyntaxException("invalid YAML: " + e.getMessage(), index, 0, 0);
        }
        return out;
    }

    /** A JSON body: one descriptor object or an array of them. */
    public List<ParsedDescriptor> readJson(String text) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new DescriptorSyntaxException(
                    "invalid JSON: " + e.getOriginalMessage(),
                    0,
                    loc == null ? 0 : loc.getLineNr(),
                    loc == null ? 0 : loc.getColumnNr());
        }
        List<ParsedDescriptor> out = new ArrayList<>();
        if (root instanceof ObjectNode o) {
            out.add(new ParsedDescriptor(0, o, SourceMap.EMPTY));
        } else if (root instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (!(a.get(i) instanceof ObjectNode o)) {
                    throw new DescriptorSyntaxException("element " + i + " of the array is not an object", i, 0, 0);
                }
                out.add(new ParsedDescriptor(i, o, SourceMap.EMPTY));
            }
        } else {
            throw new DescriptorSyntaxException("a JSON body must be a descriptor object or an array of them", 0, 1, 1);
        }
        return out;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    private JsonNode convert(Node node, String pointer, Map<String, SourcePosition> positions, int doc) {
        Mark start = node.getStartMark();
        positions.put(pointer, new SourcePosition(start.getLine() + 1, start.getColumn() + 1));
        if (node instanceof MappingNode mapping) {
            ObjectNode object = NODES.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                Node keyNode = tuple.getKeyNode();
                if (!(keyNode instanceof ScalarNode key)) {
                    Mark m = keyNode.getStartMark();
                    throw new DescriptorSyntaxException(
                            "invalid YAML: mapping keys must be scalars", doc, m.getLine() + 1, m.getColumn() + 1);
                }
                String name = key.getValue();
                if (object.has(name)) {
                    Mark m = keyNode.getStartMark();
                    throw new DescriptorSyntaxException(
                            "invalid YAML: duplicate key \"" + name + "\"", doc, m.getLine() + 1, m.getColumn() + 1);
                }
                String child = pointer + "/" + escape(name);
                object.set(name, convert(tuple.getValueNode(), child, positions, doc));
                // A key's own line is the better place to point at than its value's (which may be on the next line).
                positions.put(
                        child,
                        new SourcePosition(
                                keyNode.getStartMark().getLine() + 1,
                                keyNode.getStartMark().getColumn() + 1));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = NODES.arrayNode();
            int i = 0;
            for (Node item : sequence.getValue()) {
                array.add(convert(item, pointer + "/" + i, positions, doc));
                i++;
            }
            return array;
        }
        ScalarNode scalar = (ScalarNode) node;
        return scalar(scalar);
    }

    private static JsonNode scalar(ScalarNode scalar) {
        Tag tag = scalar.getTag();
        String v = scalar.getValue();
        try {
            if (Tag.NULL.equals(tag)) {
                return NODES.nullNode();
            }
            if (Tag.BOOL.equals(tag)) {
                String l = v.toLowerCase();
                return NODES.booleanNode(l.equals("true") || l.equals("yes") || l.equals("on") || l.equals("y"));
            }
            if (Tag.INT.equals(tag)) {
                String clean = v.replace("_", "");
                BigInteger b;
                if (clean.startsWith("0x") || clean.startsWith("-0x")) {
                    b = new BigInteger(clean.replaceFirst("0x", ""), 16);
                } else if (clean.startsWith("0o")) {
                    b = new BigInteger(clean.substring(2), 8);
                } else {
                    b = new BigInteger(clean);
                }
                return b.bitLength() < 63 ? NODES.numberNode(b.longValue()) : NODES.numberNode(b);
            }
            if (Tag.FLOAT.equals(tag)) {
                String clean = v.replace("_", "").toLowerCase();
                if (clean.contains("inf") || clean.contains("nan")) {
                    return NODES.textNode(v);
                }
                return NODES.numberNode(new java.math.BigDecimal(clean));
            }
        } catch (NumberFormatException e) {
            return NODES.textNode(v);
        }
        // Strings, timestamps and custom tags stay text: descriptors are JSON-shaped and Backstage treats them so.
        return NODES.textNode(v);
    }

    /** RFC 6901 escaping of one pointer segment. */
    public static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}

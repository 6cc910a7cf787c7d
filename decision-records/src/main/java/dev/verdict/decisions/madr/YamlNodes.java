package dev.verdict.decisions.madr;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads YAML as a node tree (SnakeYAML compose, no object construction, so no tags run code) and turns every problem
 * into a {@link FormatProblem} with the line in the file. {@code lineOffset} is the file line of the YAML's first line.
 */
public final class YamlNodes {

    private final String file;
    private final int lineOffset;

    public YamlNodes(String file, int lineOffset) {
        this.file = file;
        this.lineOffset = lineOffset;
    }

    public Node compose(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(1_000_000);
        try {
            Node node = new Yaml(options).compose(new StringReader(yaml));
            return node;
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + lineOffset : lineOffset;
            throw new DecisionFormatException(file, line, "invalid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new DecisionFormatException(file, lineOffset, "invalid YAML: " + e.getMessage());
        }
    }

    public int line(Node n) {
        return n.getStartMark().getLine() + lineOffset;
    }

    public DecisionFormatException error(Node n, String message) {
        return new DecisionFormatException(file, n == null ? lineOffset : line(n), message);
    }

    /** The entries of a mapping, in order, refusing duplicate and unknown keys. */
    public Map<String, Node> mapping(Node n, String what, Set<String> allowed) {
        if (!(n instanceof MappingNode m)) {
            throw error(n, what + " must be a mapping of keys to values");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw error(t.getKeyNode(), what + ": keys must be plain names");
            }
            String key = k.getValue();
            if (allowed != null && !allowed.contains(key)) {
                throw error(k, what + ": unknown key '" + key + "'; allowed: " + String.join(", ", allowed));
            }
            if (out.putIfAbsent(key, t.getValueNode()) != null) {
                throw error(k, what + ": key '" + key + "' appears twice");
            }
        }
        return out;
    }

    public String string(Node n, String what) {
        if (!(n instanceof ScalarNode s)) {
            throw error(n, what + " must be a single value");
        }
        return s.getValue();
    }

    public boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    public List<String> strings(Node n, String what) {
        if (isNull(n)) {
            return List.of();
        }
        if (!(n instanceof SequenceNode seq)) {
            throw error(n, what + " must be a list");
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            String v = string(item, what + " item");
            if (v.isBlank()) {
                throw error(item, what + ": items must not be empty");
            }
            out.add(v);
        }
        return out;
    }

    public List<Node> sequence(Node n, String what) {
        if (isNull(n)) {
            return List.of();
        }
        if (!(n instanceof SequenceNode seq)) {
            throw error(n, what + " must be a list");
        }
        return seq.getValue();
    }

    public String file() {
        return file;
    }
}

package dev.verdict.decisions.madr;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Writes the small, fixed shape of a decision's front matter in one canonical YAML style: block mappings and
 * sequences, two-space indent, plain scalars where YAML 1.1 reads them back as the same string, double quotes
 * otherwise. A hand-written emitter because the byte-exact output is part of the file format.
 */
final class YamlWriter {

    private static final Pattern PLAIN = Pattern.compile("[\\p{L}0-9_/.][\\p{L}\\p{M}0-9 _./:@()+,'-]*");
    private static final Resolver RESOLVER = new Resolver();
    private static final Set<String> RESERVED =
            Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ".inf", ".nan", "-.inf", "+.inf");
    private final StringBuilder out = new StringBuilder();

    void scalar(int indent, String key, String value) {
        indent(indent).append(key).append(": ").append(quote(value)).append('\n');
    }

    /** A value that is already valid plain YAML of the intended type (a number, a boolean, a date). */
    void raw(int indent, String key, String value) {
        indent(indent).append(key).append(": ").append(value).append('\n');
    }

    void list(int indent, String key, List<String> values) {
        indent(indent).append(key).append(":\n");
        for (String v : values) {
            indent(indent + 2).append("- ").append(quote(v)).append('\n');
        }
    }

    void key(int indent, String key) {
        indent(indent).append(key).append(":\n");
    }

    /** Starts an item of a sequence of mappings: the first key goes on the dash line. */
    void itemScalar(int indent, String key, String value) {
        indent(indent)
                .append("- ")
                .append(key)
                .append(": ")
                .append(quote(value))
                .append('\n');
    }

    void itemRaw(int indent, String key, String value) {
        indent(indent).append("- ").append(key).append(": ").append(value).append('\n');
    }

    void item(int indent, String value) {
        indent(indent).append("- ").append(quote(value)).append('\n');
    }

    private StringBuilder indent(int n) {
        for (int i = 0; i < n; i++) {
            out.append(' ');
        }
        return out;
    }

    static String quote(String s) {
        if (isPlainSafe(s)) {
            return s;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20
                            || (c >= 0x7f && c <= 0x9f)
                            || c == 0x2028
                            || c == 0x2029
                            || c == 0xfeff
                            || c >= 0xfffe
                            || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    static boolean isPlainSafe(String s) {
        if (s.isEmpty()
                || !PLAIN.matcher(s).matches()
                || s.endsWith(" ")
                || s.endsWith(":")
                || s.contains(": ")
                || s.contains(" #")
                || RESERVED.contains(s.toLowerCase(Locale.ROOT))) {
            return false;
        }
        // Only if YAML 1.1 reads it back as a string (not a number, date, boolean or null).
        return RESOLVER.resolve(NodeId.scalar, s, true).equals(Tag.STR);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}

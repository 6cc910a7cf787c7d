package dev.verdict.decisions.decision.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One option under "Pros and Cons of the Options": its title and the Markdown below it (an optional description and
 * the "Good, because …" / "Neutral, because …" / "Bad, because …" bullets). The text is kept verbatim; pros and
 * cons are read from it.
 */
public record OptionAnalysis(String title, String details) {

    public OptionAnalysis {
        title = MarkdownBlocks.heading("option title", title);
        details = MarkdownBlocks.normalize(details);
        MarkdownBlocks.check("option '" + title + "'", details, 3);
    }

    /** Builds the canonical text from a description and argument lists. */
    public static OptionAnalysis of(
            String title, String description, List<String> good, List<String> neutral, List<String> bad) {
        StringBuilder sb = new StringBuilder();
        String d = MarkdownBlocks.normalize(description);
        if (!d.isEmpty()) {
            sb.append(d).append("\n\n");
        }
        appendArguments(sb, "Good", good);
        appendArguments(sb, "Neutral", neutral);
        appendArguments(sb, "Bad", bad);
        return new OptionAnalysis(title, sb.toString());
    }

    private static void appendArguments(StringBuilder sb, String kind, List<String> args) {
        if (args == null) {
            return;
        }
        for (String a : args) {
            sb.append("* ")
                    .append(kind)
                    .append(", because ")
                    .append(MarkdownBlocks.oneLine("argument", a))
                    .append('\n');
        }
    }

    public List<String> good() {
        return arguments("Good");
    }

    public List<String> neutral() {
        return arguments("Neutral");
    }

    public List<String> bad() {
        return arguments("Bad");
    }

    private List<String> arguments(String kind) {
        List<String> out = new ArrayList<>();
        String prefix = kind + ", because ";
        for (String line : details.split("\n")) {
            String l = line.strip();
            if (l.startsWith("* ") || l.startsWith("- ")) {
                String item = l.substring(2).strip();
                if (item.startsWith(prefix)) {
                    out.add(item.substring(prefix.length()).strip());
                } else if (item.equals(kind)) {
                    out.add("");
                }
            }
        }
        return out;
    }
}

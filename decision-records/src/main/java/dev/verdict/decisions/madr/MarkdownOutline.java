package dev.verdict.decisions.madr;

import dev.verdict.decisions.decision.model.MarkdownBlocks;
import java.util.ArrayList;
import java.util.List;

/**
 * A Markdown document cut at its ATX headings (outside fenced code): the text before the first heading and one
 * {@link Part} per heading with the raw lines below it. Line numbers are the file's (1-based).
 */
public final class MarkdownOutline {

    /** A heading and the lines up to the next heading of any level. */
    public record Part(int level, String heading, String rawHeading, int line, List<String> lines, int firstBodyLine) {
        /** The body as a normalized text block. */
        public String text() {
            return MarkdownBlocks.normalize(String.join("\n", lines));
        }

        /** File line of the first non-blank body line, or the heading line. */
        public int firstContentLine() {
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    return firstBodyLine + i;
                }
            }
            return line;
        }
    }

    private final List<String> preamble;
    private final int preambleLine;
    private final List<Part> parts;

    private MarkdownOutline(List<String> preamble, int preambleLine, List<Part> parts) {
        this.preamble = preamble;
        this.preambleLine = preambleLine;
        this.parts = parts;
    }

    /**
     * @param lines     the document's lines
     * @param firstLine the file line number of {@code lines.get(0)}
     * @throws DecisionFormatException if a code fence is never closed
     */
    public static MarkdownOutline of(String file, List<String> lines, int firstLine) {
        List<String> preamble = new ArrayList<>();
        List<Part> parts = new ArrayList<>();
        MarkdownBlocks.FenceTracker fences = new MarkdownBlocks.FenceTracker();
        int fenceLine = 0;
        List<String> current = preamble;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean wasOpen = fences.open();
            boolean inCode = fences.accept(line);
            if (!wasOpen && fences.open()) {
                fenceLine = firstLine + i;
            }
            int level = inCode ? 0 : MarkdownBlocks.headingLevel(line);
            if (level > 0) {
                current = new ArrayList<>();
                parts.add(new Part(
                        level, MarkdownBlocks.headingText(line), line, firstLine + i, current, firstLine + i + 1));
            } else {
                current.add(line);
            }
        }
        if (fences.open()) {
            throw new DecisionFormatException(file, fenceLine, "code fence opened here is never closed");
        }
        return new MarkdownOutline(preamble, firstLine, parts);
    }

    public static List<String> lines(String text) {
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    public List<String> preamble() {
        return preamble;
    }

    public int preambleLine() {
        return preambleLine;
    }

    public List<Part> parts() {
        return parts;
    }
}

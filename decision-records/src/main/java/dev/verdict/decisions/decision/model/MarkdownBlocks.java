package dev.verdict.decisions.decision.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules for the free Markdown text kept in a decision's sections. A text block is stored without leading or trailing
 * blank lines and with LF line ends, and it may not contain a heading that would end its section when the file is
 * read back (that is what makes model → file → model lossless).
 */
public final class MarkdownBlocks {

    private static final Pattern ATX = Pattern.compile("(?s)^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})(.*)$");

    private MarkdownBlocks() {}

    /** Null → "", CRLF/CR → LF, blank lines removed at both ends. */
    public static String normalize(String text) {
        if (text == null) {
            return "";
        }
        String t = text.replace("\r\n", "\n").replace('\r', '\n');
        String[] lines = t.split("\n", -1);
        int start = 0;
        int end = lines.length;
        while (start < end && lines[start].isBlank()) {
            start++;
        }
        while (end > start && lines[end - 1].isBlank()) {
            end--;
        }
        return String.join("\n", java.util.Arrays.asList(lines).subList(start, end));
    }

    /** The level (1-6) of an ATX heading line, or 0. */
    public static int headingLevel(String line) {
        Matcher m = ATX.matcher(line);
        return m.matches() ? m.group(1).length() : 0;
    }

    /** The text of an ATX heading line (closing #s removed), or null if the line is no heading. */
    public static String headingText(String line) {
        Matcher m = ATX.matcher(line);
        if (!m.matches()) {
            return null;
        }
        String text = m.group(2) == null ? "" : m.group(2);
        return text.replaceAll("[ \\t]+#+$", "").replaceAll("^#+$", "").trim();
    }

    /** Tracks fenced code blocks line by line, so headings inside code are not taken as structure. */
    public static final class FenceTracker {
        private String openFence;

        /** Feeds one line; returns true if the line is inside (or opens/closes) a fenced code block. */
        public boolean accept(String line) {
            Matcher m = FENCE.matcher(line);
            if (openFence == null) {
                if (m.matches() && !(m.group(1).charAt(0) == '`' && m.group(2).contains("`"))) {
                    openFence = m.group(1);
                    return true;
                }
                return false;
            }
            if (m.matches()
                    && m.group(1).charAt(0) == openFence.charAt(0)
                    && m.group(1).length() >= openFence.length()
                    && m.group(2).isBlank()) {
                openFence = null;
            }
            return true;
        }

        public boolean open() {
            return openFence != null;
        }
    }

    /**
     * Checks that a text block can be embedded in a section: every code fence is closed and, outside code, there
     * is no heading of level {@code maxForbiddenLevel} or higher (1 = only '#', 2 = '#' and '##', ...).
     */
    public static void check(String field, String text, int maxForbiddenLevel) {
        FenceTracker fences = new FenceTracker();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (fences.accept(lines[i])) {
                continue;
            }
            int level = headingLevel(lines[i]);
            if (level > 0 && level <= maxForbiddenLevel) {
                throw new IllegalArgumentException(field + ": line " + (i + 1) + " is a level-" + level
                        + " heading, which would end the section; use level " + (maxForbiddenLevel + 1)
                        + " or deeper");
            }
        }
        if (fences.open()) {
            throw new IllegalArgumentException(field + ": a code fence is opened and never closed");
        }
    }

    /** Checks a one-line value (a title or a list item). */
    public static String oneLine(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        if (value.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029)) {
            throw new IllegalArgumentException(field + " must be a single line");
        }
        return value.strip();
    }

    /** A one-line value written as a Markdown heading: it may not end in '#'s, which ATX headings drop. */
    public static String heading(String field, String value) {
        String v = oneLine(field, value);
        if (v.matches("(?s)(.*[ \\t])?#+")) {
            throw new IllegalArgumentException(field + " may not end with a space and '#' characters: '" + v + "'");
        }
        return v;
    }
}

package dev.verdict.decisions.madr;

import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.shared.DecisionNumber;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verdict's decision file: {@code docs/decisions/NNNN-slug.md}, YAML front matter (the MADR 4 fields plus a
 * {@code verdict:} block) and the MADR 4 Markdown body. {@link #render} writes the canonical form;
 * {@link #parse} reads it back to an equal {@link Decision}, and a canonical file read and rendered again is
 * byte-identical. Non-canonical but valid files (other bullet characters, extra blank lines, CRLF) are read and
 * normalized on the next write. Anything else is a {@link DecisionFormatException} with file and line.
 *
 * <p>This class holds the file's names and keys; {@link DecisionWriter} writes and {@link DecisionReader} reads.
 */
public final class DecisionMarkdown {

    public static final String DIRECTORY = "docs/decisions";
    private static final Pattern FILE_NAME = Pattern.compile("(\\d{4,6})-([a-z0-9][a-z0-9-]*)\\.md");

    static final Set<String> TOP_KEYS =
            orderedSet("status", "date", "decision-makers", "consulted", "informed", "verdict");
    static final Set<String> VERDICT_KEYS = orderedSet(
            "status-label",
            "date-label",
            "tags",
            "supersedes",
            "superseded-by",
            "relates-to",
            "unresolved-links",
            "affected-entities",
            "criteria",
            "evidence");
    static final Set<String> UNRESOLVED_LINK_KEYS = orderedSet("relation", "text");
    static final Set<String> CRITERION_KEYS = orderedSet(
            "id",
            "kind",
            "metric",
            "comparison",
            "statistic",
            "comparator",
            "threshold",
            "min-samples",
            "require-gates",
            "max-age");

    private DecisionMarkdown() {}

    private static Set<String> orderedSet(String... keys) {
        return new LinkedHashSet<>(List.of(keys));
    }

    // ---------------------------------------------------------------- file names

    /** {@code docs/decisions/0007-use-g1-gc.md} for a decision with that number and title. */
    public static String path(DecisionNumber number, String title) {
        return DIRECTORY + "/" + fileName(number, title);
    }

    public static String fileName(DecisionNumber number, String title) {
        return number.padded() + "-" + slug(title) + ".md";
    }

    public static String slug(String title) {
        String s = java.text.Normalizer.normalize(title, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (s.length() > 60) {
            s = s.substring(0, 60).replaceAll("-+$", "");
        }
        return s.isEmpty() ? "decision" : s;
    }

    /** The number in a file name {@code NNNN-slug.md} (directories are ignored). */
    public static DecisionNumber numberOf(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        Matcher m = FILE_NAME.matcher(name);
        if (!m.matches()) {
            throw new DecisionFormatException(
                    path, 0, "file name must be NNNN-slug.md (four-digit number, lower-case slug), was '" + name + "'");
        }
        return DecisionNumber.of(Integer.parseInt(m.group(1)));
    }

    // ---------------------------------------------------------------- render and parse

    /** The canonical file of {@code d}. */
    public static String render(Decision d) {
        return DecisionWriter.render(d);
    }

    /**
     * Reads a decision file.
     *
     * @param path    the file's repository-relative path; its name gives the number
     * @param content the file's text
     */
    public static Decision parse(String path, String content) {
        return DecisionReader.parse(path, content);
    }
}

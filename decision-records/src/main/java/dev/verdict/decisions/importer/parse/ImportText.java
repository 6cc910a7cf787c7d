package dev.verdict.decisions.importer.parse;

import dev.verdict.decisions.decision.model.DecisionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small text rules shared by the importers: HTML comments, status words, name lists, Markdown links. */
public final class ImportText {

    public static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\(([^)\\s]*)\\)");
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->");

    private ImportText() {}

    /** Removes {@code <!-- … -->} comments (MADR templates put them in headings and list items). */
    public static String stripComments(String s) {
        return s == null ? null : COMMENT.matcher(s).replaceAll("").strip();
    }

    /**
     * Reads a status as the tools write it: "Accepted", "accepted", "Superseded by [...](...)", "Superceded by …",
     * and a few common synonyms (draft → proposed, approved → accepted, obsolete → deprecated).
     */
    public static Optional<DecisionStatus> status(String text) {
        String t = stripComments(text)
                .toLowerCase(Locale.ROOT)
                .replaceAll("[*_`\\[\\]]", "")
                .strip();
        if (t.startsWith("superseded") || t.startsWith("superceded")) {
            return Optional.of(DecisionStatus.SUPERSEDED);
        }
        String word = t.split("[\\s.,;:(]+", 2)[0];
        return switch (word) {
            case "proposed", "draft", "proposal", "open" -> Optional.of(DecisionStatus.PROPOSED);
            case "accepted", "approved", "adopted", "done" -> Optional.of(DecisionStatus.ACCEPTED);
            case "rejected", "declined" -> Optional.of(DecisionStatus.REJECTED);
            case "deprecated", "obsolete", "retired" -> Optional.of(DecisionStatus.DEPRECATED);
            default -> Optional.empty();
        };
    }

    /** "Alice, Bob and Carol" or "Alice; Bob" → [Alice, Bob, Carol]. */
    public static List<String> names(String text) {
        List<String> out = new ArrayList<>();
        for (String part : stripComments(text).split("\\s*(?:,|;|\\band\\b)\\s*")) {
            String p = part.strip();
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    /** log4brains tags: "space and/or comma separated". */
    public static List<String> tags(String text) {
        List<String> out = new ArrayList<>();
        for (String part : stripComments(text).split("[\\s,]+")) {
            if (!part.isBlank() && !out.contains(part.strip())) {
                out.add(part.strip());
            }
        }
        return out;
    }

    /** Every Markdown link in a line, as (text, target). */
    public static List<String[]> links(String line) {
        List<String[]> out = new ArrayList<>();
        Matcher m = LINK.matcher(line);
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2)});
        }
        return out;
    }
}

package dev.verdict.decisions.importer.parse;

import dev.verdict.decisions.decision.model.DecisionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** A status as a record wrote it, read: the lifecycle state, and the words as written when they say more. */
    public record StatusReading(DecisionStatus status, String label, boolean known) {}

    private static final List<Map.Entry<DecisionStatus, List<String>>> CLOSEST = List.of(
            // checked in this order: "not accepted" is a rejection, "invalid" is no longer valid
            Map.entry(
                    DecisionStatus.REJECTED,
                    List.of(
                            "not accepted",
                            "abandon",
                            "withdrawn",
                            "cancel",
                            "won't",
                            "wont",
                            "dismiss",
                            "refus",
                            "denied",
                            "declin",
                            "rejec")),
            Map.entry(
                    DecisionStatus.DEPRECATED,
                    List.of(
                            "replaced",
                            "outdated",
                            "archived",
                            "sunset",
                            "legacy",
                            "expired",
                            "invalid",
                            "retir",
                            "removed",
                            "discontinued",
                            "dropped",
                            "obsolete",
                            "deprecat")),
            Map.entry(
                    DecisionStatus.ACCEPTED,
                    List.of(
                            "implemented",
                            "active",
                            "agreed",
                            "decided",
                            "final",
                            "in effect",
                            "live",
                            "complete",
                            "valid",
                            "current",
                            "amended",
                            "approved",
                            "accept",
                            "adopt")),
            Map.entry(
                    DecisionStatus.PROPOSED,
                    List.of(
                            "hold",
                            "pending",
                            "review",
                            "discuss",
                            "wip",
                            "progress",
                            "todo",
                            "idea",
                            "suggest",
                            "planned",
                            "postponed",
                            "deferred",
                            "paused",
                            "investigat",
                            "research",
                            "explor",
                            "rfc",
                            "consider",
                            "draft",
                            "propos")));

    /**
     * Reads any status text. The five statuses and the synonyms of {@link #status} are {@code known}; anything else
     * (MADR's status is free-form: "on hold", "implemented") maps to the closest lifecycle state by its words, or to
     * proposed. {@code label} is the text as written when it says more than the state (null for "Accepted",
     * "superseded by …").
     */
    public static StatusReading readStatus(String text) {
        String written = stripComments(text).replaceAll("[*_`]", "").strip();
        Optional<DecisionStatus> known = status(text);
        if (known.isPresent()) {
            DecisionStatus s = known.get();
            boolean plain = s == DecisionStatus.SUPERSEDED
                    || written.replaceAll("[.!]+$", "").equalsIgnoreCase(s.label());
            return new StatusReading(s, plain ? null : written, true);
        }
        String t = written.toLowerCase(Locale.ROOT);
        for (Map.Entry<DecisionStatus, List<String>> e : CLOSEST) {
            if (e.getValue().stream().anyMatch(t::contains)) {
                return new StatusReading(e.getKey(), written, false);
            }
        }
        return new StatusReading(DecisionStatus.PROPOSED, written, false);
    }

    /** The warning for a status that is not one of the five, or null when there is nothing to say. */
    public static String statusWarning(StatusReading r) {
        if (r.label() == null) {
            return null;
        }
        if (r.known()) {
            return "status '" + r.label() + "' recorded as " + r.status().label() + "; the label '" + r.label()
                    + "' is kept";
        }
        return "status '" + r.label() + "' is not one of proposed, accepted, rejected, deprecated, superseded;"
                + " recorded as " + r.status().label() + " (the closest lifecycle state), the label '" + r.label()
                + "' is kept";
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

package dev.verdict.decisions.importer.madr;

import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.decision.model.DecisionStatus;
import dev.verdict.decisions.decision.model.LinkRelation;
import dev.verdict.decisions.importer.parse.ForeignBody;
import dev.verdict.decisions.importer.parse.ImportDates;
import dev.verdict.decisions.importer.parse.ImportText;
import dev.verdict.decisions.importer.parse.LinkResolver;
import dev.verdict.decisions.importer.parse.Warnings;
import dev.verdict.decisions.madr.DecisionFormatException;
import dev.verdict.decisions.madr.MarkdownOutline;
import dev.verdict.decisions.madr.YamlNodes;
import dev.verdict.decisions.shared.DecisionNumber;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads MADR 2.x, 3.x and 4.x records (and log4brains', which are MADR 2 with tags): metadata either in YAML front
 * matter (3/4: status, date, deciders / decision-makers, consulted, informed) or as a list under the title
 * (2: "* Status: …", "* Deciders: …", "* Date: …", "- Tags: …"), then the MADR sections.
 */
public final class MadrParser {

    private static final Pattern META = Pattern.compile(
            "(?i)^\\s*[*+-]\\s+(status|deciders|decision-makers|decision makers|date|tags|consulted|informed|"
                    + "technical story|authors?)\\s*:\\s*(.*)$");

    /** What the caller knows from outside the file (log4brains: the date prefix of the file name). */
    public record Defaults(LocalDate date, String dateSource) {}

    private MadrParser() {}

    public static Decision parse(
            String file,
            String content,
            DecisionNumber number,
            LinkResolver resolver,
            Defaults defaults,
            Warnings warnings) {
        List<String> lines = MarkdownOutline.lines(content.replace("\r\n", "\n"));
        int bodyStart = 0;
        Meta meta = new Meta();
        ForeignBody body = new ForeignBody(file, resolver, warnings);
        if (!lines.isEmpty() && lines.get(0).equals("---")) {
            int close = -1;
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).equals("---")) {
                    close = i;
                    break;
                }
            }
            if (close < 0) {
                throw new DecisionFormatException(file, 1, "front matter opened on line 1 is never closed with '---'");
            }
            frontMatter(file, String.join("\n", lines.subList(1, close)) + "\n", meta, warnings);
            bodyStart = close + 1;
        }
        MarkdownOutline outline = MarkdownOutline.of(file, lines.subList(bodyStart, lines.size()), bodyStart + 1);
        for (int i = 0; i < outline.preamble().size(); i++) {
            if (!outline.preamble().get(i).isBlank()) {
                throw new DecisionFormatException(file, outline.preambleLine() + i, "text before the '# ' title");
            }
        }
        List<MarkdownOutline.Part> parts = outline.parts();
        if (parts.isEmpty() || parts.get(0).level() != 1) {
            throw new DecisionFormatException(
                    file,
                    parts.isEmpty() ? outline.preambleLine() : parts.get(0).line(),
                    "a MADR record has a '# Title' heading");
        }
        MarkdownOutline.Part head = parts.get(0);
        String title = ImportText.stripComments(head.heading());
        if (title.isEmpty()) {
            throw new DecisionFormatException(file, head.line(), "the title heading is empty");
        }
        // MADR 2 / log4brains metadata list and "Technical Story" under the title
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < head.lines().size(); i++) {
            String l = head.lines().get(i);
            Matcher m = META.matcher(l);
            if (m.matches()) {
                meta.set(file, m.group(1).toLowerCase(Locale.ROOT), m.group(2), head.firstBodyLine() + i);
            } else {
                rest.add(l);
            }
        }
        if (meta.technicalStory != null) {
            body.addContext("Technical Story: " + meta.technicalStory);
        }
        body.addContext(String.join("\n", rest));
        body.map(parts, 1);

        Decision.Builder b = Decision.builder(number, title);
        if (meta.status == null || meta.status.isBlank()) {
            // MADR 2-4 templates mark the status optional and name no default (proposed is listed first): a record
            // that does not say it was accepted is not recorded as accepted
            warnings.add(
                    meta.statusLine,
                    "no status; recorded as proposed (MADR's status is optional and its template names no default)");
            b.status(DecisionStatus.PROPOSED);
        } else {
            // MADR's status is free-form: an unknown one maps to the closest state and keeps its label
            ImportText.StatusReading s = ImportText.readStatus(meta.status);
            b.status(s.status()).statusLabel(s.label());
            String warning = ImportText.statusWarning(s);
            if (warning != null) {
                warnings.add(meta.statusLine, warning);
            }
            if (s.status() == DecisionStatus.SUPERSEDED) {
                supersededBy(meta, body, resolver);
            }
        }
        if (meta.date != null && meta.date.read()) {
            b.date(meta.date.date());
        } else if (defaults != null && defaults.date() != null) {
            b.date(defaults.date());
            if (meta.date == null) {
                warnings.add("no date; used " + defaults.dateSource() + " " + defaults.date());
            } else {
                warnings.add(
                        meta.dateLine, meta.date.problem() + "; used " + defaults.dateSource() + " " + defaults.date());
            }
        } else if (meta.date != null) {
            // two readings or none: kept as written, not guessed
            b.dateLabel(meta.date.label());
            warnings.add(meta.dateLine, ImportDates.warning(meta.date));
        } else {
            warnings.add("no date; the record has no date (none is invented, not the import date)");
        }
        b.decisionMakers(meta.deciders)
                .consulted(meta.consulted)
                .informed(meta.informed)
                .tags(meta.tags);
        body.applyTo(b);
        return b.build();
    }

    /**
     * "superseded by [ADR-0005](0005-example.md)" or "superseded by ADR-0005"; a successor that is not in the
     * imported set is kept as an unresolved link.
     */
    private static void supersededBy(Meta meta, ForeignBody body, LinkResolver resolver) {
        String text = ImportText.stripComments(meta.status);
        if (!ImportText.links(text).isEmpty()) {
            body.link(text.replaceFirst("(?i)^superse[dc]ed by", "Superseded by"), meta.statusLine);
            return;
        }
        Matcher m = Pattern.compile("(?i)superse[dc]ed by\\s+(.+)$").matcher(text);
        if (m.find()) {
            String target = m.group(1).strip();
            resolver.resolve(target, target)
                    .ifPresentOrElse(
                            body.supersededBy::add,
                            () -> body.unresolved(LinkRelation.SUPERSEDED_BY, text, meta.statusLine));
        }
    }

    private static void frontMatter(String file, String yaml, Meta meta, Warnings warnings) {
        YamlNodes nodes = new YamlNodes(file, 2);
        Node root = nodes.compose(yaml);
        if (root == null) {
            return;
        }
        Map<String, Node> m = nodes.mapping(root, "front matter", null);
        for (Map.Entry<String, Node> e : m.entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            Node v = e.getValue();
            int line = nodes.line(v);
            switch (key) {
                case "status", "date" -> meta.set(file, key, nodes.string(v, key), line);
                case "deciders", "decision-makers", "consulted", "informed", "tags" -> {
                    List<String> values = v instanceof ScalarNode
                            ? (nodes.isNull(v)
                                    ? List.of()
                                    : key.equals("tags")
                                            ? ImportText.tags(nodes.string(v, key))
                                            : ImportText.names(nodes.string(v, key)))
                            : nodes.strings(v, key);
                    meta.setList(key, values);
                }
                default ->
                    warnings.add(
                            nodes.line(v),
                            "front matter key '" + e.getKey() + "' has no place in the MADR 4 model and was not"
                                    + " imported");
            }
        }
    }

    private static final class Meta {
        String status;
        int statusLine;
        ImportDates.DateReading date;
        int dateLine;
        String technicalStory;
        List<String> deciders = List.of();
        List<String> consulted = List.of();
        List<String> informed = List.of();
        List<String> tags = List.of();

        void set(String file, String key, String value, int line) {
            String v = ImportText.stripComments(value);
            switch (key) {
                case "status" -> {
                    status = v;
                    statusLine = line;
                }
                case "date" -> {
                    date = ImportDates.read(v);
                    dateLine = line;
                }
                case "technical story" -> technicalStory = v;
                case "tags" -> tags = ImportText.tags(v);
                case "author", "authors", "deciders", "decision-makers", "decision makers" -> {
                    List<String> merged = new ArrayList<>(deciders);
                    ImportText.names(v).stream()
                            .filter(n -> !merged.contains(n))
                            .forEach(merged::add);
                    deciders = merged;
                }
                case "consulted" -> consulted = ImportText.names(v);
                case "informed" -> informed = ImportText.names(v);
                default -> throw new IllegalStateException(key);
            }
        }

        void setList(String key, List<String> values) {
            switch (key) {
                case "deciders", "decision-makers" -> deciders = values;
                case "consulted" -> consulted = values;
                case "informed" -> informed = values;
                default -> tags = values;
            }
        }
    }
}

package dev.verdict.decisions.madr;

import static dev.verdict.decisions.madr.DecisionMarkdown.CRITERION_KEYS;
import static dev.verdict.decisions.madr.DecisionMarkdown.TOP_KEYS;
import static dev.verdict.decisions.madr.DecisionMarkdown.UNRESOLVED_LINK_KEYS;
import static dev.verdict.decisions.madr.DecisionMarkdown.VERDICT_KEYS;
import static dev.verdict.decisions.madr.DecisionMarkdown.numberOf;

import dev.verdict.decisions.criteria.grammar.Comparator;
import dev.verdict.decisions.criteria.grammar.Criterion;
import dev.verdict.decisions.criteria.grammar.CriterionException;
import dev.verdict.decisions.criteria.grammar.CriterionSyntax;
import dev.verdict.decisions.criteria.grammar.MaxAge;
import dev.verdict.decisions.criteria.grammar.Statistic;
import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.decision.model.DecisionSections;
import dev.verdict.decisions.decision.model.DecisionStatus;
import dev.verdict.decisions.decision.model.LinkRelation;
import dev.verdict.decisions.decision.model.OptionAnalysis;
import dev.verdict.decisions.decision.model.Section;
import dev.verdict.decisions.decision.model.UnresolvedLink;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.decisions.shared.EvidenceKind;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a decision file (canonical or merely valid: other bullet characters, extra blank lines, CRLF) into a
 * {@link Decision}; anything else is a {@link DecisionFormatException} with file and line.
 */
final class DecisionReader {

    private static final Pattern BULLET = Pattern.compile("(?s)^ {0,3}[*+-][ \\t]+(.*?)\\s*$");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private DecisionReader() {}

    /**
     * Reads a decision file.
     *
     * @param path    the file's repository-relative path; its name gives the number
     * @param content the file's text
     */
    public static Decision parse(String path, String content) {
        DecisionNumber number = numberOf(path);
        List<String> lines = MarkdownOutline.lines(content.replace("\r\n", "\n"));
        if (lines.isEmpty() || !lines.get(0).equals("---")) {
            throw new DecisionFormatException(path, 1, "a decision file starts with YAML front matter: a '---' line");
        }
        int close = -1;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).equals("---")) {
                close = i;
                break;
            }
        }
        if (close < 0) {
            throw new DecisionFormatException(path, 1, "front matter opened on line 1 is never closed with '---'");
        }
        Decision.Builder b = Decision.builder(number, "untitled");
        YamlNodes yaml = new YamlNodes(path, 2);
        readFrontMatter(yaml, String.join("\n", lines.subList(1, close)) + "\n", b);
        readBody(path, MarkdownOutline.of(path, lines.subList(close + 1, lines.size()), close + 2), b);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new DecisionFormatException(path, 0, e.getMessage());
        }
    }

    static void readFrontMatter(YamlNodes yaml, String text, Decision.Builder b) {
        Node root = yaml.compose(text);
        if (root == null) {
            throw yaml.error(null, "front matter is empty; it needs at least a status");
        }
        Map<String, Node> top = yaml.mapping(root, "front matter", TOP_KEYS);
        Node status = top.get("status");
        if (status == null) {
            throw yaml.error(
                    root,
                    "front matter: 'status' is required (one of proposed, accepted, rejected,"
                            + " deprecated, superseded)");
        }
        String statusText = yaml.string(status, "status");
        b.status(DecisionStatus.fromLabel(statusText)
                .filter(s -> s.label().equals(statusText))
                .orElseThrow(() -> yaml.error(
                        status,
                        "status '" + statusText + "' is not one of proposed, accepted, rejected,"
                                + " deprecated, superseded")));
        // optional, as in MADR: an imported record whose date has no single reading has none (see verdict.date-label)
        Node date = top.get("date");
        if (date != null) {
            b.date(date(yaml, date));
        }
        if (top.containsKey("decision-makers")) {
            b.decisionMakers(yaml.strings(top.get("decision-makers"), "decision-makers"));
        }
        if (top.containsKey("consulted")) {
            b.consulted(yaml.strings(top.get("consulted"), "consulted"));
        }
        if (top.containsKey("informed")) {
            b.informed(yaml.strings(top.get("informed"), "informed"));
        }
        Node verdictNode = top.get("verdict");
        if (verdictNode != null && !yaml.isNull(verdictNode)) {
            Map<String, Node> v = yaml.mapping(verdictNode, "verdict", VERDICT_KEYS);
            if (v.containsKey("status-label")) {
                b.statusLabel(yaml.string(v.get("status-label"), "verdict.status-label"));
            }
            if (v.containsKey("date-label")) {
                // a date written in git beside it wins: the model keeps the label only while there is no date
                b.dateLabel(yaml.string(v.get("date-label"), "verdict.date-label"));
            }
            if (v.containsKey("tags")) {
                b.tags(yaml.strings(v.get("tags"), "verdict.tags"));
            }
            b.supersedes(numbers(yaml, v.get("supersedes"), "verdict.supersedes"));
            b.supersededBy(numbers(yaml, v.get("superseded-by"), "verdict.superseded-by"));
            b.relatesTo(numbers(yaml, v.get("relates-to"), "verdict.relates-to"));
            if (v.containsKey("unresolved-links")) {
                List<UnresolvedLink> links = new ArrayList<>();
                for (Node n : yaml.sequence(v.get("unresolved-links"), "verdict.unresolved-links")) {
                    links.add(unresolvedLink(yaml, n));
                }
                b.unresolvedLinks(links);
            }
            if (v.containsKey("affected-entities")) {
                b.affectedEntities(yaml.strings(v.get("affected-entities"), "verdict.affected-entities"));
            }
            if (v.containsKey("criteria")) {
                List<Criterion> criteria = new ArrayList<>();
                for (Node n : yaml.sequence(v.get("criteria"), "verdict.criteria")) {
                    criteria.add(criterion(yaml, n));
                }
                b.criteria(criteria);
            }
            if (v.containsKey("evidence")) {
                b.evidenceIds(yaml.strings(v.get("evidence"), "verdict.evidence"));
            }
        }
    }

    static LocalDate date(YamlNodes yaml, Node node) {
        String text = yaml.string(node, "date");
        if (!DATE.matcher(text).matches()) {
            throw yaml.error(node, "date must be YYYY-MM-DD, was '" + text + "'");
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw yaml.error(node, "date '" + text + "' is not a calendar date");
        }
    }

    private static List<DecisionNumber> numbers(YamlNodes yaml, Node node, String what) {
        if (node == null) {
            return List.of();
        }
        List<DecisionNumber> out = new ArrayList<>();
        for (Node item : yaml.sequence(node, what)) {
            String s = yaml.string(item, what + " item");
            try {
                out.add(DecisionNumber.parse(s));
            } catch (IllegalArgumentException e) {
                throw yaml.error(item, what + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static UnresolvedLink unresolvedLink(YamlNodes yaml, Node n) {
        Map<String, Node> m = yaml.mapping(n, "unresolved link", UNRESOLVED_LINK_KEYS);
        Node relation = m.get("relation");
        Node text = m.get("text");
        if (relation == null || text == null) {
            throw yaml.error(n, "an unresolved link has 'relation' and 'text'");
        }
        String r = yaml.string(relation, "unresolved link relation");
        LinkRelation rel = LinkRelation.fromLabel(r)
                .orElseThrow(() -> yaml.error(
                        relation,
                        "unresolved link relation '" + r + "' is not one of supersedes, superseded-by, relates-to"));
        try {
            return new UnresolvedLink(rel, yaml.string(text, "unresolved link text"));
        } catch (IllegalArgumentException e) {
            throw yaml.error(text, e.getMessage());
        }
    }

    /** A criterion in structured form, or a string in the one-line syntax. */
    static Criterion criterion(YamlNodes yaml, Node n) {
        if (n instanceof ScalarNode s) {
            try {
                return CriterionSyntax.parse(s.getValue());
            } catch (CriterionException e) {
                throw yaml.error(n, "criterion: " + e.getMessage() + "\n" + CriterionSyntax.GRAMMAR);
            }
        }
        Map<String, Node> m = yaml.mapping(n, "criterion", CRITERION_KEYS);
        Map<String, String> f = new HashMap<>();
        for (Map.Entry<String, Node> e : m.entrySet()) {
            f.put(e.getKey(), yaml.string(e.getValue(), "criterion." + e.getKey()));
        }
        try {
            EvidenceKind kind = f.get("kind") == null
                    ? null
                    : EvidenceKind.fromLabel(f.get("kind"))
                            .orElseThrow(() -> new CriterionException(
                                    "kind",
                                    "unknown kind '" + f.get("kind")
                                            + "'; expected canary, experiment, benchmark, telemetry, chaos or manual"));
            Statistic statistic = f.get("statistic") == null
                    ? null
                    : Statistic.fromLabel(f.get("statistic"))
                            .orElseThrow(
                                    () -> new CriterionException(
                                            "statistic",
                                            "unknown statistic '" + f.get("statistic")
                                                    + "'; expected estimate, ci.lower, ci.upper, p-value, classification or equivalent"));
            Comparator comparator = f.get("comparator") == null
                    ? null
                    : Comparator.fromSymbol(f.get("comparator"))
                            .orElseThrow(() -> new CriterionException(
                                    "comparator",
                                    "unknown comparator '" + f.get("comparator")
                                            + "'; expected <, <=, >, >=, ==, != or within"));
            Integer minSamples = null;
            if (f.get("min-samples") != null) {
                try {
                    minSamples = Integer.valueOf(f.get("min-samples"));
                } catch (NumberFormatException e) {
                    throw new CriterionException(
                            "min-samples", "min-samples must be a whole number, was '" + f.get("min-samples") + "'");
                }
            }
            boolean gates = false;
            if (f.get("require-gates") != null) {
                String g = f.get("require-gates");
                if (!g.equals("true") && !g.equals("false")) {
                    throw new CriterionException(
                            "require-gates", "require-gates must be true or false, was '" + g + "'");
                }
                gates = g.equals("true");
            }
            MaxAge maxAge = f.get("max-age") == null ? null : MaxAge.parse(f.get("max-age"));
            return new Criterion(
                    f.get("id"),
                    kind,
                    f.get("metric"),
                    f.get("comparison"),
                    statistic,
                    comparator,
                    f.get("threshold"),
                    minSamples,
                    gates,
                    maxAge);
        } catch (CriterionException e) {
            Node at = m.getOrDefault(e.field(), n);
            throw yaml.error(at, "criterion: " + e.getMessage() + "\n" + CriterionSyntax.GRAMMAR);
        }
    }

    private static void readBody(String path, MarkdownOutline outline, Decision.Builder b) {
        for (int i = 0; i < outline.preamble().size(); i++) {
            if (!outline.preamble().get(i).isBlank()) {
                throw new DecisionFormatException(
                        path, outline.preambleLine() + i, "text before the title; the body starts with '# <title>'");
            }
        }
        List<MarkdownOutline.Part> parts = outline.parts();
        if (parts.isEmpty() || parts.get(0).level() != 1) {
            int line = parts.isEmpty() ? outline.preambleLine() : parts.get(0).line();
            throw new DecisionFormatException(path, line, "the body must start with the title heading '# <title>'");
        }
        MarkdownOutline.Part titlePart = parts.get(0);
        if (titlePart.heading().isEmpty()) {
            throw new DecisionFormatException(path, titlePart.line(), "the title heading is empty");
        }
        b.title(titlePart.heading());
        requireBlank(path, titlePart, "text between the title and the first '## ' section");

        Map<String, Integer> seen = new HashMap<>();
        List<OptionAnalysis> options = new ArrayList<>();
        List<Section> extra = new ArrayList<>();
        int i = 1;
        while (i < parts.size()) {
            MarkdownOutline.Part p = parts.get(i);
            if (p.level() == 1) {
                throw new DecisionFormatException(
                        path, p.line(), "a second title heading; a decision has one '# ' title");
            }
            if (p.level() > 2) {
                throw new DecisionFormatException(
                        path, p.line(), "heading '" + p.heading() + "' is not inside a '## ' section");
            }
            String canonical = DecisionSections.LEVEL_2.stream()
                    .filter(h -> h.equalsIgnoreCase(p.heading()))
                    .findFirst()
                    .orElse(null);
            String key = canonical != null ? canonical : p.heading();
            Integer first = seen.putIfAbsent(key.toLowerCase(java.util.Locale.ROOT), p.line());
            if (first != null) {
                throw new DecisionFormatException(
                        path, p.line(), "section '" + key + "' appears twice (first on line " + first + ")");
            }
            int end = i + 1;
            while (end < parts.size() && parts.get(end).level() > 2) {
                end++;
            }
            List<MarkdownOutline.Part> subs = parts.subList(i + 1, end);
            if (canonical == null) {
                if (p.heading().isEmpty()) {
                    throw new DecisionFormatException(path, p.line(), "empty section heading");
                }
                extra.add(new Section(p.heading(), joined(p, subs)));
            } else {
                switch (canonical) {
                    case DecisionSections.CONTEXT -> b.context(joined(p, subs));
                    case DecisionSections.MORE_INFORMATION -> b.moreInformation(joined(p, subs));
                    case DecisionSections.DRIVERS -> b.decisionDrivers(bulletList(path, p, subs));
                    case DecisionSections.OPTIONS -> b.consideredOptions(bulletList(path, p, subs));
                    case DecisionSections.OUTCOME -> readOutcome(path, p, subs, b);
                    case DecisionSections.PROS_AND_CONS -> {
                        requireBlank(path, p, "text before the first '### <option>' heading");
                        for (int s = 0; s < subs.size(); s++) {
                            MarkdownOutline.Part o = subs.get(s);
                            if (o.level() != 3) {
                                throw new DecisionFormatException(
                                        path,
                                        o.line(),
                                        "each option under '" + canonical + "' starts with a '### <option>' heading");
                            }
                            int oe = s + 1;
                            while (oe < subs.size() && subs.get(oe).level() > 3) {
                                oe++;
                            }
                            if (o.heading().isEmpty()) {
                                throw new DecisionFormatException(path, o.line(), "empty option heading");
                            }
                            options.add(new OptionAnalysis(o.heading(), joined(o, subs.subList(s + 1, oe))));
                            s = oe - 1;
                        }
                    }
                    default -> throw new IllegalStateException(canonical);
                }
            }
            i = end;
        }
        b.prosAndCons(options);
        b.extraSections(extra);
    }

    private static void readOutcome(
            String path, MarkdownOutline.Part p, List<MarkdownOutline.Part> subs, Decision.Builder b) {
        List<MarkdownOutline.Part> outcome = new ArrayList<>();
        List<MarkdownOutline.Part> consequences = null;
        List<MarkdownOutline.Part> confirmation = null;
        List<MarkdownOutline.Part> current = outcome;
        MarkdownOutline.Part consequencesHead = null;
        MarkdownOutline.Part confirmationHead = null;
        for (MarkdownOutline.Part s : subs) {
            if (s.level() == 3 && s.heading().equalsIgnoreCase(DecisionSections.CONSEQUENCES)) {
                if (consequencesHead != null) {
                    throw new DecisionFormatException(path, s.line(), "'### Consequences' appears twice");
                }
                if (confirmationHead != null) {
                    throw new DecisionFormatException(
                            path, s.line(), "'### Consequences' must come before '### Confirmation'");
                }
                consequencesHead = s;
                consequences = new ArrayList<>();
                current = consequences;
            } else if (s.level() == 3 && s.heading().equalsIgnoreCase(DecisionSections.CONFIRMATION)) {
                if (confirmationHead != null) {
                    throw new DecisionFormatException(path, s.line(), "'### Confirmation' appears twice");
                }
                confirmationHead = s;
                confirmation = new ArrayList<>();
                current = confirmation;
            } else {
                current.add(s);
            }
        }
        b.outcome(joined(p, outcome));
        b.consequences(consequencesHead == null ? "" : joined(consequencesHead, consequences));
        b.confirmation(confirmationHead == null ? "" : joined(confirmationHead, confirmation));
    }

    /** The raw text of a part and the deeper parts nested in it, as one block. */
    private static String joined(MarkdownOutline.Part head, List<MarkdownOutline.Part> nested) {
        List<String> lines = new ArrayList<>(head.lines());
        for (MarkdownOutline.Part n : nested) {
            lines.add(n.rawHeading());
            lines.addAll(n.lines());
        }
        return String.join("\n", lines);
    }

    private static List<String> bulletList(String path, MarkdownOutline.Part p, List<MarkdownOutline.Part> subs) {
        if (!subs.isEmpty()) {
            throw new DecisionFormatException(
                    path, subs.get(0).line(), "'" + p.heading() + "' is a bullet list and cannot contain headings");
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < p.lines().size(); i++) {
            String line = p.lines().get(i);
            if (line.isBlank()) {
                continue;
            }
            Matcher m = BULLET.matcher(line);
            if (!m.matches() || m.group(1).isEmpty()) {
                throw new DecisionFormatException(
                        path,
                        p.firstBodyLine() + i,
                        "'" + p.heading() + "' must be a bullet list ('* item'), found: " + line.strip());
            }
            items.add(m.group(1));
        }
        return items;
    }

    private static void requireBlank(String path, MarkdownOutline.Part p, String what) {
        for (int i = 0; i < p.lines().size(); i++) {
            if (!p.lines().get(i).isBlank()) {
                throw new DecisionFormatException(path, p.firstBodyLine() + i, what + " is not allowed");
            }
        }
    }
}

package dev.verdict.decisions.importer.parse;

import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.decision.model.DecisionSections;
import dev.verdict.decisions.decision.model.LinkRelation;
import dev.verdict.decisions.decision.model.OptionAnalysis;
import dev.verdict.decisions.decision.model.Section;
import dev.verdict.decisions.decision.model.UnresolvedLink;
import dev.verdict.decisions.madr.DecisionFormatException;
import dev.verdict.decisions.madr.MarkdownOutline;
import dev.verdict.decisions.shared.DecisionNumber;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the '## ' sections of an ADR written by another tool onto the MADR 4 model: Nygard's Context / Decision /
 * Consequences, MADR 2's Positive / Negative Consequences, MADR 3's Validation, "Links" lists. Sections it does not
 * know are kept verbatim as extra sections; nothing is dropped.
 */
public final class ForeignBody {

    private static final Pattern BULLET = Pattern.compile("^ {0,3}[*+-][ \\t]+(.*?)\\s*$");
    private static final Pattern CONTINUATION = Pattern.compile("^(?: {2,}|\\t)\\S.*$");
    private static final Pattern LINK_LINE = Pattern.compile(
            "(?i)^\\s*(?:[*+-]\\s+)?(supersedes|superseded by|superceded by|supercedes|[a-z][a-z -]{1,30}?)\\s+(\\[.*)$");

    private final String file;
    private final LinkResolver resolver;
    private final Warnings warnings;
    private final List<String> contextParts = new ArrayList<>();
    private final List<Section> extra = new ArrayList<>();
    private final Set<String> extraNames = new HashSet<>();
    public final List<DecisionNumber> supersedes = new ArrayList<>();
    public final List<DecisionNumber> supersededBy = new ArrayList<>();
    public final List<DecisionNumber> relatesTo = new ArrayList<>();
    public final List<UnresolvedLink> unresolved = new ArrayList<>();
    private final List<String> outcome = new ArrayList<>();
    private final List<String> consequences = new ArrayList<>();
    private final List<String> confirmation = new ArrayList<>();
    private final List<String> moreInformation = new ArrayList<>();
    private final List<String> drivers = new ArrayList<>();
    private final List<String> options = new ArrayList<>();
    private final List<OptionAnalysis> prosAndCons = new ArrayList<>();

    public ForeignBody(String file, LinkResolver resolver, Warnings warnings) {
        this.file = file;
        this.resolver = resolver;
        this.warnings = warnings;
    }

    /** Text that goes before everything else in the context (e.g. MADR 2's "Technical Story: …"). */
    public void addContext(String text) {
        String t = dev.verdict.decisions.decision.model.MarkdownBlocks.normalize(text);
        if (!t.isEmpty()) {
            contextParts.add(t);
        }
    }

    /** Maps the parts from index {@code from} on; every part there must be level 2 or deeper. */
    public void map(List<MarkdownOutline.Part> parts, int from) {
        int i = from;
        while (i < parts.size()) {
            MarkdownOutline.Part p = parts.get(i);
            if (p.level() == 1) {
                throw new DecisionFormatException(file, p.line(), "a second title heading ('# ')");
            }
            int end = i + 1;
            while (end < parts.size() && parts.get(end).level() > 2) {
                end++;
            }
            List<MarkdownOutline.Part> subs = parts.subList(i + 1, end);
            if (p.level() > 2) {
                // a '###' directly under the title: keep it as context
                addContext(joined(p, subs));
            } else {
                section(ImportText.stripComments(p.heading()), p, subs);
            }
            i = end;
        }
    }

    private void section(String heading, MarkdownOutline.Part p, List<MarkdownOutline.Part> subs) {
        String h = heading.toLowerCase(Locale.ROOT);
        switch (h) {
            case "context and problem statement", "context", "problem statement", "context and problem", "summary" ->
                addContext(joined(p, subs));
            case "decision drivers", "drivers" -> bulletsOrExtra(heading, p, subs, drivers);
            case "considered options", "options" -> bulletsOrExtra(heading, p, subs, options);
            case "decision outcome", "decision" -> outcome(p, subs);
            case "consequences" -> consequences.add(joined(p, subs));
            case "validation", "confirmation" -> confirmation.add(joined(p, subs));
            case "pros and cons of the options" -> prosAndCons(p, subs);
            case "more information", "notes" -> moreInformation.add(joined(p, subs));
            case "links", "related decisions" -> {
                links(p);
                extra(heading, joined(p, subs));
            }
            default -> extra(heading, joined(p, subs));
        }
    }

    private void outcome(MarkdownOutline.Part p, List<MarkdownOutline.Part> subs) {
        List<String> target = outcome;
        List<String> lines = new ArrayList<>(p.lines());
        outcome.add(String.join("\n", lines));
        for (MarkdownOutline.Part s : subs) {
            String h = s.level() == 3 ? ImportText.stripComments(s.heading()).toLowerCase(Locale.ROOT) : "";
            switch (h) {
                case "consequences" -> consequences.add(s.text());
                case "positive consequences" -> consequences.add(prefixBullets(s, "Good, because "));
                case "negative consequences" -> consequences.add(prefixBullets(s, "Bad, because "));
                case "confirmation", "validation" -> confirmation.add(s.text());
                default -> outcome.add(s.rawHeading() + "\n" + String.join("\n", s.lines()));
            }
        }
    }

    /** MADR 2 lists consequences as plain bullets under Positive / Negative; MADR 4 writes "Good, because …". */
    private String prefixBullets(MarkdownOutline.Part s, String prefix) {
        List<String> out = new ArrayList<>();
        for (String line : s.lines()) {
            Matcher m = BULLET.matcher(line);
            if (m.matches() && !m.group(1).isEmpty()) {
                String item = m.group(1);
                out.add("* " + (item.startsWith(prefix.substring(0, prefix.indexOf(','))) ? item : prefix + item));
            } else {
                out.add(line);
            }
        }
        return String.join("\n", out);
    }

    private void prosAndCons(MarkdownOutline.Part p, List<MarkdownOutline.Part> subs) {
        String intro = p.text();
        if (!intro.isEmpty()) {
            moreInformation.add(intro);
            warnings.add(
                    p.line(),
                    "text before the first option under 'Pros and Cons of the Options' moved to More Information");
        }
        for (int s = 0; s < subs.size(); s++) {
            MarkdownOutline.Part o = subs.get(s);
            int oe = s + 1;
            while (oe < subs.size() && subs.get(oe).level() > 3) {
                oe++;
            }
            String title = ImportText.stripComments(o.heading());
            if (title.isEmpty()) {
                throw new DecisionFormatException(file, o.line(), "empty option heading");
            }
            try {
                prosAndCons.add(new OptionAnalysis(title, joined(o, subs.subList(s + 1, oe))));
            } catch (IllegalArgumentException e) {
                throw new DecisionFormatException(file, o.line(), e.getMessage());
            }
            s = oe - 1;
        }
    }

    private void bulletsOrExtra(
            String heading, MarkdownOutline.Part p, List<MarkdownOutline.Part> subs, List<String> into) {
        List<String> items = new ArrayList<>();
        boolean pure = subs.isEmpty();
        for (String line : p.lines()) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = BULLET.matcher(line);
            if (m.matches() && !m.group(1).isEmpty()) {
                items.add(ImportText.stripComments(m.group(1)));
            } else if (CONTINUATION.matcher(line).matches() && !items.isEmpty()) {
                items.set(items.size() - 1, items.get(items.size() - 1) + " " + line.strip());
            } else {
                pure = false;
            }
        }
        items.removeIf(String::isBlank);
        into.addAll(items);
        if (!pure) {
            extra(heading + " (notes)", joined(p, subs));
            warnings.add(
                    p.line(),
                    "'" + heading + "' is not a plain bullet list; its full text is kept as an extra section");
        }
    }

    private void links(MarkdownOutline.Part p) {
        for (int i = 0; i < p.lines().size(); i++) {
            String line = p.lines().get(i);
            if (line.isBlank()) {
                continue;
            }
            link(line, p.firstBodyLine() + i);
        }
    }

    /**
     * Reads one "Supersedes [..](..)" / "Superseded by [..](..)" / "Amends [..](..)" line. A link to a record that is
     * not in the imported set is kept as an {@link UnresolvedLink} with its text, and listed as a warning.
     * Returns false if the line is not a link line.
     */
    public boolean link(String line, int lineNumber) {
        String stripped = ImportText.stripComments(line);
        Matcher m = LINK_LINE.matcher(stripped);
        if (!m.matches()) {
            return false;
        }
        String kind = m.group(1).toLowerCase(Locale.ROOT);
        List<String[]> links = ImportText.links(m.group(2));
        if (links.isEmpty()) {
            return false;
        }
        LinkRelation relation = switch (kind) {
            case "supersedes", "supercedes" -> LinkRelation.SUPERSEDES;
            case "superseded by", "superceded by" -> LinkRelation.SUPERSEDED_BY;
            default -> LinkRelation.RELATES_TO;
        };
        boolean supersession = relation != LinkRelation.RELATES_TO;
        boolean any = false;
        for (String[] l : links) {
            if (l[1].matches("(?i)^(https?|mailto):.*")) {
                continue;
            }
            any = true;
            Optional<DecisionNumber> n = resolver.resolve(l[0], l[1]);
            if (n.isEmpty()) {
                unresolved(relation, m.group(1) + " [" + l[0] + "](" + l[1] + ")", lineNumber);
                continue;
            }
            switch (relation) {
                case SUPERSEDES -> supersedes.add(n.get());
                case SUPERSEDED_BY -> supersededBy.add(n.get());
                default -> relatesTo.add(n.get());
            }
        }
        return any || supersession;
    }

    /** Keeps a link whose target is not in the imported set, with its text, and says so. */
    public void unresolved(LinkRelation relation, String text, int lineNumber) {
        UnresolvedLink link = new UnresolvedLink(relation, text);
        if (!unresolved.contains(link)) {
            unresolved.add(link);
        }
        warnings.add(
                lineNumber,
                "link '" + link.text() + "' names no decision of the imported set; kept as an unresolved "
                        + relation.label() + " link");
    }

    /** Keeps text verbatim as an extra section under {@code heading} (renamed if that name is taken). */
    public void keepSection(String heading, String body) {
        extra(heading, body);
    }

    private void extra(String heading, String body) {
        String h = heading;
        if (DecisionSections.isKnown(h)) {
            h = h + " (original)";
        }
        String base = h;
        int k = 2;
        while (!extraNames.add(h.toLowerCase(Locale.ROOT))) {
            h = base + " (" + k++ + ")";
        }
        extra.add(new Section(h, body));
    }

    private static String joined(MarkdownOutline.Part head, List<MarkdownOutline.Part> nested) {
        List<String> lines = new ArrayList<>(head.lines());
        for (MarkdownOutline.Part n : nested) {
            lines.add(n.rawHeading());
            lines.addAll(n.lines());
        }
        return String.join("\n", lines);
    }

    /** Puts everything collected into the builder. */
    public void applyTo(Decision.Builder b) {
        b.context(String.join("\n\n", contextParts));
        b.decisionDrivers(drivers);
        b.consideredOptions(options);
        b.outcome(joinBlocks(outcome));
        b.consequences(joinBlocks(consequences));
        b.confirmation(joinBlocks(confirmation));
        b.prosAndCons(prosAndCons);
        b.moreInformation(joinBlocks(moreInformation));
        b.extraSections(extra);
        b.supersedes(supersedes);
        b.supersededBy(supersededBy);
        b.relatesTo(relatesTo);
        b.unresolvedLinks(unresolved);
    }

    private static String joinBlocks(List<String> blocks) {
        return String.join(
                "\n\n",
                blocks.stream()
                        .map(dev.verdict.decisions.decision.model.MarkdownBlocks::normalize)
                        .filter(s -> !s.isEmpty())
                        .toList());
    }
}

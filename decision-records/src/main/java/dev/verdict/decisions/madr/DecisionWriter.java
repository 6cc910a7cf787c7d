package dev.verdict.decisions.madr;

import dev.verdict.decisions.criteria.grammar.Criterion;
import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.decision.model.DecisionSections;
import dev.verdict.decisions.decision.model.OptionAnalysis;
import dev.verdict.decisions.decision.model.Section;
import dev.verdict.decisions.decision.model.UnresolvedLink;
import dev.verdict.decisions.shared.DecisionNumber;
import java.util.ArrayList;
import java.util.List;

/** Writes the canonical form of a decision file (front matter, then the MADR 4 body); {@link DecisionReader} reads it. */
final class DecisionWriter {

    private DecisionWriter() {}

    public static String render(Decision d) {
        StringBuilder sb = new StringBuilder("---\n").append(frontMatter(d)).append("---\n\n");
        List<String> blocks = new ArrayList<>();
        blocks.add("# " + d.title());
        text(blocks, "## " + DecisionSections.CONTEXT, d.context());
        bullets(blocks, DecisionSections.DRIVERS, d.decisionDrivers());
        bullets(blocks, DecisionSections.OPTIONS, d.consideredOptions());
        if (!d.outcome().isEmpty()
                || !d.consequences().isEmpty()
                || !d.confirmation().isEmpty()) {
            blocks.add("## " + DecisionSections.OUTCOME);
            if (!d.outcome().isEmpty()) {
                blocks.add(d.outcome());
            }
            text(blocks, "### " + DecisionSections.CONSEQUENCES, d.consequences());
            text(blocks, "### " + DecisionSections.CONFIRMATION, d.confirmation());
        }
        if (!d.prosAndCons().isEmpty()) {
            blocks.add("## " + DecisionSections.PROS_AND_CONS);
            for (OptionAnalysis o : d.prosAndCons()) {
                blocks.add("### " + o.title());
                if (!o.details().isEmpty()) {
                    blocks.add(o.details());
                }
            }
        }
        text(blocks, "## " + DecisionSections.MORE_INFORMATION, d.moreInformation());
        for (Section s : d.extraSections()) {
            blocks.add("## " + s.heading());
            if (!s.body().isEmpty()) {
                blocks.add(s.body());
            }
        }
        return sb.append(String.join("\n\n", blocks)).append('\n').toString();
    }

    private static void text(List<String> blocks, String heading, String body) {
        if (!body.isEmpty()) {
            blocks.add(heading);
            blocks.add(body);
        }
    }

    private static void bullets(List<String> blocks, String heading, List<String> items) {
        if (!items.isEmpty()) {
            blocks.add("## " + heading);
            blocks.add(String.join("\n", items.stream().map(i -> "* " + i).toList()));
        }
    }

    /** The front matter between the two {@code ---} lines (each line ends with a newline). */
    public static String frontMatter(Decision d) {
        YamlWriter y = new YamlWriter();
        y.scalar(0, "status", d.status().label());
        if (d.date() != null) {
            y.raw(0, "date", d.date().toString());
        }
        optionalList(y, 0, "decision-makers", d.decisionMakers());
        optionalList(y, 0, "consulted", d.consulted());
        optionalList(y, 0, "informed", d.informed());
        boolean verdict = d.statusLabel() != null
                || d.dateLabel() != null
                || !d.tags().isEmpty()
                || !d.supersedes().isEmpty()
                || !d.supersededBy().isEmpty()
                || !d.relatesTo().isEmpty()
                || !d.unresolvedLinks().isEmpty()
                || !d.affectedEntities().isEmpty()
                || !d.criteria().isEmpty()
                || !d.evidenceIds().isEmpty();
        if (verdict) {
            y.key(0, "verdict");
            if (d.statusLabel() != null) {
                y.scalar(2, "status-label", d.statusLabel());
            }
            if (d.dateLabel() != null) {
                y.scalar(2, "date-label", d.dateLabel());
            }
            optionalList(y, 2, "tags", d.tags());
            optionalList(
                    y,
                    2,
                    "supersedes",
                    d.supersedes().stream().map(DecisionNumber::toString).toList());
            optionalList(
                    y,
                    2,
                    "superseded-by",
                    d.supersededBy().stream().map(DecisionNumber::toString).toList());
            optionalList(
                    y,
                    2,
                    "relates-to",
                    d.relatesTo().stream().map(DecisionNumber::toString).toList());
            if (!d.unresolvedLinks().isEmpty()) {
                y.key(2, "unresolved-links");
                for (UnresolvedLink l : d.unresolvedLinks()) {
                    y.itemScalar(4, "relation", l.relation().label());
                    y.scalar(6, "text", l.text());
                }
            }
            optionalList(y, 2, "affected-entities", d.affectedEntities());
            if (!d.criteria().isEmpty()) {
                y.key(2, "criteria");
                for (Criterion c : d.criteria()) {
                    writeCriterion(y, 4, c);
                }
            }
            optionalList(y, 2, "evidence", d.evidenceIds());
        }
        return y.toString();
    }

    private static void writeCriterion(YamlWriter y, int indent, Criterion c) {
        int inner = indent + 2;
        if (c.id() != null) {
            y.itemScalar(indent, "id", c.id());
            y.scalar(inner, "kind", c.kind().label());
        } else {
            y.itemScalar(indent, "kind", c.kind().label());
        }
        y.scalar(inner, "metric", c.metric());
        if (c.comparison() != null) {
            y.scalar(inner, "comparison", c.comparison());
        }
        y.scalar(inner, "statistic", c.statistic().label());
        y.scalar(inner, "comparator", c.comparator().symbol());
        if (c.statistic().numeric()) {
            y.raw(inner, "threshold", c.threshold());
        } else {
            y.scalar(inner, "threshold", c.threshold());
        }
        if (c.minSamples() != null) {
            y.raw(inner, "min-samples", c.minSamples().toString());
        }
        if (c.requireGates()) {
            y.raw(inner, "require-gates", "true");
        }
        if (c.maxAge() != null) {
            y.raw(inner, "max-age", c.maxAge().toString());
        }
    }

    private static void optionalList(YamlWriter y, int indent, String key, List<String> values) {
        if (!values.isEmpty()) {
            y.list(indent, key, values);
        }
    }
}

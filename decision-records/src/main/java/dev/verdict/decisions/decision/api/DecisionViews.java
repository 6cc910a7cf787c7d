package dev.verdict.decisions.decision.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verdict.decisions.criteria.grammar.Comparator;
import dev.verdict.decisions.criteria.grammar.Criterion;
import dev.verdict.decisions.criteria.grammar.CriterionException;
import dev.verdict.decisions.criteria.grammar.CriterionSyntax;
import dev.verdict.decisions.criteria.grammar.MaxAge;
import dev.verdict.decisions.criteria.grammar.Statistic;
import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.decision.model.OptionAnalysis;
import dev.verdict.decisions.decision.model.Section;
import dev.verdict.decisions.decision.store.DecisionRow;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.decisions.shared.EvidenceKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The JSON shapes of the decisions API and their mapping to and from the model. */
public final class DecisionViews {

    private DecisionViews() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DecisionView(
            String id,
            int number,
            String title,
            String status,
            String statusLabel,
            LocalDate date,
            String dateLabel,
            List<String> decisionMakers,
            List<String> consulted,
            List<String> informed,
            String context,
            List<String> decisionDrivers,
            List<String> consideredOptions,
            String chosenOption,
            String outcome,
            String consequences,
            String confirmation,
            List<OptionView> prosAndCons,
            String moreInformation,
            List<SectionView> extraSections,
            List<String> supersedes,
            List<String> supersededBy,
            List<String> relatesTo,
            List<UnresolvedLinkView> unresolvedLinks,
            List<String> affectedEntities,
            List<String> tags,
            List<CriterionView> criteria,
            List<String> evidenceIds,
            String path,
            int version,
            String evidenceStatus,
            String evidenceExplanation,
            Instant evaluatedAt,
            Instant createdAt,
            Instant updatedAt) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(
            String id,
            int number,
            String title,
            String status,
            String statusLabel,
            LocalDate date,
            String dateLabel,
            List<String> tags,
            List<String> affectedEntities,
            String evidenceStatus,
            int version) {}

    public record Page<T>(List<T> items, String next) {}

    public record OptionView(String title, String details, List<String> good, List<String> neutral, List<String> bad) {}

    public record SectionView(String heading, String body) {}

    /** A link of an imported record to a decision that was not imported: its relation and its text as written. */
    public record UnresolvedLinkView(String relation, String text) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CriterionView(
            String id,
            String kind,
            String metric,
            String comparison,
            String statistic,
            String comparator,
            String threshold,
            Integer minSamples,
            boolean requireGates,
            String maxAge,
            String text) {}

    /** Create and edit input; on edit a null field means "unchanged". */
    public record DecisionInput(
            String title,
            LocalDate date,
            List<String> decisionMakers,
            List<String> consulted,
            List<String> informed,
            String context,
            List<String> decisionDrivers,
            List<String> consideredOptions,
            String outcome,
            String consequences,
            String confirmation,
            List<OptionInput> prosAndCons,
            String moreInformation,
            List<SectionView> extraSections,
            List<String> relatesTo,
            List<String> affectedEntities,
            List<String> tags,
            List<CriterionInput> criteria,
            List<String> evidenceIds) {}

    /** An option: either its Markdown {@code details}, or a description with good / neutral / bad arguments. */
    public record OptionInput(
            String title,
            String details,
            String description,
            List<String> good,
            List<String> neutral,
            List<String> bad) {}

    /** A criterion: either {@code text} in the one-line syntax, or the structured fields. */
    public record CriterionInput(
            String text,
            String id,
            String kind,
            String metric,
            String comparison,
            String statistic,
            String comparator,
            String threshold,
            Integer minSamples,
            Boolean requireGates,
            String maxAge) {}

    public record EvaluationView(
            String decision,
            String status,
            String explanation,
            Instant evaluatedAt,
            List<CriterionResultView> results) {}

    public record CriterionResultView(
            CriterionView criterion,
            String outcome,
            String decidingEvidence,
            String observed,
            int matching,
            String explanation) {}

    public static EvaluationView evaluation(DecisionNumber n, dev.verdict.decisions.criteria.evaluate.Evaluation e) {
        return new EvaluationView(
                n.toString(),
                e.status().name(),
                e.explanation(),
                e.evaluatedAt(),
                e.results().stream()
                        .map(r -> new CriterionResultView(
                                criterion(r.criterion()),
                                r.outcome().name(),
                                r.decidingEvidence() == null
                                        ? null
                                        : r.decidingEvidence().toString(),
                                r.observed(),
                                r.matching(),
                                r.explanation()))
                        .toList());
    }

    public static DecisionView view(DecisionRow row) {
        Decision d = row.decision();
        return new DecisionView(
                d.number().toString(),
                d.number().value(),
                d.title(),
                d.status().label(),
                d.statusLabel(),
                d.date(),
                d.dateLabel(),
                d.decisionMakers(),
                d.consulted(),
                d.informed(),
                d.context(),
                d.decisionDrivers(),
                d.consideredOptions(),
                d.chosenOption().orElse(null),
                d.outcome(),
                d.consequences(),
                d.confirmation(),
                d.prosAndCons().stream()
                        .map(o -> new OptionView(o.title(), o.details(), o.good(), o.neutral(), o.bad()))
                        .toList(),
                d.moreInformation(),
                d.extraSections().stream()
                        .map(s -> new SectionView(s.heading(), s.body()))
                        .toList(),
                refs(d.supersedes()),
                refs(d.supersededBy()),
                refs(d.relatesTo()),
                d.unresolvedLinks().stream()
                        .map(l -> new UnresolvedLinkView(l.relation().label(), l.text()))
                        .toList(),
                d.affectedEntities(),
                d.tags(),
                d.criteria().stream().map(DecisionViews::criterion).toList(),
                d.evidenceIds(),
                row.path(),
                row.version(),
                row.evidenceStatus().name(),
                row.evidenceExplanation(),
                row.evaluatedAt(),
                row.createdAt(),
                row.updatedAt());
    }

    public static Summary summary(DecisionRow row) {
        Decision d = row.decision();
        return new Summary(
                d.number().toString(),
                d.number().value(),
                d.title(),
                d.status().label(),
                d.statusLabel(),
                d.date(),
                d.dateLabel(),
                d.tags(),
                d.affectedEntities(),
                row.evidenceStatus().name(),
                row.version());
    }

    public static CriterionView criterion(Criterion c) {
        return new CriterionView(
                c.id(),
                c.kind().label(),
                c.metric(),
                c.comparison(),
                c.statistic().label(),
                c.comparator().symbol(),
                c.threshold(),
                c.minSamples(),
                c.requireGates(),
                c.maxAge() == null ? null : c.maxAge().toString(),
                CriterionSyntax.format(c));
    }

    private static List<String> refs(List<DecisionNumber> numbers) {
        return numbers.stream().map(DecisionNumber::toString).toList();
    }

    /** Applies the non-null fields of {@code in} to {@code b}. */
    public static Decision.Builder apply(DecisionInput in, Decision.Builder b) {
        if (in == null) {
            throw new IllegalArgumentException("a JSON body is required");
        }
        if (in.title() != null) {
            b.title(in.title());
        }
        if (in.date() != null) {
            b.date(in.date());
        }
        if (in.decisionMakers() != null) {
            b.decisionMakers(in.decisionMakers());
        }
        if (in.consulted() != null) {
            b.consulted(in.consulted());
        }
        if (in.informed() != null) {
            b.informed(in.informed());
        }
        if (in.context() != null) {
            b.context(in.context());
        }
        if (in.decisionDrivers() != null) {
            b.decisionDrivers(in.decisionDrivers());
        }
        if (in.consideredOptions() != null) {
            b.consideredOptions(in.consideredOptions());
        }
        if (in.outcome() != null) {
            b.outcome(in.outcome());
        }
        if (in.consequences() != null) {
            b.consequences(in.consequences());
        }
        if (in.confirmation() != null) {
            b.confirmation(in.confirmation());
        }
        if (in.prosAndCons() != null) {
            b.prosAndCons(in.prosAndCons().stream()
                    .map(o -> o.details() != null
                            ? new OptionAnalysis(o.title(), o.details())
                            : OptionAnalysis.of(o.title(), o.description(), o.good(), o.neutral(), o.bad()))
                    .toList());
        }
        if (in.moreInformation() != null) {
            b.moreInformation(in.moreInformation());
        }
        if (in.extraSections() != null) {
            b.extraSections(in.extraSections().stream()
                    .map(s -> new Section(s.heading(), s.body()))
                    .toList());
        }
        if (in.relatesTo() != null) {
            b.relatesTo(in.relatesTo().stream().map(DecisionNumber::parse).toList());
        }
        if (in.affectedEntities() != null) {
            b.affectedEntities(in.affectedEntities());
        }
        if (in.tags() != null) {
            b.tags(in.tags());
        }
        if (in.criteria() != null) {
            b.criteria(in.criteria().stream().map(DecisionViews::criterion).toList());
        }
        if (in.evidenceIds() != null) {
            b.evidenceIds(in.evidenceIds());
        }
        return b;
    }

    /** @throws CriterionException (→ 422 with the grammar) for an invalid criterion */
    public static Criterion criterion(CriterionInput in) {
        if (in == null) {
            throw new CriterionException("criterion", "a criterion must be an object");
        }
        if (in.text() != null) {
            Criterion c = CriterionSyntax.parse(in.text());
            return in.id() != null ? c.withId(in.id()) : c;
        }
        EvidenceKind kind = in.kind() == null
                ? null
                : EvidenceKind.fromLabel(in.kind())
                        .orElseThrow(() -> new CriterionException(
                                "kind",
                                "unknown kind '" + in.kind()
                                        + "'; expected canary, experiment, benchmark, telemetry, chaos or manual"));
        Statistic statistic = in.statistic() == null
                ? null
                : Statistic.fromLabel(in.statistic())
                        .orElseThrow(
                                () -> new CriterionException(
                                        "statistic",
                                        "unknown statistic '" + in.statistic()
                                                + "'; expected estimate, ci.lower, ci.upper, p-value, classification or equivalent"));
        Comparator comparator = in.comparator() == null
                ? null
                : Comparator.fromSymbol(in.comparator())
                        .orElseThrow(() -> new CriterionException(
                                "comparator",
                                "unknown comparator '" + in.comparator()
                                        + "'; expected <, <=, >, >=, ==, != or within"));
        return new Criterion(
                in.id(),
                kind,
                in.metric(),
                in.comparison(),
                statistic,
                comparator,
                in.threshold(),
                in.minSamples(),
                Boolean.TRUE.equals(in.requireGates()),
                in.maxAge() == null ? null : MaxAge.parse(in.maxAge()));
    }
}

package dev.verdict.decisions.decision.model;

import dev.verdict.decisions.criteria.grammar.Criterion;
import dev.verdict.decisions.shared.DecisionNumber;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An architecture decision record in MADR 4.0 form plus Verdict's own fields (links, affected catalog entities,
 * tags, fitness criteria, pinned evidence, and from an import: the source's own status label, its date as written
 * when it has no single reading, and the links that named no imported record). Prose sections are kept as verbatim Markdown; structured parts are read
 * from them on demand, so a file read and written again is unchanged. Immutable: edits make a new value.
 */
public record Decision(
        DecisionNumber number,
        String title,
        DecisionStatus status,
        String statusLabel,
        LocalDate date,
        String dateLabel,
        List<String> decisionMakers,
        List<String> consulted,
        List<String> informed,
        String context,
        List<String> decisionDrivers,
        List<String> consideredOptions,
        String outcome,
        String consequences,
        String confirmation,
        List<OptionAnalysis> prosAndCons,
        String moreInformation,
        List<Section> extraSections,
        List<DecisionNumber> supersedes,
        List<DecisionNumber> supersededBy,
        List<DecisionNumber> relatesTo,
        List<UnresolvedLink> unresolvedLinks,
        List<String> affectedEntities,
        List<String> tags,
        List<Criterion> criteria,
        List<String> evidenceIds) {

    private static final Pattern CHOSEN = Pattern.compile("^Chosen option: \"([^\"\\n]+)\"");

    public Decision {
        if (number == null) {
            throw new IllegalArgumentException("number is required");
        }
        title = MarkdownBlocks.heading("title", title);
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
        statusLabel = statusLabel(status, statusLabel);
        // MADR's date is optional: an imported record without one, or with one that has no single reading, has none
        if (date != null && (date.getYear() < 1 || date.getYear() > 9999)) {
            throw new IllegalArgumentException("date must be between 0001-01-01 and 9999-12-31, was " + date);
        }
        dateLabel = dateLabel(date, dateLabel);
        decisionMakers = items("decision-makers", decisionMakers);
        consulted = items("consulted", consulted);
        informed = items("informed", informed);
        context = block("context", context, 2);
        decisionDrivers = items("decision drivers", decisionDrivers);
        consideredOptions = items("considered options", consideredOptions);
        outcome = block("decision outcome", outcome, 2);
        consequences = block("consequences", consequences, 2);
        confirmation = block("confirmation", confirmation, 2);
        checkNoSubsection("decision outcome", outcome, "Consequences", "Confirmation");
        checkNoSubsection("consequences", consequences, "Confirmation");
        prosAndCons = List.copyOf(prosAndCons == null ? List.of() : prosAndCons);
        moreInformation = block("more information", moreInformation, 2);
        extraSections = List.copyOf(extraSections == null ? List.of() : extraSections);
        Set<String> headings = new HashSet<>();
        for (Section s : extraSections) {
            if (!headings.add(s.heading().toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("extra section '" + s.heading() + "' appears twice");
            }
            if (DecisionSections.isKnown(s.heading())) {
                throw new IllegalArgumentException(
                        "extra section '" + s.heading() + "' has the name of a MADR section");
            }
        }
        supersedes = numbers(supersedes);
        supersededBy = numbers(supersededBy);
        relatesTo = numbers(relatesTo);
        unresolvedLinks = unresolvedLinks == null ? List.of() : List.copyOf(new LinkedHashSet<>(unresolvedLinks));
        affectedEntities = items("affected entities", affectedEntities);
        tags = items("tags", tags);
        criteria = List.copyOf(criteria == null ? List.of() : criteria);
        Set<String> ids = new HashSet<>();
        for (Criterion c : criteria) {
            if (c.id() != null && !ids.add(c.id())) {
                throw new IllegalArgumentException("criterion id '" + c.id() + "' is used twice");
            }
        }
        evidenceIds = items("evidence ids", evidenceIds);
    }

    /**
     * The status as the source wrote it, when it is not one of the five (an imported "on hold", "Implemented"); null
     * when it says no more than the status itself.
     */
    private static String statusLabel(DecisionStatus status, String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        String l = MarkdownBlocks.oneLine("status label", label);
        return l.equalsIgnoreCase(status.label()) ? null : l;
    }

    /**
     * The date as the source wrote it when it could not be read as one calendar date ("02/01/2020" is 2 January or 1
     * February); it stands in for the date only while there is none, so a decision with a date has no date label.
     */
    private static String dateLabel(LocalDate date, String label) {
        if (date != null || label == null || label.isBlank()) {
            return null;
        }
        return MarkdownBlocks.oneLine("date label", label);
    }

    private static String block(String field, String text, int forbiddenLevel) {
        String t = MarkdownBlocks.normalize(text);
        MarkdownBlocks.check(field, t, forbiddenLevel);
        return t;
    }

    /** A '### Consequences' line inside the outcome would be read back as the start of the consequences. */
    private static void checkNoSubsection(String field, String text, String... names) {
        MarkdownBlocks.FenceTracker fences = new MarkdownBlocks.FenceTracker();
        for (String line : text.split("\n", -1)) {
            if (!fences.accept(line) && MarkdownBlocks.headingLevel(line) == 3) {
                String h = MarkdownBlocks.headingText(line);
                for (String n : names) {
                    if (n.equalsIgnoreCase(h)) {
                        throw new IllegalArgumentException(field + " may not contain a '### " + n + "' heading");
                    }
                }
            }
        }
    }

    private static List<String> items(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(values.size());
        for (String v : values) {
            out.add(MarkdownBlocks.oneLine(field + " item", v));
        }
        return List.copyOf(out);
    }

    private static List<DecisionNumber> numbers(List<DecisionNumber> values) {
        if (values == null) {
            return List.of();
        }
        List<DecisionNumber> out = new ArrayList<>();
        for (DecisionNumber n : values) {
            if (n != null && !out.contains(n)) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    /** The option named in 'Chosen option: "…"' at the start of the outcome, if any. */
    public Optional<String> chosenOption() {
        Matcher m = CHOSEN.matcher(outcome);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * Moves this decision to {@code target}, checking the lifecycle. An imported status label described the old
     * status, so it is dropped.
     */
    public Decision transition(DecisionStatus target) {
        Lifecycle.check(status, target);
        return toBuilder().status(target).statusLabel(null).build();
    }

    /** The status as shown to people: the source's own label when it had one, else the status. */
    public String statusText() {
        return statusLabel == null ? status.label() : statusLabel;
    }

    /** The date as shown to people: the date, else the source's own text for it, else null. */
    public String dateText() {
        return date != null ? date.toString() : dateLabel;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder(DecisionNumber number, String title) {
        return new Builder(number, title);
    }

    /** Fluent construction and copy-with-changes of a decision. */
    public static final class Builder {
        private DecisionNumber number;
        private String title;
        private DecisionStatus status = DecisionStatus.PROPOSED;
        private String statusLabel;
        private LocalDate date;
        private String dateLabel;
        private List<String> decisionMakers = List.of();
        private List<String> consulted = List.of();
        private List<String> informed = List.of();
        private String context = "";
        private List<String> decisionDrivers = List.of();
        private List<String> consideredOptions = List.of();
        private String outcome = "";
        private String consequences = "";
        private String confirmation = "";
        private List<OptionAnalysis> prosAndCons = List.of();
        private String moreInformation = "";
        private List<Section> extraSections = List.of();
        private List<DecisionNumber> supersedes = List.of();
        private List<DecisionNumber> supersededBy = List.of();
        private List<DecisionNumber> relatesTo = List.of();
        private List<UnresolvedLink> unresolvedLinks = List.of();
        private List<String> affectedEntities = List.of();
        private List<String> tags = List.of();
        private List<Criterion> criteria = List.of();
        private List<String> evidenceIds = List.of();

        Builder(DecisionNumber number, String title) {
            this.number = number;
            this.title = title;
        }

        Builder(Decision d) {
            number = d.number;
            title = d.title;
            status = d.status;
            statusLabel = d.statusLabel;
            date = d.date;
            dateLabel = d.dateLabel;
            decisionMakers = d.decisionMakers;
            consulted = d.consulted;
            informed = d.informed;
            context = d.context;
            decisionDrivers = d.decisionDrivers;
            consideredOptions = d.consideredOptions;
            outcome = d.outcome;
            consequences = d.consequences;
            confirmation = d.confirmation;
            prosAndCons = d.prosAndCons;
            moreInformation = d.moreInformation;
            extraSections = d.extraSections;
            supersedes = d.supersedes;
            supersededBy = d.supersededBy;
            relatesTo = d.relatesTo;
            unresolvedLinks = d.unresolvedLinks;
            affectedEntities = d.affectedEntities;
            tags = d.tags;
            criteria = d.criteria;
            evidenceIds = d.evidenceIds;
        }

        public Builder number(DecisionNumber v) {
            number = v;
            return this;
        }

        public Builder title(String v) {
            title = v;
            return this;
        }

        public Builder status(DecisionStatus v) {
            status = v;
            return this;
        }

        public Builder statusLabel(String v) {
            statusLabel = v;
            return this;
        }

        public Builder date(LocalDate v) {
            date = v;
            return this;
        }

        public Builder dateLabel(String v) {
            dateLabel = v;
            return this;
        }

        public Builder decisionMakers(List<String> v) {
            decisionMakers = v;
            return this;
        }

        public Builder consulted(List<String> v) {
            consulted = v;
            return this;
        }

        public Builder informed(List<String> v) {
            informed = v;
            return this;
        }

        public Builder context(String v) {
            context = v;
            return this;
        }

        public Builder decisionDrivers(List<String> v) {
            decisionDrivers = v;
            return this;
        }

        public Builder consideredOptions(List<String> v) {
            consideredOptions = v;
            return this;
        }

        public Builder outcome(String v) {
            outcome = v;
            return this;
        }

        public Builder consequences(String v) {
            consequences = v;
            return this;
        }

        public Builder confirmation(String v) {
            confirmation = v;
            return this;
        }

        public Builder prosAndCons(List<OptionAnalysis> v) {
            prosAndCons = v;
            return this;
        }

        public Builder moreInformation(String v) {
            moreInformation = v;
            return this;
        }

        public Builder extraSections(List<Section> v) {
            extraSections = v;
            return this;
        }

        public Builder supersedes(List<DecisionNumber> v) {
            supersedes = v;
            return this;
        }

        public Builder supersededBy(List<DecisionNumber> v) {
            supersededBy = v;
            return this;
        }

        public Builder relatesTo(List<DecisionNumber> v) {
            relatesTo = v;
            return this;
        }

        public Builder unresolvedLinks(List<UnresolvedLink> v) {
            unresolvedLinks = v;
            return this;
        }

        public Builder affectedEntities(List<String> v) {
            affectedEntities = v;
            return this;
        }

        public Builder tags(List<String> v) {
            tags = v;
            return this;
        }

        public Builder criteria(List<Criterion> v) {
            criteria = v;
            return this;
        }

        public Builder evidenceIds(List<String> v) {
            evidenceIds = v;
            return this;
        }

        public Builder edit(Function<Builder, Builder> f) {
            return f.apply(this);
        }

        public Decision build() {
            return new Decision(
                    number,
                    title,
                    status,
                    statusLabel,
                    date,
                    dateLabel,
                    decisionMakers,
                    consulted,
                    informed,
                    context,
                    decisionDrivers,
                    consideredOptions,
                    outcome,
                    consequences,
                    confirmation,
                    prosAndCons,
                    moreInformation,
                    extraSections,
                    supersedes,
                    supersededBy,
                    relatesTo,
                    unresolvedLinks,
                    affectedEntities,
                    tags,
                    criteria,
                    evidenceIds);
        }
    }
}

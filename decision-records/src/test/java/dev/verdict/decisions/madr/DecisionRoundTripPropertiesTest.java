package dev.verdict.decisions.madr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.decisions.criteria.grammar.Comparator;
import dev.verdict.decisions.criteria.grammar.Criterion;
import dev.verdict.decisions.criteria.grammar.MaxAge;
import dev.verdict.decisions.criteria.grammar.Statistic;
import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.decision.model.DecisionStatus;
import dev.verdict.decisions.decision.model.OptionAnalysis;
import dev.verdict.decisions.decision.model.Section;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.decisions.shared.EvidenceKind;
import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** model → file → model is the identity, and file → model → file is byte-identical for every rendered file. */
class DecisionRoundTripPropertiesTest {

    @Property(tries = 400)
    void renderThenParseGivesTheSameDecision(@ForAll("decisions") Decision d) {
        String path = DecisionMarkdown.path(d.number(), d.title());
        String file = DecisionMarkdown.render(d);
        Decision back = DecisionMarkdown.parse(path, file);
        assertThat(back).isEqualTo(d);
        assertThat(DecisionMarkdown.render(back)).isEqualTo(file);
    }

    // ---------------------------------------------------------------- generators

    private static final String CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            + "          !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\téßñ漢字";

    static Arbitrary<String> word() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars(CHARS).ofMinLength(1).ofMaxLength(12),
                Arbitraries.of(
                        "C#",
                        "#tag",
                        "`code`",
                        "**bold**",
                        "--",
                        "---",
                        "😀",
                        "yes",
                        "null",
                        "1.5",
                        "2025-01-01",
                        "a: b",
                        "[x]",
                        "{y}",
                        "&ref",
                        "*star",
                        "!bang",
                        "- dash",
                        "> quote"));
    }

    static Arbitrary<String> line() {
        return word().list().ofMinSize(1).ofMaxSize(8).map(ws -> String.join(" ", ws));
    }

    /** A one-line value that is not blank after trimming. */
    static Arbitrary<String> oneLine() {
        return line().filter(s -> !s.isBlank());
    }

    static Arbitrary<String> headingText() {
        return oneLine().filter(s -> !s.strip().matches("(?s)(.*[ \\t])?#+"));
    }

    /** Markdown text; {@code minLevel} is the shallowest heading level it may contain (3, or 4 for options). */
    static Arbitrary<String> block(int minLevel) {
        Arbitrary<String> paragraph = line().list()
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(ls -> String.join(
                        "\n", ls.stream().map(l -> structural(l) ? "x" + l : l).toList()));
        Arbitrary<String> bullets = oneLine()
                .list()
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(ls -> String.join("\n", ls.stream().map(l -> "* " + l).toList()));
        Arbitrary<String> code = line().list()
                .ofMaxSize(3)
                .map(ls -> "```text\n# not a heading\n## nor this\n"
                        + String.join(
                                "\n",
                                ls.stream()
                                        .map(l -> structural(l) ? "x" + l : l)
                                        .toList()) + "\n```");
        Arbitrary<String> heading = headingText()
                .filter(h -> !h.strip().equalsIgnoreCase("Consequences")
                        && !h.strip().equalsIgnoreCase("Confirmation"))
                .map(h -> "#".repeat(minLevel) + " " + h);
        Arbitrary<String> chunk = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, paragraph),
                net.jqwik.api.Tuple.of(2, bullets),
                net.jqwik.api.Tuple.of(1, code),
                net.jqwik.api.Tuple.of(1, heading),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("   trailing spaces   ")));
        return chunk.list().ofMaxSize(4).map(cs -> String.join("\n\n", cs));
    }

    /** A generated prose line that Markdown would read as a heading or a code fence. */
    static boolean structural(String l) {
        return dev.verdict.decisions.decision.model.MarkdownBlocks.headingLevel(l) > 0
                || l.stripLeading().startsWith("```")
                || l.stripLeading().startsWith("~~~");
    }

    static Arbitrary<List<String>> items() {
        return oneLine().list().ofMaxSize(4);
    }

    static Arbitrary<List<DecisionNumber>> numbers() {
        return Arbitraries.integers()
                .between(1, 99999)
                .map(DecisionNumber::of)
                .list()
                .ofMaxSize(3);
    }

    static Arbitrary<Criterion> criterion() {
        Arbitrary<Statistic> statistic = Arbitraries.of(Statistic.class);
        return statistic.flatMap(st -> {
            Arbitrary<Comparator> cmp = st == Statistic.CLASSIFICATION
                    ? Arbitraries.of(Comparator.EQ, Comparator.NE)
                    : st == Statistic.EQUIVALENT
                            ? Arbitraries.of(Comparator.WITHIN)
                            : Arbitraries.of(Comparator.class).filter(c -> c != Comparator.WITHIN);
            Arbitrary<String> threshold = st == Statistic.CLASSIFICATION
                    ? Arbitraries.of("High", "Medium", "Low", "pass")
                    : st == Statistic.EQUIVALENT
                            ? Arbitraries.of("3%", "0.05", "10%")
                            : st == Statistic.P_VALUE
                                    ? Arbitraries.of("0.05", "0.01", "1", "0")
                                    : Arbitraries.bigDecimals()
                                            .between(
                                                    new java.math.BigDecimal("-1000"), new java.math.BigDecimal("1000"))
                                            .ofScale(3)
                                            .map(java.math.BigDecimal::toPlainString)
                                            .map(s -> s.startsWith("-0.000") ? "0.000" : s);
            return Combinators.combine(
                            Arbitraries.of("cpu-ratio", "p99", "c1").injectNull(0.3),
                            Arbitraries.of(EvidenceKind.class),
                            Arbitraries.of(
                                    "cpu-time-per-op", "p99 latency", "error-rate", "throughput/ops", "gc.pause"),
                            Arbitraries.of("ratio(jdk25/jdk17)", "lift(treatment/control)", "diff(canary/baseline)")
                                    .injectNull(0.4),
                            cmp,
                            threshold,
                            Arbitraries.integers().between(1, 1000).injectNull(0.5),
                            Arbitraries.of(true, false))
                    .flatAs((id, kind, metric, comparison, c, t, n, gates) -> Arbitraries.of("30d", "12h", "90m", "2w")
                            .map(MaxAge::parse)
                            .injectNull(0.4)
                            .map(age -> new Criterion(id, kind, metric, comparison, st, c, t, n, gates, age)));
        });
    }

    @Provide
    Arbitrary<Decision> decisions() {
        Arbitrary<OptionAnalysis> option =
                Combinators.combine(headingText(), block(4)).as(OptionAnalysis::new);
        Arbitrary<Section> section = Combinators.combine(headingText(), block(3))
                .as(Section::new)
                .filter(s -> !dev.verdict.decisions.decision.model.DecisionSections.isKnown(s.heading()));
        return Builders.withBuilder(
                        () -> Decision.builder(DecisionNumber.of(1), "t").date(LocalDate.of(2025, 1, 1)))
                .use(Arbitraries.integers().between(1, 99999))
                .in((b, n) -> b.number(DecisionNumber.of(n)))
                .use(headingText())
                .in(Decision.Builder::title)
                .use(Arbitraries.of(DecisionStatus.class))
                .in(Decision.Builder::status)
                .use(oneLine().injectNull(0.6))
                .in(Decision.Builder::statusLabel)
                .use(Arbitraries.integers().between(-700_000, 2_900_000).injectNull(0.2))
                .in((b, days) ->
                        b.date(days == null ? null : LocalDate.of(1970, 1, 1).plusDays(days)))
                // kept only without a date (an imported date with two readings)
                .use(oneLine().injectNull(0.5))
                .in(Decision.Builder::dateLabel)
                .use(items())
                .in(Decision.Builder::decisionMakers)
                .use(items())
                .in(Decision.Builder::consulted)
                .use(items())
                .in(Decision.Builder::informed)
                .use(block(3))
                .in(Decision.Builder::context)
                .use(items())
                .in(Decision.Builder::decisionDrivers)
                .use(items())
                .in(Decision.Builder::consideredOptions)
                .use(block(3))
                .in(Decision.Builder::outcome)
                .use(block(4))
                .in(Decision.Builder::consequences)
                .use(block(3))
                .in(Decision.Builder::confirmation)
                .use(option.list().ofMaxSize(3))
                .in(Decision.Builder::prosAndCons)
                .use(block(3))
                .in(Decision.Builder::moreInformation)
                .use(section.list().ofMaxSize(2).uniqueElements(s -> s.heading().toLowerCase()))
                .in(Decision.Builder::extraSections)
                .use(numbers())
                .in(Decision.Builder::supersedes)
                .use(numbers())
                .in(Decision.Builder::supersededBy)
                .use(numbers())
                .in(Decision.Builder::relatesTo)
                .use(Combinators.combine(
                                Arbitraries.of(dev.verdict.decisions.decision.model.LinkRelation.class), oneLine())
                        .as(dev.verdict.decisions.decision.model.UnresolvedLink::new)
                        .list()
                        .ofMaxSize(2))
                .in(Decision.Builder::unresolvedLinks)
                .use(items())
                .in(Decision.Builder::affectedEntities)
                .use(items())
                .in(Decision.Builder::tags)
                .use(criterion().list().ofMaxSize(3).uniqueElements(c -> c.id() == null ? new Object() : c.id()))
                .in(Decision.Builder::criteria)
                .use(items())
                .in(Decision.Builder::evidenceIds)
                .build(Decision.Builder::build);
    }

    @Property(tries = 200)
    void unicodeAndYamlSpecialStringsSurviveFrontMatter(@ForAll("yamlStrings") List<String> names) {
        Decision d = Decision.builder(DecisionNumber.of(1), "T")
                .date(LocalDate.of(2025, 1, 1))
                .decisionMakers(names)
                .build();
        Decision back = DecisionMarkdown.parse("docs/decisions/0001-t.md", DecisionMarkdown.render(d));
        assertThat(back.decisionMakers()).isEqualTo(d.decisionMakers());
    }

    @Provide
    Arbitrary<List<String>> yamlStrings() {
        return Arbitraries.strings()
                .all()
                .ofMinLength(1)
                .ofMaxLength(20)
                .filter(s -> !s.isBlank()
                        && s.chars().noneMatch(c -> c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029))
                .filter(s -> s.chars().noneMatch(c -> Character.isSurrogate((char) c)))
                .list()
                .ofMinSize(1)
                .ofMaxSize(5);
    }
}

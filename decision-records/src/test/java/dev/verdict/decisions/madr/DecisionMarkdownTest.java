package dev.verdict.decisions.madr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.decisions.criteria.grammar.Statistic;
import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.decision.model.DecisionStatus;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.decisions.shared.EvidenceKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecisionMarkdownTest {

    static String resource(String path) {
        try (InputStream in = DecisionMarkdownTest.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0007-run-payment-services-on-jdk-25.md", "0003-run-payment-services-on-jdk-17.md"})
    void goldenFilesRoundTripByteForByte(String name) {
        String path = "docs/decisions/" + name;
        String text = resource("golden/" + path);
        Decision d = DecisionMarkdown.parse(path, text);
        assertThat(DecisionMarkdown.render(d)).isEqualTo(text);
    }

    @Test
    void goldenFileIsReadIntoTheModel() {
        String path = "docs/decisions/0007-run-payment-services-on-jdk-25.md";
        Decision d = DecisionMarkdown.parse(path, resource("golden/" + path));
        assertThat(d.number()).isEqualTo(DecisionNumber.of(7));
        assertThat(d.title()).isEqualTo("Run payment services on JDK 25");
        assertThat(d.status()).isEqualTo(DecisionStatus.ACCEPTED);
        assertThat(d.date()).isEqualTo(LocalDate.of(2025, 11, 3));
        assertThat(d.decisionMakers()).containsExactly("Priya Raman", "Tomás Ortega");
        assertThat(d.decisionDrivers()).hasSize(3);
        assertThat(d.consideredOptions())
                .containsExactly("Move to JDK 25 now", "Stay on JDK 17 until 2026", "Move to JDK 21 first");
        assertThat(d.chosenOption()).contains("Move to JDK 25 now");
        assertThat(d.consequences()).startsWith("* Good, because fewer cores");
        assertThat(d.confirmation()).contains("fitness criteria");
        assertThat(d.prosAndCons()).hasSize(3);
        assertThat(d.prosAndCons().get(0).good())
                .containsExactly("compact object headers cut heap use by roughly 10 % in our services.");
        assertThat(d.prosAndCons().get(0).neutral()).hasSize(1);
        assertThat(d.prosAndCons().get(2).bad()).containsExactly("it means two migrations.");
        assertThat(d.moreInformation()).contains("## not a heading, this is inside a code block");
        assertThat(d.extraSections()).singleElement().satisfies(s -> {
            assertThat(s.heading()).isEqualTo("Rollout Notes");
            assertThat(s.body()).startsWith("Teams migrate");
        });
        assertThat(d.supersedes()).containsExactly(DecisionNumber.of(3));
        assertThat(d.relatesTo()).containsExactly(DecisionNumber.of(5));
        assertThat(d.affectedEntities())
                .containsExactly("component:default/payments-api", "component:default/ledger-writer");
        assertThat(d.tags()).containsExactly("jdk", "performance");
        assertThat(d.criteria()).hasSize(2);
        assertThat(d.criteria().get(0).kind()).isEqualTo(EvidenceKind.BENCHMARK);
        assertThat(d.criteria().get(0).statistic()).isEqualTo(Statistic.CI_UPPER);
        assertThat(d.criteria().get(0).threshold()).isEqualTo("0.95");
        assertThat(d.criteria().get(0).minSamples()).isEqualTo(10);
        assertThat(d.criteria().get(1).threshold()).isEqualTo("High");
        assertThat(d.evidenceIds()).containsExactly("0b8f8f0e-5b0e-4c5e-9a53-2f5c1d0e7a11");
    }

    @Test
    void nonCanonicalButValidFilesAreReadAndNormalizedOnce() {
        String loose = "---\r\nstatus: proposed\r\ndate: 2025-02-01\r\ndecision-makers: [Ann, Bo]\r\n"
                + "consulted: []\r\n---\r\n\r\n\r\n# Use Kafka\r\n\r\n## context and problem statement\r\n\r\n\r\n"
                + "Why.\r\n\r\n## Considered Options\r\n\r\n- Kafka\r\n\r\n+ Pulsar\r\n";
        Decision d = DecisionMarkdown.parse("docs/decisions/0002-use-kafka.md", loose);
        assertThat(d.decisionMakers()).containsExactly("Ann", "Bo");
        assertThat(d.consideredOptions()).containsExactly("Kafka", "Pulsar");
        String canonical = DecisionMarkdown.render(d);
        assertThat(canonical).isEqualTo("""
                ---
                status: proposed
                date: 2025-02-01
                decision-makers:
                  - Ann
                  - Bo
                ---

                # Use Kafka

                ## Context and Problem Statement

                Why.

                ## Considered Options

                * Kafka
                * Pulsar
                """);
        assertThat(DecisionMarkdown.render(DecisionMarkdown.parse("docs/decisions/0002-use-kafka.md", canonical)))
                .isEqualTo(canonical);
    }

    private static DecisionFormatException failure(String name, String text) {
        try {
            DecisionMarkdown.parse("docs/decisions/" + name, text);
        } catch (DecisionFormatException e) {
            return e;
        }
        throw new AssertionError("expected a DecisionFormatException for " + name);
    }

    private static final String HEAD = "---\nstatus: proposed\ndate: 2025-02-01\n---\n\n";

    @Test
    void malformedFilesNameFileAndLine() {
        record Case(String text, int line, String message) {}
        Case[] cases = {
            new Case("# Title\n", 1, "starts with YAML front matter"),
            new Case("---\nstatus: proposed\n# Title\n", 1, "never closed"),
            new Case("---\nstatus: acceptd\ndate: 2025-02-01\n---\n\n# T\n", 2, "'acceptd' is not one of"),
            new Case("---\nstatus: proposed\ndate: 2025-02-31\n---\n\n# T\n", 3, "not a calendar date"),
            new Case("---\nstatus: proposed\ndate: 2025-02-01\nstatsu: x\n---\n\n# T\n", 4, "unknown key 'statsu'"),
            new Case(
                    "---\nstatus: proposed\ndate: 2025-02-01\ndecision-makers: [a, b\n---\n\n# T\n", 5, "invalid YAML"),
            new Case(
                    "---\nstatus: proposed\ndate: 2025-02-01\nverdict:\n  criteria:\n    - kind: benchmark\n"
                            + "      metric: x\n      statistic: estimate\n      comparator: \"<=\"\n      threshold: fast\n"
                            + "---\n\n# T\n",
                    10,
                    "must be a decimal number"),
            new Case(
                    "---\nstatus: proposed\ndate: 2025-02-01\nverdict:\n  criteria:\n"
                            + "    - benchmark \"x\" estimate <== 1\n---\n\n# T\n",
                    6,
                    "unknown comparator '<=='"),
            new Case(HEAD + "Intro\n# T\n", 6, "text before the title"),
            new Case(HEAD + "## Context and Problem Statement\n\nx\n", 6, "must start with the title"),
            new Case(HEAD + "# T\n\nstray\n", 8, "text between the title"),
            new Case(HEAD + "# T\n\n## Considered Options\n\n* a\nnot a bullet\n", 11, "must be a bullet list"),
            new Case(HEAD + "# T\n\n## Decision Drivers\n\n* a\n\n## decision drivers\n\n* b\n", 12, "appears twice"),
            new Case(HEAD + "# T\n\n# Again\n", 8, "second title"),
            new Case(HEAD + "# T\n\n## More Information\n\n```java\nint x;\n", 10, "never closed"),
            new Case(
                    HEAD + "# T\n\n## Pros and Cons of the Options\n\nintro\n\n### A\n",
                    10,
                    "text before the first '### <option>'"),
        };
        for (Case c : cases) {
            DecisionFormatException e = failure("0001-t.md", c.text);
            assertThat(e.problems()).as(c.text).singleElement().satisfies(p -> {
                assertThat(p.file()).isEqualTo("docs/decisions/0001-t.md");
                assertThat(p.line()).as(c.message).isEqualTo(c.line);
                assertThat(p.message()).contains(c.message);
            });
        }
    }

    /**
     * MADR's date is optional and since issue #15 Verdict's too: an imported record whose date had no single reading
     * has none and keeps the text in its verdict block; before, a file without a date was refused.
     */
    @Test
    void aFileWithoutADateIsReadAndItsDateLabelRoundTrips() {
        String bare = "---\nstatus: proposed\n---\n\n# T\n";
        Decision d = DecisionMarkdown.parse("docs/decisions/0001-t.md", bare);
        assertThat(d.date()).isNull();
        assertThat(d.dateLabel()).isNull();
        assertThat(DecisionMarkdown.render(d)).isEqualTo(bare);

        String labelled = "---\nstatus: accepted\nverdict:\n  date-label: 02/01/2020\n---\n\n# T\n";
        Decision l = DecisionMarkdown.parse("docs/decisions/0001-t.md", labelled);
        assertThat(l.date()).isNull();
        assertThat(l.dateLabel()).isEqualTo("02/01/2020");
        assertThat(DecisionMarkdown.render(l)).isEqualTo(labelled);

        // a date written beside the label (an edit in git) wins; the label goes on the next write
        Decision dated = DecisionMarkdown.parse(
                "docs/decisions/0001-t.md",
                "---\nstatus: accepted\ndate: 2020-01-02\nverdict:\n  date-label: 02/01/2020\n---\n\n# T\n");
        assertThat(dated.date()).isEqualTo(LocalDate.of(2020, 1, 2));
        assertThat(dated.dateLabel()).isNull();
        assertThat(DecisionMarkdown.render(dated)).startsWith("---\nstatus: accepted\ndate: 2020-01-02\n---\n");
    }

    @Test
    void invalidCriterionErrorExplainsTheGrammar() {
        DecisionFormatException e = failure(
                "0001-t.md",
                "---\nstatus: proposed\ndate: 2025-02-01\nverdict:\n"
                        + "  criteria:\n    - kind: benchmark\n      metric: x\n      statistic: median\n"
                        + "      comparator: \"<=\"\n      threshold: 1\n---\n\n# T\n");
        assertThat(e.problems().get(0).line()).isEqualTo(8);
        assertThat(e.getMessage()).contains("unknown statistic 'median'").contains("criterion  := ");
    }

    @Test
    void badFileNamesAreRefused() {
        assertThatThrownBy(() -> DecisionMarkdown.parse("docs/decisions/use-kafka.md", HEAD + "# T\n"))
                .isInstanceOf(DecisionFormatException.class)
                .hasMessageContaining("NNNN-slug.md");
    }

    @Test
    void slugsAreLowerCaseAsciiWithDashes() {
        assertThat(DecisionMarkdown.fileName(DecisionNumber.of(7), "Run payment services on JDK 25!"))
                .isEqualTo("0007-run-payment-services-on-jdk-25.md");
        assertThat(DecisionMarkdown.slug("Ünïcödé & Co.")).isEqualTo("unicode-co");
        assertThat(DecisionMarkdown.slug("???")).isEqualTo("decision");
    }

    @Test
    void yamlScalarsAreQuotedOnlyWhenYamlWouldReadThemDifferently() {
        assertThat(YamlWriter.quote("Priya Raman")).isEqualTo("Priya Raman");
        assertThat(YamlWriter.quote("component:default/payments-api")).isEqualTo("component:default/payments-api");
        assertThat(YamlWriter.quote("yes")).isEqualTo("\"yes\"");
        assertThat(YamlWriter.quote("1.5")).isEqualTo("\"1.5\"");
        assertThat(YamlWriter.quote("2025-01-01")).isEqualTo("\"2025-01-01\"");
        assertThat(YamlWriter.quote("a: b")).isEqualTo("\"a: b\"");
        assertThat(YamlWriter.quote("say \"hi\"\n")).isEqualTo("\"say \\\"hi\\\"\\n\"");
        assertThat(YamlWriter.quote("<=")).isEqualTo("\"<=\"");
    }
}

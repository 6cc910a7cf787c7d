package dev.verdict.decisions.importer.service;

import static dev.verdict.decisions.decision.model.DecisionStatus.ACCEPTED;
import static dev.verdict.decisions.decision.model.DecisionStatus.PROPOSED;
import static dev.verdict.decisions.decision.model.DecisionStatus.SUPERSEDED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.decision.model.LinkRelation;
import dev.verdict.decisions.decision.model.UnresolvedLink;
import dev.verdict.decisions.madr.DecisionMarkdown;
import dev.verdict.decisions.madr.FormatProblem;
import dev.verdict.decisions.shared.DecisionNumber;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdrImporterTest {

    private static ImportResult run(String repo) {
        return AdrImporter.importFiles(Repos.load("import/" + repo), ImportFormat.AUTO);
    }

    private static Decision n(ImportResult r, int number) {
        return r.decisions().stream()
                .filter(i -> i.decision().number().value() == number)
                .findFirst()
                .orElseThrow()
                .decision();
    }

    private static DecisionNumber adr(int n) {
        return DecisionNumber.of(n);
    }

    @Test
    void adrToolsRepositoryKeepsStatusesDatesAndLinks() {
        ImportResult r = run("adr-tools");
        assertThat(r.problems()).isEmpty();
        assertThat(r.decisions()).hasSize(5).allMatch(i -> i.format() == ImportFormat.ADR_TOOLS);
        assertThat(r.decisions())
                .extracting(i -> i.decision().status())
                .containsExactly(ACCEPTED, SUPERSEDED, ACCEPTED, ACCEPTED, PROPOSED);
        Decision mysql = n(r, 2);
        assertThat(mysql.title()).isEqualTo("Store orders in MySQL");
        assertThat(mysql.date()).isEqualTo(LocalDate.of(2019, 3, 11));
        assertThat(mysql.supersededBy()).containsExactly(adr(4));
        assertThat(mysql.context()).startsWith("The order service needs a relational store.");
        assertThat(mysql.outcome()).isEqualTo("We will store orders in the shared MySQL 5.7 cluster.");
        assertThat(mysql.consequences()).contains("JSON columns are limited");
        assertThat(n(r, 4).supersedes()).containsExactly(adr(2));
        assertThat(n(r, 3).relatesTo()).containsExactly(adr(5));
        assertThat(n(r, 5).relatesTo()).containsExactly(adr(3));
        assertThat(n(r, 5).consequences()).contains("\"specversion\": \"1.0\"");
        assertThat(r.decisions().get(3).targetPath()).isEqualTo("docs/decisions/0004-store-orders-in-postgresql.md");
        assertThat(r.decisions()).allMatch(i -> i.warnings().isEmpty());
    }

    @Test
    void madr2RepositoryMapsMetadataListAndConsequences() {
        ImportResult r = run("madr2");
        assertThat(r.problems()).isEmpty();
        assertThat(r.skipped()).extracting(ImportResult.Skipped::path).containsExactly("docs/adr/README.md");
        assertThat(r.decisions()).hasSize(3).allMatch(i -> i.format() == ImportFormat.MADR);
        Decision first = n(r, 1);
        assertThat(first.decisionMakers()).containsExactly("Lena Fischer", "Omar Haddad");
        assertThat(first.date()).isEqualTo(LocalDate.of(2020, 2, 12));
        assertThat(first.context()).startsWith("Technical Story: [PLAT-112](https://tracker.example.com/PLAT-112)");
        assertThat(first.consideredOptions()).hasSize(3);
        assertThat(first.chosenOption()).contains("MADR 2.1.2");
        assertThat(first.consequences())
                .isEqualTo("* Good, because Decisions are recorded in a comparable way\n"
                        + "* Good, because New joiners find the reasoning next to the code\n\n"
                        + "* Bad, because Writing the options takes longer than a free-form note");
        assertThat(first.prosAndCons()).hasSize(2);
        assertThat(first.prosAndCons().get(0).bad()).containsExactly("it is one more template to learn");
        assertThat(first.relatesTo()).containsExactly(adr(2));
        assertThat(first.extraSections()).extracting(s -> s.heading()).containsExactly("Links");
        Decision yaml = n(r, 2);
        assertThat(yaml.status()).isEqualTo(SUPERSEDED);
        assertThat(yaml.supersededBy()).containsExactly(adr(3));
        assertThat(yaml.decisionDrivers()).containsExactly("Readable in code review", "Supported by our editors");
        assertThat(n(r, 3).supersedes()).containsExactly(adr(2));
    }

    @Test
    void madr3RepositoryWithFrontMatterAndZeroBasedNumbers() {
        ImportResult r = run("madr3");
        assertThat(r.problems()).isEmpty();
        Decision first = n(r, 1);
        assertThat(first.title()).isEqualTo("Use Markdown Any Decision Records");
        assertThat(first.decisionMakers()).containsExactly("Jonas Berg", "Aiko Tanaka");
        assertThat(first.consulted()).containsExactly("Architecture guild");
        assertThat(first.informed()).containsExactly("All engineering");
        assertThat(first.confirmation()).isEqualTo("A reviewer checks new records in pull requests.");
        assertThat(first.consequences()).startsWith("* Good, because decisions are easy to compare");
        assertThat(r.decisions().get(0).warnings()).anyMatch(w -> w.message().contains("shifted by one"));
        Decision batch = n(r, 2);
        assertThat(batch.status()).isEqualTo(PROPOSED);
        assertThat(batch.tags()).containsExactly("batch", "kubernetes");
        assertThat(batch.consulted()).containsExactly("SRE");
        assertThat(batch.decisionDrivers())
                .containsExactly(
                        "Jobs must be retried on failure",
                        "Operations already run Kubernetes (three clusters, one per region)");
        assertThat(batch.prosAndCons().get(0).neutral()).containsExactly("jobs need container images");
    }

    @Test
    void madr4RepositoryIncludingBareRecordsAndSupersedeInStatus() {
        ImportResult r = run("madr4");
        assertThat(r.problems()).isEmpty();
        Decision vt = n(r, 1);
        assertThat(vt.decisionMakers()).containsExactly("Carmen Ruiz", "Felix Braun");
        assertThat(vt.confirmation()).contains("jdk.VirtualThreadPinned");
        assertThat(vt.moreInformation()).contains("DB-311");
        // a record with neither status nor date: MADR's template marks both optional and names no default status,
        // so it is proposed (not accepted) and has no date (not the import date); both are warnings that say so
        ImportedDecision bare = r.decisions().get(1);
        assertThat(bare.decision().status()).isEqualTo(PROPOSED);
        assertThat(bare.decision().date()).isNull();
        assertThat(bare.decision().dateLabel()).isNull();
        assertThat(bare.warnings())
                .anyMatch(w -> w.message().startsWith("no status; recorded as proposed"))
                .anyMatch(w -> w.message()
                        .equals("no date; the record has no date (none is invented, not the import" + " date)"));
        assertThat(DecisionMarkdown.render(bare.decision())).startsWith("---\nstatus: proposed\n---\n");
        assertThat(n(r, 3).status()).isEqualTo(SUPERSEDED);
        assertThat(n(r, 3).supersededBy()).containsExactly(adr(4));
        assertThat(n(r, 4).supersedes()).containsExactly(adr(3));
        assertThat(r.decisions().get(3).warnings()).anyMatch(w -> w.message().contains("added 'supersedes ADR-0003'"));
    }

    @Test
    void log4brainsRepositoryIsNumberedByDateAndKeepsTags() {
        ImportResult r = run("log4brains");
        assertThat(r.problems()).isEmpty();
        assertThat(r.skipped())
                .extracting(ImportResult.Skipped::path)
                .containsExactlyInAnyOrder("docs/adr/index.md", "docs/adr/template.md");
        assertThat(r.decisions())
                .extracting(i -> i.sourcePath())
                .containsExactly(
                        "docs/adr/20210301-use-log4brains-to-manage-the-adrs.md",
                        "docs/adr/20210315-use-a-monorepo.md",
                        "docs/adr/20220110-split-the-monorepo-per-domain.md");
        assertThat(r.decisions()).allMatch(i -> i.format() == ImportFormat.LOG4BRAINS);
        assertThat(n(r, 1).tags()).containsExactly("dev-tools", "doc");
        Decision mono = n(r, 2);
        assertThat(mono.date()).isEqualTo(LocalDate.of(2021, 3, 15));
        assertThat(r.decisions().get(1).warnings()).anyMatch(w -> w.message().contains("date prefix"));
        assertThat(mono.status()).isEqualTo(SUPERSEDED);
        assertThat(mono.supersededBy()).containsExactly(adr(3));
        assertThat(mono.context()).startsWith("Technical Story: every change to the API needs three pull requests");
        assertThat(n(r, 3).supersedes()).containsExactly(adr(2));
        assertThat(n(r, 3).outcome()).startsWith("One repository per business domain");
    }

    @Test
    void unreadableFilesAreReportedWithFileAndLineNeverSkipped() {
        // 0002 (an unknown status), 0003 (a date with two readings) and 0004 (a link to a record not in the set) were
        // refused before issue #15; they are read now, with warnings. Only the files that cannot be read are problems.
        ImportResult r = run("broken");
        assertThat(r.decisions())
                .extracting(i -> i.sourcePath())
                .containsExactly(
                        "doc/adr/0001-fine.md",
                        "doc/adr/0002-unknown-status.md",
                        "doc/adr/0003-bad-date.md",
                        "doc/adr/0004-dangling-supersede.md");
        assertThat(r.problems())
                .extracting(FormatProblem::file, FormatProblem::line)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("doc/adr/0005-unclosed-front-matter.md", 1),
                        org.assertj.core.groups.Tuple.tuple("doc/adr/0006-unclosed-code-fence.md", 11));
        assertThat(r.problems().get(0).message()).isNotBlank();
        assertThat(r.skipped()).isEmpty();
        assertThat(r.decisions().size() + r.problems().size()).isEqualTo(6);
        assertThat(r.files())
                .extracting(ImportResult.FileReport::path, f -> f.outcome())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("doc/adr/0001-fine.md", ImportResult.Outcome.IMPORTED),
                        org.assertj.core.groups.Tuple.tuple(
                                "doc/adr/0002-unknown-status.md", ImportResult.Outcome.WARNED),
                        org.assertj.core.groups.Tuple.tuple("doc/adr/0003-bad-date.md", ImportResult.Outcome.WARNED),
                        org.assertj.core.groups.Tuple.tuple(
                                "doc/adr/0004-dangling-supersede.md", ImportResult.Outcome.WARNED),
                        org.assertj.core.groups.Tuple.tuple(
                                "doc/adr/0005-unclosed-front-matter.md", ImportResult.Outcome.FAILED),
                        org.assertj.core.groups.Tuple.tuple(
                                "doc/adr/0006-unclosed-code-fence.md", ImportResult.Outcome.FAILED));
    }

    @Test
    void anUnknownStatusKeepsItsLabelMapsToTheClosestStateAndIsAWarningWithItsLine() {
        ImportResult r = run("broken");
        Decision maybe = n(r, 2);
        assertThat(maybe.status()).isEqualTo(PROPOSED);
        assertThat(maybe.statusLabel()).isEqualTo("Maybe later");
        assertThat(r.decisions().get(1).warnings()).singleElement().satisfies(w -> {
            assertThat(w.file()).isEqualTo("doc/adr/0002-unknown-status.md");
            assertThat(w.line()).isEqualTo(7);
            assertThat(w.message()).contains("'Maybe later'", "recorded as proposed");
        });
        // the label survives Verdict's own file
        Decision back = DecisionMarkdown.parse("docs/decisions/0002-unknown-status.md", DecisionMarkdown.render(maybe));
        assertThat(back.statusLabel()).isEqualTo("Maybe later");
        assertThat(back).isEqualTo(maybe);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "on hold|proposed|on hold",
                "Implemented|accepted|Implemented",
                "Abandoned|rejected|Abandoned",
                "not accepted|rejected|not accepted",
                "Replaced|deprecated|Replaced",
                "whatever it is|proposed|whatever it is",
                "Accepted|accepted|",
                "approved|accepted|approved",
                "superseded by ADR-0009|superseded|"
            })
    void madrStatusesMapToTheClosestLifecycleState(String written, String status, String label) {
        String file = "---\nstatus: " + written
                + "\ndate: 2024-01-02\n---\n\n# A decision\n\n## Context and Problem Statement\n\nWhy.\n";
        ImportResult r = AdrImporter.importFiles(
                List.of(new SourceFile("docs/decisions/0001-a-decision.md", file)), ImportFormat.MADR);
        assertThat(r.problems()).isEmpty();
        Decision d = r.decisions().get(0).decision();
        assertThat(d.status().label()).isEqualTo(status);
        assertThat(d.statusLabel()).isEqualTo(label);
        assertThat(r.decisions().get(0).warnings().stream().anyMatch(w -> w.line() == 2))
                .as("a warning on the status line")
                .isEqualTo(label != null || written.startsWith("superseded"));
    }

    /**
     * Dates with one reading are read whatever their form; before issue #15 anything but YYYY-MM-DD refused the
     * whole import (and adr-tools' Date pattern took only the first word, so "January 5, 2020" was no date at all).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "2020-01-05|2020-01-05",
                "2020-1-5|2020-01-05",
                "2020/01/05|2020-01-05",
                "5 Jan 2020|2020-01-05",
                "5 January 2020|2020-01-05",
                "January 5, 2020|2020-01-05",
                "Jan 5 2020|2020-01-05",
                "25/12/2019|2019-12-25",
                "12/25/2019|2019-12-25",
                "05/05/2020|2020-05-05"
            })
    void datesWithOneReadingAreReadInAdrToolsAndMadrFiles(String written, String expected) {
        String nygard = "# 1. A decision\n\nDate: " + written + "\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n";
        String madr = "---\nstatus: accepted\ndate: " + written + "\n---\n\n# A decision\n";
        for (SourceFile f : List.of(
                new SourceFile("doc/adr/0001-a-decision.md", nygard),
                new SourceFile("docs/decisions/0001-a-decision.md", madr))) {
            ImportResult r = AdrImporter.importFiles(List.of(f), ImportFormat.AUTO);
            assertThat(r.problems()).as(f.path()).isEmpty();
            ImportedDecision i = r.decisions().get(0);
            assertThat(i.decision().date()).as(f.path()).isEqualTo(LocalDate.parse(expected));
            assertThat(i.decision().dateLabel()).isNull();
            assertThat(i.warnings()).as(f.path()).isEmpty();
        }
    }

    /**
     * "02/01/2020" is 2 January (adr-tools wrote dd/mm/yyyy by default before its ADR 8) or 1 February (mm/dd/yyyy):
     * it refused the whole import before issue #15. Now the record is imported without a date (none is guessed, and
     * the import date would be invented), keeps the text as its date label, and the warning with its line says so.
     */
    @Test
    void aDateWithTwoReadingsIsNotGuessedTheRecordHasNoDateAndKeepsTheText() {
        ImportResult r = run("broken");
        ImportedDecision bad = r.decisions().get(2);
        assertThat(bad.sourcePath()).isEqualTo("doc/adr/0003-bad-date.md");
        assertThat(bad.decision().status()).isEqualTo(ACCEPTED);
        assertThat(bad.decision().date()).isNull();
        assertThat(bad.decision().dateLabel()).isEqualTo("02/01/2020");
        assertThat(bad.decision().dateText()).isEqualTo("02/01/2020");
        assertThat(bad.warnings()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(3);
            assertThat(w.message())
                    .isEqualTo("date '02/01/2020' can be read as 2020-01-02 (day first) or 2020-02-01 (month first);"
                            + " the record has no date (none is invented, not the import date), the text"
                            + " '02/01/2020' is kept as its date label");
        });
        String file = DecisionMarkdown.render(bad.decision());
        assertThat(file).startsWith("---\nstatus: accepted\nverdict:\n  date-label: 02/01/2020\n---\n");
        Decision back = DecisionMarkdown.parse(bad.targetPath(), file);
        assertThat(back).isEqualTo(bad.decision());
        assertThat(DecisionMarkdown.render(back)).isEqualTo(file);
        // a date set later replaces the label: the label only stands in while there is no date
        assertThat(bad.decision().toBuilder()
                        .date(LocalDate.of(2020, 1, 2))
                        .build()
                        .dateLabel())
                .isNull();
    }

    @Test
    void anUnreadableMadrDateIsAWarningWithItsLineAndALogBrainsOneFallsBackToTheFileNamesDate() {
        String madr = "---\nstatus: accepted\ndate: sometime in spring\n---\n\n# A decision\n";
        ImportResult r = AdrImporter.importFiles(
                List.of(new SourceFile("docs/decisions/0001-a-decision.md", madr)), ImportFormat.AUTO);
        assertThat(r.problems()).isEmpty();
        ImportedDecision i = r.decisions().get(0);
        assertThat(i.decision().date()).isNull();
        assertThat(i.decision().dateLabel()).isEqualTo("sometime in spring");
        assertThat(i.warnings()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(3);
            assertThat(w.message()).startsWith("date 'sometime in spring' is not in a form the importer reads");
            assertThat(w.message()).contains("the record has no date", "kept as its date label");
        });

        String log4brains = "# A decision\n\n- Status: accepted\n- Date: 03/04/2021\n\n## Context and Problem"
                + " Statement\n\nWhy.\n";
        ImportResult l = AdrImporter.importFiles(
                List.of(new SourceFile("docs/adr/20210304-a-decision.md", log4brains)), ImportFormat.AUTO);
        ImportedDecision d = l.decisions().get(0);
        assertThat(d.decision().date()).isEqualTo(LocalDate.of(2021, 3, 4));
        assertThat(d.decision().dateLabel()).isNull();
        assertThat(d.warnings()).anySatisfy(w -> {
            assertThat(w.line()).isEqualTo(4);
            assertThat(w.message())
                    .isEqualTo("date '03/04/2021' can be read as 2021-04-03 (day first) or 2021-03-04 (month"
                            + " first); used the file name's date prefix 2021-03-04");
        });
    }

    @Test
    void aTransitionDropsTheImportedLabel() {
        Decision onHold = n(run("broken"), 2);
        assertThat(onHold.transition(ACCEPTED).statusLabel()).isNull();
        assertThat(onHold.statusText()).isEqualTo("Maybe later");
    }

    @Test
    void aLinkToARecordOutsideTheSetIsKeptUnresolvedWithItsTextAndAWarning() {
        ImportResult r = run("broken");
        ImportedDecision dangling = r.decisions().get(3);
        Decision d = dangling.decision();
        assertThat(d.supersedes()).isEmpty();
        assertThat(d.unresolvedLinks())
                .containsExactly(
                        new UnresolvedLink(LinkRelation.SUPERSEDES, "Supersedes [the old one](old-decision.md)"));
        assertThat(dangling.warnings()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(10);
            assertThat(w.message()).contains("old-decision.md", "unresolved supersedes link");
        });
        Decision back = DecisionMarkdown.parse(dangling.targetPath(), DecisionMarkdown.render(d));
        assertThat(back.unresolvedLinks()).isEqualTo(d.unresolvedLinks());
    }

    @Test
    void numbersInLinkTextsResolveOnlyToRecordsOfTheSet() {
        // "ADR-0007" names a record this set does not have: before issue #15 it became a link to ADR-0007 anyway
        String a = "---\nstatus: superseded by ADR-0007\ndate: 2024-01-02\n---\n\n# A\n\n## Links\n\n"
                + "* Relates to [3. Gone](0003-gone.md)\n* Relates to [B](0002-b.md)\n";
        String b = "---\nstatus: accepted\ndate: 2024-01-03\n---\n\n# B\n";
        ImportResult r = AdrImporter.importFiles(
                List.of(new SourceFile("adr/0001-a.md", a), new SourceFile("adr/0002-b.md", b)), ImportFormat.MADR);
        assertThat(r.problems()).isEmpty();
        Decision first = n(r, 1);
        assertThat(first.status()).isEqualTo(SUPERSEDED);
        assertThat(first.supersededBy()).isEmpty();
        assertThat(first.relatesTo()).containsExactly(adr(2));
        assertThat(first.unresolvedLinks())
                .containsExactlyInAnyOrder(
                        new UnresolvedLink(LinkRelation.SUPERSEDED_BY, "superseded by ADR-0007"),
                        new UnresolvedLink(LinkRelation.RELATES_TO, "Relates to [3. Gone](0003-gone.md)"));
        assertThat(r.decisions().get(0).warnings()).extracting(w -> w.line()).containsExactly(2, 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"adr-tools", "madr2", "madr3", "madr4", "log4brains"})
    void everyImportedDecisionRoundTripsThroughVerdictsFormat(String repo) {
        for (ImportedDecision i : run(repo).decisions()) {
            String file = DecisionMarkdown.render(i.decision());
            Decision back = DecisionMarkdown.parse(i.targetPath(), file);
            assertThat(back).isEqualTo(i.decision());
            assertThat(DecisionMarkdown.render(back)).isEqualTo(file);
        }
    }

    @Test
    void explicitFormatOverridesDetection() {
        List<SourceFile> files = Repos.load("import/adr-tools");
        ImportResult asMadr = AdrImporter.importFiles(files, ImportFormat.MADR);
        // read as MADR, "# 1. Record architecture decisions" is just a title and the Status section is kept
        assertThat(asMadr.decisions()).allMatch(i -> i.format() == ImportFormat.MADR);
        assertThat(asMadr.decisions().get(0).decision().title()).isEqualTo("1. Record architecture decisions");
    }

    @Test
    void verdictsOwnFilesKeepTheirVerdictBlock() throws Exception {
        String path = "docs/decisions/0007-run-payment-services-on-jdk-25.md";
        String content = new String(
                AdrImporterTest.class.getResourceAsStream("/golden/" + path).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        ImportResult r = AdrImporter.importFiles(List.of(new SourceFile(path, content)), ImportFormat.AUTO);
        assertThat(r.problems()).isEmpty();
        Decision imported = r.decisions().get(0).decision();
        Decision canonical = DecisionMarkdown.parse(path, content);
        assertThat(imported.criteria()).isNotEmpty().isEqualTo(canonical.criteria());
        assertThat(imported.tags()).containsExactly("jdk", "performance");
        assertThat(imported.affectedEntities()).contains("component:default/payments-api");
        assertThat(imported.relatesTo()).containsExactly(adr(5));
        assertThat(DecisionMarkdown.render(imported)).isEqualTo(DecisionMarkdown.render(canonical));
    }

    @Test
    void onlyFrontMatterWithAVerdictBlockIsVerdictsOwnFormat() {
        assertThat(AdrImporter.isVerdictFile("---\nstatus: accepted\nverdict:\n  tags: [a]\n---\n# T\n"))
                .isTrue();
        assertThat(AdrImporter.isVerdictFile("---\nstatus: accepted\n---\n# T\n\nverdict:\n"))
                .isFalse();
        assertThat(AdrImporter.isVerdictFile("# T\n\nverdict:\n")).isFalse();
    }
}

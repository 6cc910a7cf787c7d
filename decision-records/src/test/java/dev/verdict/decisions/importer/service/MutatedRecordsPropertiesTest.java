package dev.verdict.decisions.importer.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.decisions.importer.parse.ImportWarning;
import dev.verdict.decisions.madr.DecisionFormatException;
import dev.verdict.decisions.madr.DecisionMarkdown;
import dev.verdict.decisions.madr.FormatProblem;
import dev.verdict.testing.Mutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * Issue #18's bad input from mutated real files, at the parsers: every real record of the test sets (adr-tools, MADR
 * 2-4 and MADR's own repository, log4brains, Nygard) and every decision file of Verdict's own and the demo's
 * (canonical MADR with the {@code verdict:} block of criteria), mutated by a seed ({@link Mutations}). The importer
 * accounts for every file and names file and line for each problem and warning; the canonical parser reads the file
 * or throws {@link DecisionFormatException} with file and line; neither throws anything else.
 */
class MutatedRecordsPropertiesTest {

    /** Each real record alone, as a one-file repository of its format's layout. */
    static final List<SourceFile> RECORDS = records();

    static final List<SourceFile> CANONICAL = canonical();

    static List<SourceFile> records() {
        List<SourceFile> out = new ArrayList<>();
        for (String set : List.of(
                "import/adr-tools",
                "import/madr2",
                "import/madr3",
                "import/madr4",
                "import/log4brains",
                "import/upstream/madr/repo",
                "import/upstream/adr-tools/repo")) {
            Repos.load(set).stream()
                    .filter(f -> f.path().endsWith(".md"))
                    // readme, index and template files are skipped by name, whatever their text
                    .filter(f -> AdrImporter.importFiles(List.of(f), ImportFormat.AUTO)
                            .skipped()
                            .isEmpty())
                    .forEach(out::add);
        }
        return List.copyOf(out);
    }

    static List<SourceFile> canonical() {
        List<SourceFile> out = new ArrayList<>();
        for (Path dir : List.of(Path.of("..", "docs", "decisions"), Path.of("..", "infra", "demo", "decisions"))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().matches("\\d{4}-.+\\.md"))
                        .sorted()
                        .forEach(p -> {
                            try {
                                out.add(new SourceFile(
                                        Path.of("..").relativize(p).toString(), Files.readString(p)));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(out);
    }

    @Property(tries = 400, seed = "20261207")
    void theImporterAccountsForEveryMutatedRecordAndLocatesEveryProblem(@ForAll long seed) {
        SourceFile real = RECORDS.get(Math.floorMod(seed, RECORDS.size()));
        Mutations.Mutant m = Mutations.mutate(real.content(), seed);
        SourceFile mutated = new SourceFile(real.path(), m.text());
        ImportResult result = AdrImporter.importFiles(List.of(mutated), ImportFormat.AUTO);
        int lines = Mutations.lineCount(m.text());
        assertThat(result.files()).as(real.path() + ", " + m.description()).hasSize(1);
        ImportResult.FileReport report = result.files().get(0);
        // the report's statistics show that the mutations reach every outcome, not only the harmless ones
        Statistics.collect(report.outcome());
        assertThat(report.path()).isEqualTo(real.path());
        for (FormatProblem p : report.problems()) {
            assertThat(p.file()).as(m.description()).isEqualTo(real.path());
            assertThat(p.line()).as(m.description()).isBetween(0, lines + 1);
            assertThat(p.message()).as(m.description()).isNotBlank();
        }
        for (ImportWarning w : report.warnings()) {
            assertThat(w.file()).as(m.description()).isEqualTo(real.path());
            assertThat(w.line()).as(m.description()).isBetween(0, lines + 1);
            assertThat(w.message()).as(m.description()).isNotBlank();
        }
        if (report.outcome() == ImportResult.Outcome.FAILED) {
            assertThat(report.problems()).as(m.description()).isNotEmpty();
        }
    }

    @Property(tries = 400, seed = "20261207")
    void theCanonicalParserReadsAMutatedDecisionFileOrSaysWhereItIsWrong(@ForAll long seed) {
        SourceFile real = CANONICAL.get(Math.floorMod(seed, CANONICAL.size()));
        Mutations.Mutant m = Mutations.mutate(real.content(), seed);
        int lines = Mutations.lineCount(m.text());
        try {
            assertThat(DecisionMarkdown.parse(real.path(), m.text()))
                    .as(m.description())
                    .isNotNull();
            Statistics.collect("read");
        } catch (DecisionFormatException e) {
            Statistics.collect("refused with file and line");
            assertThat(e.problems()).as(m.description()).isNotEmpty();
            for (FormatProblem p : e.problems()) {
                assertThat(p.file()).as(m.description()).isEqualTo(real.path());
                assertThat(p.line()).as(m.description()).isBetween(0, lines + 1);
                assertThat(p.message()).as(m.description()).isNotBlank();
            }
        }
    }

    @Property(tries = 50, seed = "20261207")
    void theUnmutatedFilesAreAllRead(@ForAll long seed) {
        // the baseline the mutations start from: every real file reads without a problem
        SourceFile real = CANONICAL.get(Math.floorMod(seed, CANONICAL.size()));
        assertThat(DecisionMarkdown.parse(real.path(), real.content())).isNotNull();
        SourceFile record = RECORDS.get(Math.floorMod(seed, RECORDS.size()));
        assertThat(AdrImporter.importFiles(List.of(record), ImportFormat.AUTO).problems())
                .as(record.path())
                .isEmpty();
    }
}

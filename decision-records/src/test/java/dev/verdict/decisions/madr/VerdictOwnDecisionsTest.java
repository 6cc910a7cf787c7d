package dev.verdict.decisions.madr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.decisions.decision.model.Decision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Verdict's own ADRs (docs/decisions) stay in the format decision-records imports, criteria included. */
class VerdictOwnDecisionsTest {

    @Test
    void everyFileParsesAndDeclaresItsCriteria() throws Exception {
        Path dir = Path.of("..", "docs", "decisions");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches("\\d{4}-.+\\.md"))
                    .sorted()
                    .toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            Decision d = DecisionMarkdown.parse("docs/decisions/" + f.getFileName(), Files.readString(f));
            assertThat(d.title()).as(f.toString()).isNotBlank();
            assertThat(d.criteria())
                    .as("%s declares a verdict: criterion a measurement can back", f)
                    .isNotEmpty();
        }
    }
}

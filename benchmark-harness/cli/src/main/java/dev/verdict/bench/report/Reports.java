package dev.verdict.bench.report;

import dev.verdict.bench.Json;
import dev.verdict.bench.compare.Comparison;
import java.nio.file.Path;
import java.util.List;

/** Writes a comparison's outputs: {@code <name>.json}, and the reports {@code <report>.md} and {@code <report>.html}. */
public final class Reports {

    private Reports() {}

    /** The files written. */
    public record Written(Path json, Path markdown, Path html) {
        public List<Path> all() {
            return List.of(json, markdown, html);
        }
    }

    public static Written write(Comparison c, Path dir, String comparisonName, String reportName) {
        Path json = dir.resolve(comparisonName + ".json");
        Path md = dir.resolve(reportName + ".md");
        Path html = dir.resolve(reportName + ".html");
        Json.write(json, c);
        Json.writeText(md, MarkdownReport.render(c));
        Json.writeText(html, HtmlReport.render(c));
        return new Written(json, md, html);
    }
}

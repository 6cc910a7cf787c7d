package dev.verdict.bench.report;

import dev.verdict.bench.Json;
import dev.verdict.bench.compare.Comparison;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code report}: renders the Markdown and HTML reports of an existing comparison.json again. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Render report.md and report.html from a comparison.json.")
public class ReportCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "COMPARISON", description = "A comparison.json.")
    Path comparison;

    @Option(names = "--out", description = "Output directory (default: next to the comparison).")
    Path out;

    @Override
    public Integer call() {
        Comparison c = Json.read(comparison, Comparison.class, "comparison file");
        Path dir = out != null ? out : comparison.toAbsolutePath().getParent();
        Path md = dir.resolve("report.md");
        Path html = dir.resolve("report.html");
        Json.writeText(md, MarkdownReport.render(c));
        Json.writeText(html, HtmlReport.render(c));
        spec.commandLine().getOut().println("report: " + md + " and " + html);
        spec.commandLine().getOut().flush();
        return 0;
    }
}

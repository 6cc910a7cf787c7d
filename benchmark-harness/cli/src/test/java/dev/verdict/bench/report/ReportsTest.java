package dev.verdict.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.bench.Json;
import dev.verdict.bench.compare.Comparison;
import dev.verdict.bench.compare.ReportFixtures;
import java.io.StringReader;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class ReportsTest {

    @TempDir
    Path tmp;

    @Test
    void markdownHasTheSummaryEveryBenchmarkAndTheGates() {
        Comparison c = ReportFixtures.mixed(true);
        String md = MarkdownReport.render(c);
        assertThat(md).startsWith("# JDK comparison: jdk25 vs jdk17 (baseline)");
        assertThat(md).doesNotContain("INCOMPLETE");
        assertThat(md).contains("| Json.serialize | us/op |").contains("**better**");
        assertThat(md).contains("| Regex.parse | us/op |").contains("**worse**");
        assertThat(md).contains("Odd.fails").contains("**unsupported** — unsupported on jdk25");
        assertThat(md).contains("**time-per-op**, jdk25 / jdk17: ");
        assertThat(md).contains("- CPU time per op: ").contains(" (by score)");
        assertThat(md).contains("- [x] run-complete");
        assertThat(md).contains("Content hash `" + c.contentHash() + "`");
        // every benchmark is one table row
        assertThat(c.benchmarks()).allSatisfy(b -> assertThat(md).contains("\n| " + Fmt.shortKey(b.key()) + " | "));
        assertThat(md).contains("| Queue.thrpt | ops/ms |");
    }

    @Test
    void anIncompleteComparisonSaysSoFirst() {
        Comparison c = ReportFixtures.mixed(false);
        assertThat(MarkdownReport.render(c)).contains("> **INCOMPLETE** — jdk17: interrupted");
        assertThat(HtmlReport.render(c)).contains("<p class=\"incomplete\"><strong>INCOMPLETE</strong>");
    }

    @Test
    void htmlIsSelfContainedEscapedAndItsSvgIsWellFormed() throws Exception {
        Comparison c = ReportFixtures.mixed(true);
        String html = HtmlReport.render(c);
        assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("src=\"http");
        assertThat(html.replace("http://www.w3.org/2000/svg", ""))
                .doesNotContain("http://")
                .doesNotContain("https://");
        // a benchmark key with markup in it stays text
        assertThat(html).contains("Evil.&lt;b&gt;x").doesNotContain("Evil.<b>x");
        String svg = html.substring(html.indexOf("<svg"), html.indexOf("</svg>") + 6);
        Document doc =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
        long compared = c.benchmarks().stream().filter(b -> b.score() != null).count();
        assertThat(doc.getElementsByTagName("circle").getLength()).isEqualTo((int) compared);
        // one square per suite geometric mean
        assertThat(doc.getElementsByTagName("rect").getLength())
                .isEqualTo(1 + c.overall().size());
        assertThat(svg).contains("unsupported");
    }

    @Test
    void writesTheThreeFilesAndTheJsonReadsBack() {
        Comparison c = ReportFixtures.mixed(true);
        Reports.Written w = Reports.write(c, tmp, "comparison", "report");
        assertThat(w.all()).allSatisfy(p -> assertThat(p).isRegularFile());
        Comparison back = Json.read(w.json(), Comparison.class, "comparison");
        assertThat(back).isEqualTo(c);
        assertThat(Json.contentHash(back)).isEqualTo(Json.contentHash(c));
    }

    @Test
    void ticksStayInsideTheRange() {
        assertThat(RatioChart.ticks(0.85, 1.2)).containsExactly(0.9, 0.95, 1.0, 1.05, 1.1);
        assertThat(RatioChart.ticks(0.5, 2.0)).contains(0.5, 1.0, 2.0).allMatch(t -> t >= 0.5 && t <= 2.0);
    }
}

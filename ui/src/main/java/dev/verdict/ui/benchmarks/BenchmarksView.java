package dev.verdict.ui.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.verdict.ui.client.ServiceClient;
import dev.verdict.ui.client.ServiceException;
import dev.verdict.ui.client.Services;
import dev.verdict.ui.shell.Charts;
import dev.verdict.ui.shell.EvidenceCharts;
import dev.verdict.ui.shell.Json;
import dev.verdict.ui.shell.MainLayout;
import dev.verdict.ui.shell.Problems;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JDK comparison results: the benchmark evidence that benchmark-harness published into decision-records, grouped by
 * run. A run shows each benchmark's candidate / baseline ratio with its confidence interval (wall-clock score and CPU
 * time per op in separate charts), the classification, and the quality gates, the noise gate's CV among them. Runs
 * are read from the service a page at a time, newest first.
 */
@Route(value = "benchmarks", layout = MainLayout.class)
@PageTitle("Benchmarks · Verdict")
@RolesAllowed("viewer")
public class BenchmarksView extends VerticalLayout {

    static final int PAGE = 200;
    static final String CPU = ":cpu-time-per-op";

    private final ServiceClient decisions;
    private final Map<String, List<JsonNode>> runs = new LinkedHashMap<>();
    private final Select<String> run = new Select<>();
    private final Button older = new Button("Older runs");
    private final Div result = new Div();
    private String next;

    public BenchmarksView(Services services) {
        this.decisions = services.decisions();
        setSizeFull();
        run.setLabel("Run");
        run.setId("benchmark-run");
        run.setItemLabelGenerator(this::label);
        run.addValueChangeListener(e -> show(e.getValue()));
        older.setId("benchmark-older");
        older.addClickListener(e -> load());
        result.setId("benchmark-result");
        result.setWidthFull();
        HorizontalLayout bar = new HorizontalLayout(run, older);
        bar.setAlignItems(Alignment.BASELINE);
        add(new H2("Benchmarks"), bar, result);
        load();
        if (!runs.isEmpty()) {
            run.setValue(runs.keySet().iterator().next());
        } else {
            result.add(new Paragraph("No benchmark evidence yet: run ./verdict bench run --jdk 17 --jdk 25, then"
                    + " publish it (benchmark-harness/README.md)."));
        }
    }

    /** The next page of benchmark evidence; a run cut by the page boundary is completed by the next page. */
    void load() {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("kind", "benchmark");
        q.put("limit", PAGE);
        q.put("before", next);
        try {
            JsonNode page = decisions.get("api/evidence", q);
            page.path("items")
                    .forEach(e -> runs.computeIfAbsent(Json.text(e, "/provenance/runId"), k -> new ArrayList<>())
                            .add(e));
            next = page.path("next").isTextual() ? page.path("next").asText() : null;
        } catch (ServiceException e) {
            Problems.show(e);
        }
        older.setEnabled(next != null);
        String selected = run.getValue();
        run.setItems(runs.keySet());
        if (selected != null) {
            run.setValue(selected);
        }
    }

    private String label(String runId) {
        List<JsonNode> items = runs.getOrDefault(runId, List.of());
        if (items.isEmpty()) {
            return runId;
        }
        JsonNode first = items.get(0);
        return runId + " · " + Json.text(first, "/comparison") + " · " + Json.text(first, "/subject") + " · "
                + Json.text(first, "/provenance/windowEnd");
    }

    void show(String runId) {
        result.removeAll();
        if (runId == null) {
            return;
        }
        List<JsonNode> items = new ArrayList<>(runs.getOrDefault(runId, List.of()));
        items.sort(java.util.Comparator.comparing(e -> e.path("metric").asText()));
        List<JsonNode> cpu = new ArrayList<>();
        List<JsonNode> score = new ArrayList<>();
        for (JsonNode e : items) {
            (e.path("metric").asText().endsWith(CPU) ? cpu : score).add(e);
        }
        JsonNode first = items.get(0);
        result.add(new Paragraph(Json.text(first, "/comparison") + " on " + Json.text(first, "/subject")
                + (first.path("decision").isTextual()
                        ? ", for " + first.path("decision").asText()
                        : "")
                + "; " + environment(first.path("provenance").path("environment"))));
        chart("Score per benchmark", score);
        chart("CPU time per op", cpu);
        Grid<JsonNode> g = new Grid<>();
        g.setId("benchmark-grid");
        g.addColumn(e -> e.path("metric").asText()).setHeader("Benchmark").setFlexGrow(3);
        g.addColumn(e -> Json.text(e, "/result/classification"))
                .setHeader("Result")
                .setAutoWidth(true);
        g.addColumn(e -> Json.text(e, "/result/estimate")).setHeader("Ratio");
        g.addColumn(e -> "[" + Json.text(e, "/result/ciLower") + ", " + Json.text(e, "/result/ciUpper") + "]")
                .setHeader("CI");
        g.addColumn(e -> gate(e, "noise")).setHeader("Noise").setFlexGrow(2);
        g.addColumn(BenchmarksView::failedGates).setHeader("Failed gates").setFlexGrow(2);
        g.setItems(items);
        g.setAllRowsVisible(true);
        result.add(new H3("Every item"), g);
    }

    private void chart(String title, List<JsonNode> items) {
        List<Charts.Interval> rows = EvidenceCharts.byMetric(items);
        if (rows.isEmpty()) {
            return;
        }
        result.add(
                new H3(title),
                new Html("<div class=\"ratio-chart\">" + Charts.intervals(title, rows, EvidenceCharts.reference(items))
                        + "</div>"));
    }

    /** "Eclipse Adoptium 25.0.1 · Xeon · Linux": what the run measured on, as far as the producer said. */
    static String environment(JsonNode env) {
        List<String> parts = new ArrayList<>();
        String jdk =
                (env.path("jdkVendor").asText("") + " " + env.path("jdkVersion").asText("")).strip();
        for (String p : List.of(jdk, env.path("cpu").asText(""), env.path("os").asText(""))) {
            if (!p.isBlank()) {
                parts.add(p);
            }
        }
        return parts.isEmpty() ? "environment not recorded" : String.join(" · ", parts);
    }

    static String gate(JsonNode e, String name) {
        for (JsonNode g : e.path("gates")) {
            if (name.equals(g.path("name").asText())) {
                return (g.path("passed").asBoolean() ? "" : "failed: ")
                        + g.path("detail").asText("");
            }
        }
        return "";
    }

    static String failedGates(JsonNode e) {
        List<String> failed = new ArrayList<>();
        e.path("gates").forEach(g -> {
            if (!g.path("passed").asBoolean(true)) {
                failed.add(g.path("name").asText());
            }
        });
        return String.join(", ", failed);
    }
}

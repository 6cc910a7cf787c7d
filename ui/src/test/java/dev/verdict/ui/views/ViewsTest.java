package dev.verdict.ui.views;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.verdict.ui.benchmarks.BenchmarksView;
import dev.verdict.ui.catalog.CatalogView;
import dev.verdict.ui.catalog.LocationsView;
import dev.verdict.ui.catalog.RegisterView;
import dev.verdict.ui.decisions.DecisionsGitView;
import dev.verdict.ui.deploys.DeploysView;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each page's own logic without a browser (Karibu-Testing's mocked Vaadin session): what it asks the service for,
 * what it shows of the answer, what it shows whom. The journeys on the real services are {@code browser/PortalIT}.
 */
class ViewsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    ServiceRecorder service;

    @BeforeEach
    void vaadin() {
        MockVaadin.setup();
        service = new ServiceRecorder();
    }

    @AfterEach
    void close() {
        service.close();
        MockVaadin.tearDown();
    }

    static String page(int from, int n, String next) {
        StringBuilder items = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            items.append(i == from ? "" : ",")
                    .append("{\"kind\":\"Component\",\"metadata\":{\"name\":\"svc-")
                    .append(i)
                    .append("\",\"namespace\":\"default\"},\"spec\":{\"owner\":\"group:default/a\"}}");
        }
        return "{\"items\":[" + items + "],\"nextCursor\":" + (next == null ? "null" : "\"" + next + "\"") + "}";
    }

    @Test
    void the_catalog_grid_walks_keyset_pages_one_request_at_a_time_and_says_how_many_rows_it_loaded() {
        // three pages of 50 and a last one of 10: the cursor of each page fetches the next
        service.on("GET /api/entities", r -> {
            String q = r.pathAndQuery();
            if (!q.contains("cursor=")) {
                return ServiceRecorder.Answer.json(page(0, 50, "c50"));
            }
            int at = Integer.parseInt(q.replaceAll(".*cursor=c(\\d+).*", "$1"));
            return ServiceRecorder.Answer.json(page(at, at == 150 ? 10 : 50, at == 150 ? null : "c" + (at + 50)));
        });
        CatalogView view = new CatalogView(service.services());
        UI.getCurrent().add(view);

        Grid<JsonNode> grid = _get(Grid.class, s -> s.withId("catalog-grid"));
        List<JsonNode> rows = GridKt._fetch(grid, 120, 50);

        assertThat(rows).hasSize(40);
        assertThat(rows.get(0).at("/metadata/name").asText()).isEqualTo("svc-120");
        assertThat(rows.get(39).at("/metadata/name").asText()).isEqualTo("svc-159");
        // one request per page, each with the limit of one page, never more
        List<ServiceRecorder.Request> asked = service.requests("/api/entities");
        assertThat(asked)
                .hasSize(4)
                .allSatisfy(r -> assertThat(r.pathAndQuery()).contains("limit=50"));
        assertThat(asked).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer view-test-token"));
        assertThat(_get(Span.class, s -> s.withId("catalog-loaded")).getText())
                .isEqualTo("160 rows loaded in 4 requests");
    }

    @Test
    void the_catalog_search_goes_to_the_service_as_q_with_the_filters() {
        service.on("GET /api/entities", r -> ServiceRecorder.Answer.json(page(0, 1, null)));
        UI.getCurrent().add(new CatalogView(service.services()));

        _get(TextField.class, s -> s.withId("catalog-search")).setValue("ledger api");
        GridKt._fetch(_get(Grid.class, s -> s.withId("catalog-grid")), 0, 50);

        assertThat(service.requests("/api/entities")
                        .get(service.requests("/api/entities").size() - 1)
                        .pathAndQuery())
                .contains("q=ledger+api")
                .doesNotContain("kind=");
    }

    @Test
    void a_refused_deploy_shows_each_violation_on_the_form_and_the_request_carried_the_form() throws Exception {
        service.on("GET /api/deployments", r -> ServiceRecorder.Answer.json("{\"items\":[],\"total\":0}"));
        service.on("POST /api/deployments", r -> ServiceRecorder.Answer.problem(422, """
                        {"title":"Invalid canary config","status":422,"detail":"2 invalid field(s)",
                         "violations":[{"path":"/steps","message":"needs at least one analysis step"},
                                       {"path":"/version","message":"must not be blank"}]}
                        """));
        UI.getCurrent()
                .add(new DeploysView(service.services(), ServiceRecorder.user("engineer", "viewer", "engineer"), JSON));

        _get(TextField.class, s -> s.withId("deploy-component")).setValue("payments-api");
        _find(TextArea.class).get(1).setValue("[{\"setWeight\": 50}]");
        _get(Button.class, s -> s.withId("deploy-submit")).click();

        String problems =
                _get(Div.class, s -> s.withId("deploy-problems")).getElement().getTextRecursively();
        assertThat(problems)
                .contains("Invalid canary config")
                .contains("/steps")
                .contains("needs at least one analysis step")
                .contains("/version");
        JsonNode sent = JSON.readTree(service.requests("/api/deployments").stream()
                .filter(r -> r.method().equals("POST"))
                .findFirst()
                .orElseThrow()
                .body());
        assertThat(sent.path("component").asText()).isEqualTo("payments-api");
        assertThat(sent.path("steps").get(0).path("setWeight").asInt()).isEqualTo(50);
        assertThat(sent.path("thresholds").path("pass").asDouble()).isEqualTo(95.0);
        assertThat(sent.has("config")).isFalse();
    }

    @Test
    void steps_that_are_not_json_never_reach_the_service() {
        service.on("GET /api/deployments", r -> ServiceRecorder.Answer.json("{\"items\":[]}"));
        UI.getCurrent()
                .add(new DeploysView(service.services(), ServiceRecorder.user("engineer", "viewer", "engineer"), JSON));

        _find(TextArea.class).get(1).setValue("[{setWeight: 50");
        _get(Button.class, s -> s.withId("deploy-submit")).click();

        assertThat(_get(Div.class, s -> s.withId("deploy-problems"))
                        .getElement()
                        .getTextRecursively())
                .contains("not JSON");
        assertThat(service.requests("/api/deployments").stream()
                        .filter(r -> r.method().equals("POST")))
                .isEmpty();
    }

    @Test
    void a_viewer_gets_the_deploy_list_without_the_trigger_form() {
        service.on("GET /api/deployments", r -> ServiceRecorder.Answer.json("{\"items\":[]}"));
        UI.getCurrent().add(new DeploysView(service.services(), ServiceRecorder.user("viewer", "viewer"), JSON));

        assertThat(_find(Details.class)).isEmpty();
        assertThat(_find(Button.class, s -> s.withId("deploy-submit"))).isEmpty();
    }

    static String benchmark(String run, String metric, double est, double lo, double hi, String cls, String at) {
        return """
                {"kind":"benchmark","subject":"component:default/payments-api","metric":"%s",
                 "comparison":"ratio(jdk25/jdk17)","provenance":{"runId":"%s","windowEnd":"%s"},
                 "result":{"estimate":%s,"ciLower":%s,"ciUpper":%s,"classification":"%s"},
                 "gates":[{"name":"noise","passed":false,"detail":"CV 14 %%"},{"name":"forks","passed":true}]}
                """.formatted(metric, run, at, est, lo, hi, cls);
    }

    @Test
    void benchmarks_are_grouped_by_run_newest_first_with_score_and_cpu_charts_and_the_failed_gates() {
        service.on(
                "GET /api/evidence",
                r -> ServiceRecorder.Answer.json("{\"items\":["
                        + benchmark("run-2", "A.x", 0.7, 0.65, 0.77, "better", "2026-12-02T10:00:00Z") + ","
                        + benchmark("run-2", "A.x:cpu-time-per-op", 0.8, 0.7, 0.9, "better", "2026-12-02T10:00:00Z")
                        + "," + benchmark("run-2", "B.y", 1.2, 1.1, 1.3, "worse", "2026-12-02T10:00:00Z") + ","
                        + benchmark("run-1", "A.x", 1.0, 0.9, 1.1, "no-significant-change", "2026-12-01T10:00:00Z")
                        + "],\"next\":null}"));
        UI.getCurrent().add(new BenchmarksView(service.services()));

        assertThat(service.requests("/api/evidence").get(0).pathAndQuery())
                .contains("kind=benchmark")
                .contains("limit=200");
        List<Html> charts = _find(Html.class, s -> s.withClasses("ratio-chart"));
        // the newest run is shown: two score rows and one CPU row
        assertThat(charts).hasSize(2);
        assertThat(count(charts.get(0).getInnerHtml(), "<circle")).isEqualTo(2);
        assertThat(count(charts.get(1).getInnerHtml(), "<circle")).isEqualTo(1);
        Grid<JsonNode> grid = _get(Grid.class, s -> s.withId("benchmark-grid"));
        List<JsonNode> rows = GridKt._fetch(grid, 0, 10);
        assertThat(rows)
                .extracting(e -> e.path("metric").asText())
                .containsExactly("A.x", "A.x:cpu-time-per-op", "B.y");
        assertThat(GridKt._getFormattedRow(grid, 0)).contains("failed: CV 14 %", "noise");
        assertThat(_get(Button.class, s -> s.withId("benchmark-older")).isEnabled())
                .isFalse();
    }

    @Test
    void a_location_s_file_errors_are_listed_by_file_and_only_engineers_may_register_one() {
        service.on(
                "GET /api/locations",
                r -> ServiceRecorder.Answer.json("[{\"id\":7,\"url\":\"file:///srv/git/payments\",\"branch\":\"main\","
                        + "\"pathGlob\":\"**/catalog-info.yaml\",\"entityCount\":3,\"lastError\":null}]"));
        service.on(
                "GET /api/locations/7",
                r -> ServiceRecorder.Answer.json("{\"location\":{\"id\":7,\"url\":\"file:///srv/git/payments\"},"
                        + "\"conflicts\":[],\"fileErrors\":{\"broken/catalog-info.yaml\":"
                        + "\"line 6, column 3: /spec/owner is required\"}}"));
        UI.getCurrent().add(new LocationsView(service.services(), ServiceRecorder.user("viewer", "viewer")));

        assertThat(_find(Button.class, s -> s.withId("location-register"))).isEmpty();
        Grid<JsonNode> grid = _get(Grid.class, s -> s.withId("locations-grid"));
        assertThat(GridKt._getFormattedRow(grid, 0)).contains("file:///srv/git/payments", "3");
        GridKt._clickItem(grid, 0);

        Grid<?> errors = _get(Grid.class, s -> s.withId("location-file-errors"));
        assertThat(GridKt._getFormattedRow(errors, 0))
                .containsExactly("broken/catalog-info.yaml", "line 6, column 3: /spec/owner is required");
        assertThat(_find(Button.class, s -> s.withId("location-refresh"))).isEmpty();
    }

    @Test
    void an_import_without_files_asks_for_them_and_sends_nothing() {
        service.on(
                "GET /api/git/status",
                r -> ServiceRecorder.Answer.json("{\"enabled\":true,\"remote\":\"file:///srv/adr.git\","
                        + "\"branch\":\"main\",\"replica\":\"r1\",\"conflicts\":[]}"));
        UI.getCurrent()
                .add(new DecisionsGitView(
                        service.services(), ServiceRecorder.user("architect", "viewer", "engineer", "architect")));

        assertThat(_get(Div.class, s -> s.withId("git-status")).getElement().getTextRecursively())
                .contains("file:///srv/adr.git", "branch main");
        _get(Button.class, s -> s.withId("import-preview")).click();

        assertThat(_get(Div.class, s -> s.withId("import-result")).getElement().getTextRecursively())
                .contains("Upload the folder's Markdown files first");
        assertThat(service.requests("/api/import")).isEmpty();
    }

    @Test
    void the_register_form_writes_the_yaml_that_is_sent_and_the_service_s_line_errors_are_listed() {
        service.on("POST /api/entities", r -> ServiceRecorder.Answer.problem(422, """
                        {"title":"Invalid entity","status":422,"detail":"1 violation",
                         "violations":[{"path":"/spec/owner","document":1,"line":8,"column":3,
                                        "message":"must be an entity ref"}]}
                        """));
        UI.getCurrent().add(new RegisterView(service.services()));

        _get(TextField.class, s -> s.withId("form-name")).setValue("ledger-api");
        _get(TextField.class, s -> s.withId("form-owner")).setValue("not a ref");
        _get(Button.class, s -> s.withId("form-write")).click();
        String yaml = _get(TextArea.class, s -> s.withId("register-yaml")).getValue();
        assertThat(yaml).contains("  name: \"ledger-api\"\n").contains("  owner: \"not a ref\"\n");
        _get(Button.class, s -> s.withId("register-submit")).click();

        ServiceRecorder.Request sent = service.requests("/api/entities").get(0);
        assertThat(sent.body()).isEqualTo(yaml);
        String problems = _get(UnorderedList.class, s -> s.withId("register-problems"))
                .getElement()
                .getTextRecursively();
        assertThat(problems).contains("line 8").contains("/spec/owner").contains("must be an entity ref");
    }

    @Test
    void an_uploaded_adr_folder_is_previewed_as_a_dry_run_and_the_service_s_line_errors_are_shown() throws Exception {
        service.on("GET /api/git/status", r -> ServiceRecorder.Answer.json("{\"enabled\":false,\"conflicts\":[]}"));
        service.on(
                "POST /api/import",
                r -> r.body().contains("\"dryRun\":true")
                        ? ServiceRecorder.Answer.json("{\"dryRun\":true,\"decisions\":[{\"id\":\"ADR-0001\",\"title\":"
                                + "\"Use PostgreSQL\"},{\"id\":\"ADR-0002\",\"title\":\"Use Kafka\"}],\"skipped\":[]}")
                        : ServiceRecorder.Answer.problem(422, """
                        {"title":"Unreadable ADR files","status":422,"detail":"nothing was imported",
                         "violations":[{"path":"0002-use-kafka.md","line":3,"message":"no title heading"}]}
                        """));
        UI.getCurrent()
                .add(new DecisionsGitView(
                        service.services(), ServiceRecorder.user("architect", "viewer", "engineer", "architect")));
        com.vaadin.flow.component.upload.Upload upload =
                _get(com.vaadin.flow.component.upload.Upload.class, s -> s.withId("import-upload"));
        com.github.mvysny.kaributesting.v10.UploadKt._upload(
                upload, "0001-use-postgresql.md", "text/markdown", "# Use PostgreSQL\n".getBytes());
        com.github.mvysny.kaributesting.v10.UploadKt._upload(
                upload, "0002-use-kafka.md", "text/markdown", "# Use Kafka\n".getBytes());

        _get(Button.class, s -> s.withId("import-preview")).click();
        Div result = _get(Div.class, s -> s.withId("import-result"));
        assertThat(result.getElement().getTextRecursively())
                .contains("Would import 2")
                .contains("ADR-0001 Use PostgreSQL");
        JsonNode sent = JSON.readTree(service.requests("/api/import").get(0).body());
        assertThat(sent.path("dryRun").asBoolean()).isTrue();
        assertThat(sent.path("files")).hasSize(2);
        assertThat(sent.path("files").get(1).path("content").asText()).isEqualTo("# Use Kafka\n");

        _get(Button.class, s -> s.withId("import-submit")).click();
        assertThat(result.getElement().getTextRecursively())
                .contains("nothing was imported")
                .contains("0002-use-kafka.md")
                .contains("line 3")
                .contains("no title heading");
    }

    static int count(String s, String part) {
        return s.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}

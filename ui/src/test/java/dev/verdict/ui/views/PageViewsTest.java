package dev.verdict.ui.views;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.RouterLink;
import dev.verdict.ui.catalog.EntityView;
import dev.verdict.ui.decisions.DecisionView;
import dev.verdict.ui.decisions.DecisionsView;
import dev.verdict.ui.deploys.DeploymentView;
import dev.verdict.ui.home.HomeView;
import dev.verdict.ui.security.CurrentUser;
import dev.verdict.ui.shell.Ticker;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pages with route parameters or router links, browserless: they are built directly ({@code show(...)}, as the
 * route would), against {@link ServiceRecorder}; routes are registered so links resolve.
 */
class PageViewsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    ServiceRecorder service;

    @BeforeEach
    void vaadin() {
        MockVaadin.setup(new Routes().autoDiscoverViews("dev.verdict.ui"));
        service = new ServiceRecorder();
    }

    @AfterEach
    void close() {
        service.close();
        MockVaadin.tearDown();
    }

    /** An engineer whose access token carries the realm's groups claim (only its payload is read here). */
    static CurrentUser engineerIn(String group) {
        String payload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("{\"groups\":[\"/" + group + "\"]}").getBytes(StandardCharsets.UTF_8));
        return new CurrentUser(() -> QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("engineer"))
                .addRoles(Set.of("viewer", "engineer"))
                .addCredential(new AccessTokenCredential("e30." + payload + ".sig"))
                .build());
    }

    @Test
    void home_asks_the_catalog_for_the_components_of_the_user_s_groups_and_links_each() {
        service.on(
                "GET /api/entities",
                r -> ServiceRecorder.Answer.json("{\"items\":[{\"kind\":\"Component\",\"metadata\":"
                        + "{\"name\":\"ledger-api\",\"namespace\":\"default\"}}],\"nextCursor\":null}"));
        service.on("GET /api/deployments", r -> ServiceRecorder.Answer.json("{\"items\":[]}"));
        service.on("GET /api/decisions", r -> ServiceRecorder.Answer.json("{\"items\":[],\"next\":null}"));

        HomeView home = new HomeView(service.services(), engineerIn("payments-team"));

        assertThat(service.requests("/api/entities").get(0).pathAndQuery())
                .contains("owner=group%3Adefault%2Fpayments-team")
                .contains("kind=Component");
        RouterLink link = _get(home, RouterLink.class, s -> s.withText("ledger-api"));
        assertThat(link.getHref()).isEqualTo("catalog/component/default/ledger-api");
        // running, paused and pending deployments are asked for by status
        assertThat(service.requests("/api/deployments"))
                .extracting(ServiceRecorder.Request::pathAndQuery)
                .anyMatch(q -> q.contains("status=RUNNING"))
                .anyMatch(q -> q.contains("status=PAUSED"));
    }

    @Test
    void an_entity_the_catalog_does_not_know_shows_the_service_s_words_not_an_error_page() {
        service.on(
                "GET /api/entities/by-ref/component/default/ghost",
                r -> ServiceRecorder.Answer.problem(
                        404,
                        "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no entity component:default/ghost\"}"));
        EntityView view = new EntityView(service.services());

        view.show("component", "default", "ghost");

        assertThat(view.getElement().getTextRecursively())
                .contains("component:default/ghost")
                .contains("no entity component:default/ghost");
    }

    @Test
    void the_decision_list_pages_with_the_service_s_next_token_one_page_per_request() {
        service.on("GET /api/decisions", r -> {
            boolean second = r.pathAndQuery().contains("after=t50");
            StringBuilder items = new StringBuilder();
            for (int i = 0; i < (second ? 5 : 50); i++) {
                items.append(i == 0 ? "" : ",")
                        .append("{\"id\":\"ADR-")
                        .append(String.format("%04d", (second ? 51 : 1) + i))
                        .append("\",\"title\":\"t\",\"status\":\"proposed\"}");
            }
            return ServiceRecorder.Answer.json(
                    "{\"items\":[" + items + "],\"next\":" + (second ? "null" : "\"t50\"") + "}");
        });
        DecisionsView view = new DecisionsView(service.services());

        List<JsonNode> rows = GridKt._fetch(_get(view, Grid.class, s -> s.withId("decisions-grid")), 40, 50);

        assertThat(rows).hasSize(15);
        assertThat(rows.get(14).path("id").asText()).isEqualTo("ADR-0055");
        assertThat(service.requests("/api/decisions"))
                .extracting(ServiceRecorder.Request::pathAndQuery)
                .containsExactly("/api/decisions?limit=50", "/api/decisions?limit=50&after=t50");
    }

    static String decision(String evidenceStatus) {
        return """
                {"id":"ADR-0007","title":"Run on JDK 25","status":"proposed","evidenceStatus":"%s",
                 "evidenceExplanation":"1 of 2 criteria inconclusive"}
                """.formatted(evidenceStatus);
    }

    @Test
    void an_architect_must_give_an_override_when_the_evidence_does_not_support_the_decision() throws Exception {
        service.on("GET /api/decisions/ADR-0007", r -> ServiceRecorder.Answer.json(decision("INCONCLUSIVE")));
        service.on("POST /api/decisions/ADR-0007/accept", r -> ServiceRecorder.Answer.json(decision("INCONCLUSIVE")));
        CurrentUser architect = ServiceRecorder.user("architect", "viewer", "engineer", "architect");
        DecisionView view = new DecisionView(service.services(), architect);

        view.show("ADR-0007");
        TextArea override = _get(view, TextArea.class, s -> s.withId("review-override"));
        assertThat(override.isVisible()).isTrue();
        _get(view, TextArea.class, s -> s.withId("review-reason")).setValue("we accept the risk");
        override.setValue("the p99 criterion needs a quieter machine; CPU alone decides");
        _get(view, Button.class, s -> s.withId("review-accept")).click();

        JsonNode sent = JSON.readTree(
                service.requests("/api/decisions/ADR-0007/accept").get(0).body());
        assertThat(sent.path("reason").asText()).isEqualTo("we accept the risk");
        assertThat(sent.path("override").asText()).startsWith("the p99 criterion");
    }

    @Test
    void a_viewer_reads_a_decision_without_any_review_action() {
        service.on("GET /api/decisions/ADR-0007", r -> ServiceRecorder.Answer.json(decision("SUPPORTED")));
        DecisionView view = new DecisionView(service.services(), ServiceRecorder.user("viewer", "viewer"));

        view.show("ADR-0007");

        assertThat(_get(view, Span.class, s -> s.withId("decision-evidence-status"))
                        .getText())
                .isEqualTo("Evidence: SUPPORTED");
        assertThat(_find(view, Button.class, s -> s.withId("review-accept"))).isEmpty();
        assertThat(_find(view, TextArea.class, s -> s.withId("comment-text"))).isEmpty();
    }

    @Test
    void a_deployment_shows_status_instances_the_judge_s_table_and_a_chart_per_metric() {
        service.on("GET /api/deployments/d-1", r -> ServiceRecorder.Answer.json("""
                {"summary":{"id":"d-1","component":"component:default/payments-api","version":"1.1.0",
                            "baselineVersion":"1.0.0","status":"RUNNING","weight":25,"stepIndex":1,"steps":2,
                            "finishedAt":null},
                 "phase":"ANALYSING","instances":1,
                 "placements":{"stable":"p-1","canary":"p-2","baseline":"p-3"},
                 "config":{"metrics":[{"name":"latency-p99"}]},
                 "judgements":[{"id":"j-1","step":1,"run":0,"score":100.0,"classification":"Pass"}]}
                """));
        service.on(
                "GET /api/deployments/d-1/judgements/j-1",
                r -> ServiceRecorder.Answer.json("{\"result\":{\"results\":[{\"name\":\"latency-p99\","
                        + "\"classification\":\"Pass\",\"classificationReason\":\"within the interval\"}]}}"));
        service.on("GET /api/deployments/d-1/timeline", r -> ServiceRecorder.Answer.json("{\"items\":[]}"));
        service.on(
                "GET /api/deployments/d-1/series",
                r -> ServiceRecorder.Answer.json("{\"metric\":\"latency-p99\",\"windows\":["
                        + "{\"canary\":[10.0,11.0],\"baseline\":[10.0,10.5]},"
                        + "{\"canary\":[12.0],\"baseline\":[10.2]}]}"));
        DeploymentView view =
                new DeploymentView(service.services(), ServiceRecorder.user("viewer", "viewer"), new Ticker());

        view.show("d-1");

        assertThat(_get(view, Span.class, s -> s.withId("deployment-status")).getText())
                .isEqualTo("RUNNING");
        assertThat(_get(view, Span.class, s -> s.withId("deployment-instances")).getText())
                .isEqualTo("1 instance per version: stable p-1, canary p-2, baseline p-3");
        Grid<?> judged = _get(view, Grid.class, s -> s.withClasses("judgement-metrics"));
        assertThat(GridKt._getFormattedRow(judged, 0)).containsExactly("latency-p99", "Pass", "within the interval");
        assertThat(service.requests("/api/deployments/d-1/series").get(0).pathAndQuery())
                .isEqualTo("/api/deployments/d-1/series?metric=latency-p99");
        Html chart = _get(view, Html.class, s -> s.withClasses("series-chart"));
        // two windows: each series is two strokes, the gap between windows not joined
        assertThat(chart.getInnerHtml().split("<path class=\"series\"", -1)).hasSize(3);
        assertThat(chart.getInnerHtml()).contains(" M").doesNotContain("NaN");
        // a viewer gets no actions
        assertThat(_find(view, Button.class, s -> s.withId("deployment-promote")))
                .isEmpty();
    }
}

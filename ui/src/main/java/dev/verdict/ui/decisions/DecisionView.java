package dev.verdict.ui.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.markdown.Markdown;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.verdict.ui.client.ServiceClient;
import dev.verdict.ui.client.ServiceException;
import dev.verdict.ui.client.Services;
import dev.verdict.ui.security.CurrentUser;
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
 * One decision: the ADR rendered from its MADR file, each criterion with its verdict and the evidence that decided
 * it, the linked evidence, the timeline, comments; architects accept or reject it behind the evidence gate (an
 * override text is needed unless the evidence SUPPORTS it, as decision-records enforces).
 */
@Route(value = "decisions/:id", layout = MainLayout.class)
@PageTitle("Decision · Verdict")
@RolesAllowed("viewer")
public class DecisionView extends VerticalLayout implements BeforeEnterObserver {

    private final ServiceClient decisions;
    private final CurrentUser user;
    private String id;

    private int selectedTab;

    public DecisionView(Services services, CurrentUser user) {
        this.decisions = services.decisions();
        this.user = user;
        setSizeFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        show(event.getRouteParameters().get("id").orElse(""));
    }

    /** Builds the page for decision {@code decisionId} (the route's parameter; a view test calls it directly). */
    public void show(String decisionId) {
        selectedTab = decisionId.equals(id) ? selectedTab : 0;
        id = decisionId;
        show();
    }

    void show() {
        removeAll();
        JsonNode d;
        try {
            d = decisions.get("api/decisions/" + id);
        } catch (ServiceException e) {
            add(new H2(id), new Paragraph(e.describe()));
            return;
        }
        H2 title = new H2(d.path("id").asText() + " " + d.path("title").asText());
        Span status = new Span("Status: " + d.path("status").asText());
        status.setId("decision-status");
        Span evidence = new Span("Evidence: " + Json.text(d, "/evidenceStatus"));
        evidence.setId("decision-evidence-status");
        add(title, new HorizontalLayout(status, evidence), new Paragraph(Json.text(d, "/evidenceExplanation")));
        if (user.has(CurrentUser.ARCHITECT)
                && "proposed".equals(d.path("status").asText())) {
            add(review(d));
        }
        TabSheet tabs = new TabSheet();
        tabs.setWidthFull();
        tabs.add("Record", record());
        tabs.add("Criteria", criteria());
        tabs.add("Evidence", evidenceList());
        tabs.add("Timeline", timeline());
        tabs.add("Comments", comments());
        // an action rebuilds the page: it stays on the tab the user was on
        tabs.setSelectedIndex(selectedTab);
        tabs.addSelectedChangeListener(e -> selectedTab = tabs.getSelectedIndex());
        add(tabs);
        if (user.has(CurrentUser.ENGINEER) && "accepted".equals(d.path("status").asText())) {
            add(supersede());
        }
    }

    private Component review(JsonNode d) {
        TextArea reason = new TextArea("Reason");
        reason.setId("review-reason");
        reason.setWidthFull();
        TextArea override = new TextArea("Override (needed when the evidence does not SUPPORT the decision)");
        override.setId("review-override");
        override.setWidthFull();
        override.setVisible(!"SUPPORTED".equals(Json.text(d, "/evidenceStatus")));
        Button accept = new Button("Accept", e -> decide("accept", reason.getValue(), override.getValue()));
        accept.setId("review-accept");
        accept.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SUCCESS);
        Button reject = new Button("Reject", e -> decide("reject", reason.getValue(), null));
        reject.setId("review-reject");
        reject.addThemeVariants(ButtonVariant.LUMO_ERROR);
        VerticalLayout v = new VerticalLayout(new H3("Review"), reason, override, new HorizontalLayout(accept, reject));
        v.setPadding(false);
        return v;
    }

    void decide(String action, String reason, String override) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", reason == null || reason.isBlank() ? null : reason);
        if (override != null && !override.isBlank()) {
            body.put("override", override);
        }
        try {
            decisions.postJson("api/decisions/" + id + "/" + action, body);
            Problems.ok(id + ": " + action + "ed");
            show();
        } catch (ServiceException e) {
            Problems.show(e);
        }
    }

    private Component record() {
        try {
            Markdown md = new Markdown(
                    withoutFrontMatter(decisions.getText("api/decisions/" + id + "/markdown", "text/markdown")));
            md.setId("decision-markdown");
            return md;
        } catch (ServiceException e) {
            return new Paragraph(e.describe());
        }
    }

    /**
     * The MADR body without its YAML front matter: status, date and criteria are shown above and in their own tabs,
     * and a Markdown renderer would turn the block into a heading.
     */
    static String withoutFrontMatter(String markdown) {
        String m = markdown.replace("\r\n", "\n");
        if (!m.startsWith("---\n")) {
            return markdown;
        }
        int end = m.indexOf("\n---\n", 3);
        return end < 0 ? markdown : m.substring(end + 5).stripLeading();
    }

    private Component criteria() {
        Grid<JsonNode> g = new Grid<>();
        g.setId("decision-criteria");
        g.addColumn(r -> Json.text(r, "/criterion/id")).setHeader("Criterion").setAutoWidth(true);
        g.addColumn(r -> Json.text(r, "/criterion/text")).setHeader("Rule").setFlexGrow(2);
        g.addColumn(r -> r.path("outcome").asText()).setHeader("Verdict").setAutoWidth(true);
        g.addColumn(r -> Json.text(r, "/observed")).setHeader("Observed");
        g.addColumn(r -> Json.text(r, "/decidingEvidence")).setHeader("Deciding evidence");
        g.addColumn(r -> Json.text(r, "/explanation")).setHeader("Why").setFlexGrow(2);
        try {
            List<JsonNode> rows = new ArrayList<>();
            decisions.get("api/decisions/" + id + "/evaluation").path("results").forEach(rows::add);
            g.setItems(rows);
        } catch (ServiceException e) {
            Problems.show(e);
        }
        g.setAllRowsVisible(true);
        return g;
    }

    private Component evidenceList() {
        Div chart = new Div();
        chart.setId("decision-evidence-chart");
        Grid<JsonNode> g = new Grid<>();
        g.addColumn(r -> Json.text(r, "/kind")).setHeader("Kind");
        g.addColumn(r -> Json.text(r, "/subject")).setHeader("Subject");
        g.addColumn(r -> Json.text(r, "/metric")).setHeader("Metric");
        g.addColumn(r -> Json.text(r, "/result/classification")).setHeader("Result");
        g.addColumn(r -> Json.text(r, "/result/estimate")).setHeader("Estimate");
        g.addColumn(r -> "[" + Json.text(r, "/result/ciLower") + ", " + Json.text(r, "/result/ciUpper") + "]")
                .setHeader("CI");
        g.addColumn(r -> Json.text(r, "/receivedAt")).setHeader("Received");
        try {
            List<JsonNode> rows = new ArrayList<>();
            decisions
                    .get("api/decisions/" + id + "/evidence", Map.of("limit", 100))
                    .path("items")
                    .forEach(rows::add);
            g.setItems(rows);
            List<Charts.Interval> over = EvidenceCharts.overTime(rows);
            if (!over.isEmpty()) {
                chart.add(new Html("<div>"
                        + Charts.intervals("evidence over time", over, EvidenceCharts.reference(rows))
                        + "</div>"));
            }
        } catch (ServiceException e) {
            Problems.show(e);
        }
        g.setAllRowsVisible(true);
        VerticalLayout v = new VerticalLayout(chart, g);
        v.setPadding(false);
        return v;
    }

    private Component comments() {
        VerticalLayout list = new VerticalLayout();
        list.setId("decision-comments");
        list.setPadding(false);
        try {
            for (JsonNode c : decisions
                    .get("api/decisions/" + id + "/comments", Map.of("limit", 200))
                    .path("items")) {
                list.add(new Paragraph(
                        Json.text(c, "/createdAt") + " " + Json.text(c, "/author") + ": " + Json.text(c, "/body")));
            }
        } catch (ServiceException e) {
            list.add(new Paragraph(e.describe()));
        }
        VerticalLayout v = new VerticalLayout(list);
        v.setPadding(false);
        if (user.has(CurrentUser.ENGINEER)) {
            TextArea text = new TextArea("Comment");
            text.setId("comment-text");
            text.setWidthFull();
            Button post = new Button("Comment", e -> {
                try {
                    decisions.postJson("api/decisions/" + id + "/comments", Map.of("body", text.getValue()));
                    show();
                } catch (ServiceException ex) {
                    Problems.show(ex);
                }
            });
            post.setId("comment-post");
            v.add(text, post);
        }
        return v;
    }

    /** An accepted decision is replaced by a proposed or accepted successor; both change in one commit. */
    private Component supersede() {
        TextField by = new TextField("Superseded by");
        by.setId("supersede-by");
        by.setPlaceholder("ADR-0007");
        Button go = new Button("Supersede", e -> {
            try {
                decisions.postJson("api/decisions/" + id + "/supersede", Map.of("by", by.getValue()));
                Problems.ok(id + " superseded by " + by.getValue());
                show();
            } catch (ServiceException ex) {
                Problems.show(ex);
            }
        });
        go.setId("supersede-submit");
        HorizontalLayout h = new HorizontalLayout(by, go);
        h.setAlignItems(Alignment.BASELINE);
        return h;
    }

    private Component timeline() {
        Grid<JsonNode> g = new Grid<>();
        g.addColumn(r -> Json.text(r, "/at")).setHeader("At").setAutoWidth(true);
        g.addColumn(r -> Json.text(r, "/kind")).setHeader("What").setAutoWidth(true);
        g.addColumn(r -> Json.text(r, "/actor")).setHeader("Who").setAutoWidth(true);
        g.addColumn(r -> Json.text(r, "/summary")).setHeader("Summary").setFlexGrow(3);
        try {
            List<JsonNode> rows = new ArrayList<>();
            decisions
                    .get("api/decisions/" + id + "/timeline", Map.of("limit", 200))
                    .path("items")
                    .forEach(rows::add);
            g.setItems(rows);
        } catch (ServiceException e) {
            Problems.show(e);
        }
        g.setAllRowsVisible(true);
        return g;
    }
}

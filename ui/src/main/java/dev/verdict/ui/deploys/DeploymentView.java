package dev.verdict.ui.deploys;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
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
import dev.verdict.ui.shell.Json;
import dev.verdict.ui.shell.MainLayout;
import dev.verdict.ui.shell.Problems;
import dev.verdict.ui.shell.Ticker;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One deployment as it happens: status, step, canary weight and placements, the timeline, each judgement's
 * per-metric table (classification and reason), the canary and baseline series, and promote / abort / retry for
 * owners. While it runs, the server asks the orchestrator every two seconds and pushes what changed ({@link Ticker},
 * {@code AppShell}'s push).
 */
@Route(value = "deploys/:id", layout = MainLayout.class)
@PageTitle("Deployment · Verdict")
@RolesAllowed("viewer")
public class DeploymentView extends VerticalLayout implements BeforeEnterObserver {

    static final int POLL_MS = 2000;

    private final ServiceClient deploy;
    private final CurrentUser user;
    private final Span status = new Span();
    private final Span step = new Span();
    private final Span weight = new Span();
    private final Span instances = new Span();
    private final Paragraph reason = new Paragraph();
    private final Grid<JsonNode> timeline = new Grid<>();
    private final VerticalLayout judgements = new VerticalLayout();
    private final Div charts = new Div();
    private final TextField actionReason = new TextField("Reason");
    private String id;
    private long lastTimelineId = -1;
    private int shownJudgements;
    private final Ticker ticker;
    private java.util.concurrent.ScheduledFuture<?> live;

    public DeploymentView(Services services, CurrentUser user, Ticker ticker) {
        this.deploy = services.deploy();
        this.user = user;
        this.ticker = ticker;
        setSizeFull();
        status.setId("deployment-status");
        weight.setId("deployment-weight");
        instances.setId("deployment-instances");
        timeline.setId("deployment-timeline");
        actionReason.setId("deployment-reason");
        judgements.setId("deployment-judgements");
        charts.setId("deployment-charts");
        timeline.addColumn(e -> Json.text(e, "/at")).setHeader("At").setAutoWidth(true);
        timeline.addColumn(e -> Json.text(e, "/kind")).setHeader("What").setAutoWidth(true);
        timeline.addColumn(e -> Json.text(e, "/actor")).setHeader("Who").setAutoWidth(true);
        timeline.addColumn(e -> Json.text(e, "/summary")).setHeader("Summary").setFlexGrow(3);
        timeline.setAllRowsVisible(true);
        judgements.setPadding(false);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        show(event.getRouteParameters().get("id").orElse(""));
    }

    /** Builds the page for deployment {@code id} (the route's parameter; a view test calls it directly). */
    public void show(String deploymentId) {
        id = deploymentId;
        removeAll();
        lastTimelineId = -1;
        shownJudgements = 0;
        add(new H2("Deployment " + id), new HorizontalLayout(status, step, weight, instances), reason);
        if (user.has(CurrentUser.ENGINEER)) {
            HorizontalLayout actions = new HorizontalLayout(actionReason);
            for (String a : List.of("promote", "promote-full", "abort", "retry")) {
                Button b = new Button(a, e -> act(a));
                b.setId("deployment-" + a);
                actions.add(b);
            }
            actions.setAlignItems(Alignment.BASELINE);
            add(actions);
        }
        charts.removeAll();
        judgements.removeAll();
        add(new H3("Judgements"), judgements, new H3("Canary and baseline"), charts, new H3("Timeline"), timeline);
        refresh();
    }

    @Override
    protected void onAttach(AttachEvent e) {
        follow(e.getUI());
    }

    @Override
    protected void onDetach(DetachEvent e) {
        stopFollowing();
    }

    private void follow(com.vaadin.flow.component.UI ui) {
        if (live == null || live.isDone()) {
            live = ticker.every(java.time.Duration.ofMillis(POLL_MS), ui, this::refresh);
        }
    }

    private void stopFollowing() {
        if (live != null) {
            live.cancel(false);
        }
    }

    // private: the view is a CDI bean whose @RolesAllowed intercepts non-private methods, which needs a request
    // (and so fails on the push thread); the route check already let this user in
    private void refresh() {
        JsonNode d;
        try {
            d = deploy.get("api/deployments/" + id);
        } catch (ServiceException e) {
            reason.setText(e.describe());
            return;
        }
        JsonNode s = d.path("summary");
        status.setText(s.path("status").asText());
        int steps = s.path("steps").asInt();
        step.setText("step " + Math.min(s.path("stepIndex").asInt() + 1, steps) + " of " + steps + " · "
                + d.path("phase").asText());
        weight.setText("canary " + s.path("weight").asInt() + " %");
        instances.setText(instances(d));
        reason.setText(s.path("component").asText() + " " + s.path("version").asText() + " against "
                + s.path("baselineVersion").asText("")
                + (s.hasNonNull("statusReason") ? ": " + s.path("statusReason").asText() : ""));
        List<JsonNode> js = new ArrayList<>();
        d.path("judgements").forEach(js::add);
        for (int i = shownJudgements; i < js.size(); i++) {
            judgements.add(judgement(js.get(i)));
        }
        if (js.size() != shownJudgements) {
            charts(d.path("config").path("metrics"));
        }
        shownJudgements = js.size();
        try {
            List<JsonNode> items = new ArrayList<>();
            deploy.get("api/deployments/" + id + "/timeline", Map.of("size", 100))
                    .path("items")
                    .forEach(items::add);
            long newest = items.isEmpty()
                    ? -1
                    : items.get(items.size() - 1).path("id").asLong();
            if (newest != lastTimelineId) {
                timeline.setItems(items);
                lastTimelineId = newest;
            }
        } catch (ServiceException e) {
            Problems.show(e);
        }
        if (!s.path("finishedAt").isNull() && !s.path("finishedAt").isMissingNode()) {
            stopFollowing();
        }
    }

    private VerticalLayout judgement(JsonNode summary) {
        VerticalLayout v = new VerticalLayout();
        v.setPadding(false);
        v.add(new Paragraph("Step " + (summary.path("step").asInt() + 1) + ", window "
                + summary.path("run").asInt() + ": "
                + summary.path("classification").asText() + ", score "
                + summary.path("score").asText()));
        try {
            JsonNode j = deploy.get("api/deployments/" + id + "/judgements/"
                    + summary.path("id").asText());
            Grid<JsonNode> g = new Grid<>();
            g.addColumn(m -> m.path("name").asText()).setHeader("Metric").setAutoWidth(true);
            g.addColumn(m -> m.path("classification").asText())
                    .setHeader("Classification")
                    .setAutoWidth(true);
            g.addColumn(m -> Json.text(m, "/classificationReason"))
                    .setHeader("Reason")
                    .setFlexGrow(3);
            List<JsonNode> rows = new ArrayList<>();
            j.path("result").path("results").forEach(rows::add);
            g.setItems(rows);
            g.setAllRowsVisible(true);
            g.addClassName("judgement-metrics");
            v.add(g);
        } catch (ServiceException e) {
            v.add(new Paragraph(e.describe()));
        }
        return v;
    }

    /** "1 instance per version: stable p-1, canary p-2, baseline p-3": where the versions run now. */
    static String instances(JsonNode d) {
        List<String> at = new ArrayList<>();
        for (String scope : List.of("stable", "canary", "baseline")) {
            JsonNode p = d.path("placements").path(scope);
            if (p.isTextual()) {
                at.add(scope + " " + p.asText());
            }
        }
        int n = d.path("instances").asInt();
        return n + (n == 1 ? " instance" : " instances") + " per version"
                + (at.isEmpty() ? "" : ": " + String.join(", ", at));
    }

    /** One chart per metric of the canary config: its canary and baseline points, window after window. */
    private void charts(JsonNode metrics) {
        charts.removeAll();
        for (JsonNode m : metrics) {
            String name = m.path("name").asText();
            try {
                JsonNode series = deploy.get("api/deployments/" + id + "/series", Map.of("metric", name));
                charts.add(new Html("<div class=\"series-chart\">"
                        + Charts.lines(
                                name,
                                "per interval",
                                List.of(
                                        new Charts.Line("canary", "#cf222e", joined(series, "canary")),
                                        new Charts.Line("baseline", "#445", joined(series, "baseline"))))
                        + "</div>"));
            } catch (ServiceException e) {
                charts.add(new Paragraph(name + ": " + e.describe()));
            }
        }
    }

    /** The windows' points in order, a gap between two windows so no line joins them. */
    static double[] joined(JsonNode series, String scope) {
        List<Double> out = new ArrayList<>();
        for (JsonNode w : series.path("windows")) {
            if (!out.isEmpty()) {
                out.add(Double.NaN);
            }
            w.path(scope).forEach(v -> out.add(v.isNumber() ? v.asDouble() : Double.NaN));
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    void act(String action) {
        try {
            deploy.postJson(
                    "api/deployments/" + id + "/" + action,
                    Map.of("reason", actionReason.getValue().isBlank() ? "from the portal" : actionReason.getValue()));
            refresh();
            getUI().ifPresent(this::follow);
        } catch (ServiceException e) {
            Problems.show(e);
        }
    }
}

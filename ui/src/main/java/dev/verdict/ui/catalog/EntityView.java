package dev.verdict.ui.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import dev.verdict.ui.client.ServiceClient;
import dev.verdict.ui.client.ServiceException;
import dev.verdict.ui.client.Services;
import dev.verdict.ui.decisions.DecisionView;
import dev.verdict.ui.deploys.DeploymentView;
import dev.verdict.ui.shell.Json;
import dev.verdict.ui.shell.MainLayout;
import dev.verdict.ui.shell.Problems;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One entity: overview, relations, dependency graph (server-side SVG), scorecard, history with diffs, the
 * deployments of it and the decisions that name it. Each tab asks its service when it is first opened.
 */
@Route(value = "catalog/:kind/:namespace/:name", layout = MainLayout.class)
@PageTitle("Entity · Verdict")
@RolesAllowed("viewer")
public class EntityView extends VerticalLayout implements BeforeEnterObserver {

    private final ServiceClient catalog;
    private final ServiceClient deploy;
    private final ServiceClient decisions;

    public EntityView(Services services) {
        this.catalog = services.catalog();
        this.deploy = services.deploy();
        this.decisions = services.decisions();
        setSizeFull();
    }

    static RouteParameters params(JsonNode entity) {
        return new RouteParameters(Map.of(
                "kind", entity.path("kind").asText().toLowerCase(java.util.Locale.ROOT),
                "namespace",
                        Json.text(entity, "/metadata/namespace").isEmpty()
                                ? "default"
                                : Json.text(entity, "/metadata/namespace"),
                "name", Json.text(entity, "/metadata/name")));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        show(
                event.getRouteParameters().get("kind").orElse("component"),
                event.getRouteParameters().get("namespace").orElse("default"),
                event.getRouteParameters().get("name").orElse(""));
    }

    /** Builds the page of entity {@code kind:namespace/name} (the route's parameters; a view test calls it). */
    public void show(String kind, String namespace, String name) {
        String path = "api/entities/by-ref/" + kind + "/" + namespace + "/" + name;
        String ref = kind + ":" + namespace + "/" + name;
        removeAll();
        JsonNode entity;
        try {
            entity = catalog.get(path);
        } catch (ServiceException e) {
            add(new H2(ref), new Paragraph(e.describe()));
            return;
        }
        H2 title = new H2(
                Json.text(entity, "/metadata/title").isEmpty()
                        ? ref
                        : Json.text(entity, "/metadata/title") + " (" + ref + ")");
        title.setId("entity-title");
        TabSheet tabs = new TabSheet();
        tabs.setWidthFull();
        tabs.add("Overview", overview(entity));
        tabs.add("Relations", lazy(() -> relations(entity)));
        tabs.add("Graph", lazy(() -> graph(path)));
        tabs.add("Scorecard", lazy(() -> scorecard(path)));
        tabs.add("History", lazy(() -> history(path)));
        tabs.add("Deployments", lazy(() -> deployments(ref)));
        tabs.add("Decisions", lazy(() -> decisionsNaming(ref)));
        add(title, tabs);
    }

    private static Component overview(JsonNode e) {
        VerticalLayout v = new VerticalLayout();
        v.add(new Paragraph(Json.text(e, "/metadata/description")));
        for (String[] f : new String[][] {
            {"Type", "/spec/type"},
            {"Lifecycle", "/spec/lifecycle"},
            {"Owner", "/spec/owner"},
            {"System", "/spec/system"}
        }) {
            if (!Json.text(e, f[1]).isEmpty()) {
                v.add(new Paragraph(f[0] + ": " + Json.text(e, f[1])));
            }
        }
        Pre yaml = new Pre(e.toPrettyString());
        yaml.getStyle().set("font-size", "var(--lumo-font-size-s)");
        v.add(yaml);
        return v;
    }

    private static Component relations(JsonNode e) {
        Grid<JsonNode> g = new Grid<>();
        g.addColumn(r -> r.path("type").asText()).setHeader("Relation");
        g.addColumn(r -> Json.text(r, "/targetRef").isEmpty() ? Json.text(r, "/target") : Json.text(r, "/targetRef"))
                .setHeader("Target");
        g.addColumn(r -> r.path("resolved").asBoolean(true) ? "" : "not in the catalog")
                .setHeader("");
        List<JsonNode> rows = new ArrayList<>();
        e.path("relations").forEach(rows::add);
        g.setItems(rows);
        g.setAllRowsVisible(true);
        return g;
    }

    private Component graph(String path) {
        JsonNode graph = catalog.get(path + "/graph", Map.of("direction", "both", "depth", 3));
        Div d = new Div(new Html("<div>" + GraphSvg.render(graph) + "</div>"));
        d.setId("entity-graph");
        d.getStyle().set("overflow", "auto");
        return d;
    }

    private Component scorecard(String path) {
        JsonNode s = catalog.get(path + "/scorecard");
        VerticalLayout v = new VerticalLayout(new Paragraph(
                "Level: " + (s.path("level").isNull() ? "none" : s.path("level").asText())));
        Grid<JsonNode> g = new Grid<>();
        g.addColumn(r -> r.path("title").asText()).setHeader("Rule");
        g.addColumn(r -> r.path("level").asText()).setHeader("Level");
        g.addColumn(r -> r.path("status").asText()).setHeader("Status");
        g.addColumn(r -> r.path("message").asText()).setHeader("Why");
        List<JsonNode> rows = new ArrayList<>();
        s.path("rules").forEach(rows::add);
        g.setItems(rows);
        g.setAllRowsVisible(true);
        v.add(g);
        return v;
    }

    private Component history(String path) {
        JsonNode h = catalog.get(path + "/history", Map.of("limit", 50));
        VerticalLayout v = new VerticalLayout();
        for (JsonNode c : h.path("items")) {
            v.add(new Paragraph(Json.text(c, "/at") + " " + Json.text(c, "/change") + " by " + Json.text(c, "/actor")));
            if (c.hasNonNull("diff")) {
                v.add(new Pre(c.path("diff").toPrettyString()));
            }
        }
        return v;
    }

    private Component deployments(String ref) {
        JsonNode page = deploy.get("api/deployments", Map.of("component", ref, "size", 20));
        VerticalLayout v = new VerticalLayout();
        for (JsonNode d : page.path("items")) {
            v.add(new RouterLink(
                    d.path("version").asText() + " · " + d.path("status").asText() + " · "
                            + d.path("createdAt").asText(),
                    DeploymentView.class,
                    new RouteParameters("id", d.path("id").asText())));
        }
        if (v.getComponentCount() == 0) {
            v.add(new Paragraph("No deployments."));
        }
        return v;
    }

    private Component decisionsNaming(String ref) {
        JsonNode page = decisions.get("api/decisions", Map.of("entity", ref, "limit", 50));
        VerticalLayout v = new VerticalLayout();
        for (JsonNode d : page.path("items")) {
            v.add(new RouterLink(
                    d.path("id").asText() + " " + d.path("title").asText() + " ("
                            + d.path("status").asText() + ")",
                    DecisionView.class,
                    new RouteParameters("id", d.path("id").asText())));
        }
        if (v.getComponentCount() == 0) {
            v.add(new Paragraph("No decision names this entity."));
        }
        return v;
    }

    /** A tab's content, asked for when the tab is first shown; a service error is shown in its place. */
    private static Component lazy(Supplier<Component> content) {
        Div holder = new Div();
        holder.setWidthFull();
        holder.addAttachListener(e -> {
            if (holder.getChildren().findAny().isEmpty()) {
                try {
                    holder.add(content.get());
                } catch (ServiceException ex) {
                    holder.add(new Paragraph(ex.describe()));
                    Problems.show(ex);
                }
            }
        });
        return holder;
    }
}

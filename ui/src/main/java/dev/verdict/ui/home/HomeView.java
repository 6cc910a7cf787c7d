package dev.verdict.ui.home;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import dev.verdict.ui.catalog.EntityView;
import dev.verdict.ui.client.ServiceException;
import dev.verdict.ui.client.Services;
import dev.verdict.ui.decisions.DecisionView;
import dev.verdict.ui.deploys.DeploymentView;
import dev.verdict.ui.security.CurrentUser;
import dev.verdict.ui.shell.Json;
import dev.verdict.ui.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where a signed-in user starts: their team's components, the deployments running now, the decisions waiting for
 * review, and the decisions whose evidence verdict changed last. Each panel is one service call; a service that is
 * down empties its panel only.
 */
@Route(value = "", layout = MainLayout.class)
@RouteAlias(value = "home", layout = MainLayout.class)
@PageTitle("Verdict")
@RolesAllowed("viewer")
public class HomeView extends VerticalLayout {

    public HomeView(Services services, CurrentUser user) {
        add(new H2("Welcome, " + user.name()));
        FlexLayout panels = new FlexLayout();
        panels.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        panels.getStyle().set("gap", "var(--lumo-space-l)");
        panels.add(panel("My team's components", "home-components", () -> {
            VerticalLayout v = new VerticalLayout();
            if (user.groups().isEmpty()) {
                v.add(new Paragraph("You are in no catalog group."));
            }
            for (String group : user.groups()) {
                for (JsonNode e : services.catalog()
                        .get("api/entities", Map.of("owner", group, "kind", "Component", "limit", 20))
                        .path("items")) {
                    v.add(new RouterLink(
                            Json.text(e, "/metadata/name"),
                            EntityView.class,
                            new RouteParameters(Map.of(
                                    "kind",
                                    "component",
                                    "namespace",
                                    Json.text(e, "/metadata/namespace").isEmpty()
                                            ? "default"
                                            : Json.text(e, "/metadata/namespace"),
                                    "name",
                                    Json.text(e, "/metadata/name")))));
                }
            }
            return v;
        }));
        panels.add(panel("Running deployments", "home-deployments", () -> {
            VerticalLayout v = new VerticalLayout();
            for (String status : new String[] {"RUNNING", "PAUSED", "PENDING"}) {
                for (JsonNode d : services.deploy()
                        .get("api/deployments", Map.of("status", status, "size", 20))
                        .path("items")) {
                    v.add(new RouterLink(
                            d.path("component").asText() + " "
                                    + d.path("version").asText() + " · " + status + " · "
                                    + d.path("weight").asInt() + " %",
                            DeploymentView.class,
                            new RouteParameters("id", d.path("id").asText())));
                }
            }
            if (v.getComponentCount() == 0) {
                v.add(new Paragraph("None."));
            }
            return v;
        }));
        panels.add(panel(
                "Waiting for review",
                "home-review",
                () -> decisions(services, Map.of("status", "proposed", "limit", 20))));
        panels.add(panel("Decisions by evidence", "home-evidence", () -> decisions(services, Map.of("limit", 20))));
        add(panels);
    }

    private static Component decisions(Services services, Map<String, ?> query) {
        VerticalLayout v = new VerticalLayout();
        for (JsonNode d : services.decisions().get("api/decisions", query).path("items")) {
            v.add(new RouterLink(
                    d.path("id").asText() + " " + d.path("title").asText() + " · "
                            + d.path("evidenceStatus").asText(),
                    DecisionView.class,
                    new RouteParameters("id", d.path("id").asText())));
        }
        if (v.getComponentCount() == 0) {
            v.add(new Paragraph("None."));
        }
        return v;
    }

    private static Component panel(String title, String id, Supplier<Component> content) {
        VerticalLayout p = new VerticalLayout(new H3(title));
        p.setId(id);
        p.setWidth("28em");
        p.getStyle()
                .set("border", "1px solid var(--lumo-contrast-10pct)")
                .set("border-radius", "var(--lumo-border-radius-l)");
        try {
            p.add(content.get());
        } catch (ServiceException e) {
            p.add(new Paragraph(e.describe()));
        }
        return p;
    }
}

package dev.verdict.ui.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.verdict.ui.client.ServiceClient;
import dev.verdict.ui.client.ServiceException;
import dev.verdict.ui.client.Services;
import dev.verdict.ui.security.CurrentUser;
import dev.verdict.ui.shell.Json;
import dev.verdict.ui.shell.MainLayout;
import dev.verdict.ui.shell.Problems;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog's git locations: each with its last refresh (commit, time, error, entity count) and, when selected,
 * its per-file errors and the entities another location claims; engineers register a location (url, branch, path
 * glob) and refresh one now, and see what the refresh did.
 */
@Route(value = "catalog/locations", layout = MainLayout.class)
@PageTitle("Git locations · Verdict")
@RolesAllowed("viewer")
public class LocationsView extends VerticalLayout {

    private final ServiceClient catalog;
    private final CurrentUser user;
    private final Grid<JsonNode> grid = new Grid<>();
    private final Div detail = new Div();

    public LocationsView(Services services, CurrentUser user) {
        this.catalog = services.catalog();
        this.user = user;
        setSizeFull();
        grid.setId("locations-grid");
        grid.addColumn(l -> Json.text(l, "/url")).setHeader("Repository").setFlexGrow(3);
        grid.addColumn(l -> Json.text(l, "/branch")).setHeader("Branch");
        grid.addColumn(l -> Json.text(l, "/pathGlob")).setHeader("Files");
        grid.addColumn(l -> Json.text(l, "/lastSuccessAt")).setHeader("Last refresh");
        grid.addColumn(l -> Json.text(l, "/lastCommit")).setHeader("Commit");
        grid.addColumn(l -> l.path("entityCount").asInt()).setHeader("Entities");
        grid.addColumn(l -> Json.text(l, "/lastError")).setHeader("Error").setFlexGrow(2);
        grid.setAllRowsVisible(true);
        grid.addItemClickListener(e -> show(e.getItem().path("id").asLong()));
        detail.setId("location-detail");
        detail.setWidthFull();
        add(new H2("Git locations"));
        if (user.has(CurrentUser.ENGINEER)) {
            add(register());
        }
        add(grid, detail);
        list();
    }

    void list() {
        try {
            List<JsonNode> rows = new ArrayList<>();
            catalog.get("api/locations").forEach(rows::add);
            grid.setItems(rows);
        } catch (ServiceException e) {
            Problems.show(e);
        }
    }

    void show(long id) {
        detail.removeAll();
        try {
            JsonNode v = catalog.get("api/locations/" + id);
            JsonNode l = v.path("location");
            detail.add(new H3(Json.text(l, "/url") + " @ " + Json.text(l, "/branch")));
            detail.add(new Paragraph("Last attempt " + Json.text(l, "/lastAttemptAt") + ", next refresh "
                    + Json.text(l, "/nextRefreshAt") + ", last result " + Json.text(l, "/lastResult")));
            List<Map.Entry<String, String>> errors = new ArrayList<>();
            v.path("fileErrors")
                    .fields()
                    .forEachRemaining(
                            f -> errors.add(Map.entry(f.getKey(), f.getValue().asText())));
            if (!errors.isEmpty()) {
                Grid<Map.Entry<String, String>> g = new Grid<>();
                g.setId("location-file-errors");
                g.addColumn(Map.Entry::getKey).setHeader("File").setAutoWidth(true);
                g.addColumn(Map.Entry::getValue).setHeader("Error").setFlexGrow(3);
                g.setItems(errors);
                g.setAllRowsVisible(true);
                detail.add(new H3("Files with errors"), g);
            }
            List<JsonNode> conflicts = new ArrayList<>();
            v.path("conflicts").forEach(conflicts::add);
            if (!conflicts.isEmpty()) {
                Grid<JsonNode> g = new Grid<>();
                g.addColumn(c -> Json.text(c, "/entityRef")).setHeader("Entity");
                g.addColumn(c -> Json.text(c, "/path")).setHeader("File");
                g.addColumn(c -> Json.text(c, "/ownerLocationId")).setHeader("Owned by location");
                g.setItems(conflicts);
                g.setAllRowsVisible(true);
                detail.add(new H3("Entities another location owns"), g);
            }
            if (user.has(CurrentUser.ENGINEER)) {
                Button refresh = new Button("Refresh now", e -> refresh(id));
                refresh.setId("location-refresh");
                detail.add(refresh);
            }
        } catch (ServiceException e) {
            detail.add(new Paragraph(e.describe()));
        }
    }

    void refresh(long id) {
        try {
            JsonNode r = catalog.postJson("api/locations/" + id + "/refresh", Map.of());
            Problems.ok(describe(r));
        } catch (ServiceException e) {
            Problems.show(e);
        }
        list();
        show(id);
    }

    static String describe(JsonNode r) {
        return Json.text(r, "/status") + " at " + Json.text(r, "/commit") + ": "
                + r.path("filesMatched").asInt()
                + " files, " + r.path("created").asInt() + " created, "
                + r.path("updated").asInt() + " updated, "
                + r.path("unchanged").asInt() + " unchanged";
    }

    private HorizontalLayout register() {
        TextField url = new TextField("Repository URL");
        url.setId("location-url");
        url.setWidth("28em");
        url.setPlaceholder("https://git.example.com/payments.git or file:///srv/git/payments");
        TextField branch = new TextField("Branch");
        branch.setPlaceholder("main");
        TextField path = new TextField("Files");
        path.setPlaceholder("**/catalog-info.yaml");
        Button add = new Button("Register location", e -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("url", url.getValue());
            if (!branch.getValue().isBlank()) {
                body.put("branch", branch.getValue());
            }
            if (!path.getValue().isBlank()) {
                body.put("path", path.getValue());
            }
            try {
                JsonNode r = catalog.postJson("api/locations", body);
                Problems.ok(describe(r.path("refresh")));
                list();
                show(r.path("location").path("id").asLong());
            } catch (ServiceException ex) {
                Problems.show(ex);
            }
        });
        add.setId("location-register");
        // the first clone can take a while: one click, and the loading bar shows it is on its way
        add.setDisableOnClick(true);
        add.addClickListener(e -> add.setEnabled(true));
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout h = new HorizontalLayout(url, branch, path, add);
        h.setAlignItems(Alignment.BASELINE);
        return h;
    }
}

package dev.verdict.ui.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.verdict.ui.client.ServiceClient;
import dev.verdict.ui.client.ServiceException;
import dev.verdict.ui.client.Services;
import dev.verdict.ui.shell.CursorPager;
import dev.verdict.ui.shell.Json;
import dev.verdict.ui.shell.MainLayout;
import dev.verdict.ui.shell.Problems;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog: a lazy grid paged from catalog-service (never all rows: {@link CursorPager}), with full-text search
 * and filters by kind, owner, lifecycle, tag and system. A row opens the entity's page.
 */
@Route(value = "catalog", layout = MainLayout.class)
@PageTitle("Catalog · Verdict")
@RolesAllowed("viewer")
public class CatalogView extends VerticalLayout {

    static final int PAGE = 50;
    static final List<String> KINDS =
            List.of("Component", "API", "Resource", "System", "Domain", "Group", "User", "Location", "Template");

    private final ServiceClient catalog;
    private final Grid<JsonNode> grid = new Grid<>();
    private final TextField search = new TextField();
    private final ComboBox<String> kind = new ComboBox<>("Kind", KINDS);
    private final TextField owner = new TextField("Owner");
    private final TextField lifecycle = new TextField("Lifecycle");
    private final TextField tag = new TextField("Tag");
    private final TextField system = new TextField("System");
    private final Span loaded = new Span();
    private CursorPager<JsonNode> pager;

    public CatalogView(Services services) {
        this.catalog = services.catalog();
        setSizeFull();
        search.setPlaceholder("Search names, titles, descriptions, tags");
        search.setLabel("Search");
        search.setId("catalog-search");
        search.setWidth("24em");
        for (TextField f : List.of(search, owner, lifecycle, tag, system)) {
            f.setValueChangeMode(ValueChangeMode.LAZY);
            f.setClearButtonVisible(true);
            f.addValueChangeListener(e -> refresh());
        }
        kind.setClearButtonVisible(true);
        kind.addValueChangeListener(e -> refresh());
        owner.setPlaceholder("group:default/payments-team");
        owner.setId("catalog-owner");

        grid.addColumn(e -> e.path("kind").asText()).setHeader("Kind").setAutoWidth(true);
        grid.addColumn(e -> Json.text(e, "/metadata/name")).setHeader("Name").setAutoWidth(true);
        grid.addColumn(e -> Json.text(e, "/metadata/namespace")).setHeader("Namespace");
        grid.addColumn(e -> Json.text(e, "/spec/owner")).setHeader("Owner").setAutoWidth(true);
        grid.addColumn(e -> Json.text(e, "/spec/lifecycle")).setHeader("Lifecycle");
        grid.addColumn(e -> Json.text(e, "/spec/system")).setHeader("System");
        grid.addColumn(e -> tags(e)).setHeader("Tags");
        grid.addColumn(e -> Json.text(e, "/metadata/description"))
                .setHeader("Description")
                .setFlexGrow(3);
        grid.setId("catalog-grid");
        grid.setPageSize(PAGE);
        grid.setSizeFull();
        grid.addItemClickListener(
                e -> getUI().ifPresent(ui -> ui.navigate(EntityView.class, EntityView.params(e.getItem()))));

        // what the grid has asked of the service so far: pages only, never the whole catalog
        loaded.setId("catalog-loaded");
        loaded.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        add(new H2("Catalog"), new HorizontalLayout(search, kind, owner, lifecycle, tag, system), grid, loaded);
        refresh();
    }

    private static String tags(JsonNode e) {
        List<String> out = new ArrayList<>();
        e.at("/metadata/tags").forEach(t -> out.add(t.asText()));
        return String.join(", ", out);
    }

    private void refresh() {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("q", search.getValue());
        filter.put("kind", kind.getValue());
        filter.put("owner", owner.getValue());
        filter.put("lifecycle", lifecycle.getValue());
        filter.put("tag", tag.getValue());
        filter.put("system", system.getValue());
        CursorPager<JsonNode> p = CursorPager.of(PAGE, catalog, "api/entities", filter, "cursor", "nextCursor");
        pager = p;
        grid.setItems(query -> {
            try {
                List<JsonNode> rows = p.rows(query.getOffset(), query.getLimit());
                loaded.setText(p.rowsFetched() + " rows loaded in " + p.requests() + " requests");
                return rows.stream();
            } catch (ServiceException e) {
                Problems.show(e);
                return java.util.stream.Stream.empty();
            }
        });
    }

    /** Rows fetched from catalog-service for the current filter (the performance figure). */
    public long rowsFetched() {
        return pager.rowsFetched();
    }
}

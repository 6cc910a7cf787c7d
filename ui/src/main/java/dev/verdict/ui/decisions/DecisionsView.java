package dev.verdict.ui.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import dev.verdict.ui.client.ServiceClient;
import dev.verdict.ui.client.ServiceException;
import dev.verdict.ui.client.Services;
import dev.verdict.ui.shell.CursorPager;
import dev.verdict.ui.shell.MainLayout;
import dev.verdict.ui.shell.Problems;
import jakarta.annotation.security.RolesAllowed;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The decisions: by status, with full-text search, keyset-paged from decision-records as the grid scrolls. */
@Route(value = "decisions", layout = MainLayout.class)
@PageTitle("Decisions · Verdict")
@RolesAllowed("viewer")
public class DecisionsView extends VerticalLayout {

    static final int PAGE = 50;

    private final ServiceClient decisions;
    private final Grid<JsonNode> grid = new Grid<>();
    private final ComboBox<String> status =
            new ComboBox<>("Status", List.of("proposed", "accepted", "rejected", "deprecated", "superseded"));
    private final TextField search = new TextField("Search");

    public DecisionsView(Services services) {
        this.decisions = services.decisions();
        setSizeFull();
        status.setClearButtonVisible(true);
        status.setId("decisions-status");
        status.addValueChangeListener(e -> refresh());
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setClearButtonVisible(true);
        search.addValueChangeListener(e -> refresh());
        grid.addColumn(d -> d.path("id").asText()).setHeader("Id").setAutoWidth(true);
        grid.addColumn(d -> d.path("title").asText()).setHeader("Title").setFlexGrow(3);
        grid.addColumn(d -> d.path("status").asText()).setHeader("Status");
        grid.addColumn(d -> d.path("evidenceStatus").asText()).setHeader("Evidence");
        // an imported record whose date had two readings has none, and keeps its text as dateLabel
        grid.addColumn(d -> d.hasNonNull("date")
                        ? d.get("date").asText()
                        : d.path("dateLabel").asText(""))
                .setHeader("Date");
        grid.setId("decisions-grid");
        grid.setPageSize(PAGE);
        grid.setSizeFull();
        grid.addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate(
                DecisionView.class,
                new RouteParameters("id", e.getItem().path("id").asText()))));
        add(new H2("Decisions"), new HorizontalLayout(status, search), grid);
        refresh();
    }

    private void refresh() {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("status", status.getValue());
        filter.put("q", search.getValue());
        CursorPager<JsonNode> pager = CursorPager.of(PAGE, decisions, "api/decisions", filter, "after", "next");
        grid.setItems(query -> {
            try {
                return pager.rows(query.getOffset(), query.getLimit()).stream();
            } catch (ServiceException e) {
                Problems.show(e);
                return java.util.stream.Stream.empty();
            }
        });
    }
}

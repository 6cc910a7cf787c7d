package dev.verdict.ui.deploys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.Query;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import dev.verdict.ui.client.ServiceClient;
import dev.verdict.ui.client.ServiceException;
import dev.verdict.ui.client.Services;
import dev.verdict.ui.security.CurrentUser;
import dev.verdict.ui.shell.MainLayout;
import dev.verdict.ui.shell.Problems;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Canary deploys: every deployment, filtered by component and status and paged from deploy-orchestrator, and (for
 * engineers) the trigger form: component, version, optional Kayenta canary config, thresholds, decision. The service
 * decides who may deploy what (the component's owner group, or admins) and says why not.
 */
@Route(value = "deploys", layout = MainLayout.class)
@PageTitle("Deploys · Verdict")
@RolesAllowed("viewer")
public class DeploysView extends VerticalLayout {

    static final int PAGE = 50;

    private final ServiceClient deploy;
    private final ObjectMapper json;
    private final Grid<JsonNode> grid = new Grid<>();
    private final TextField component = new TextField("Component");
    private final ComboBox<String> status = new ComboBox<>(
            "Status",
            List.of("PENDING", "RUNNING", "PAUSED", "ROLLING_BACK", "PROMOTED", "ROLLED_BACK", "ABORTED", "FAILED"));

    public DeploysView(Services services, CurrentUser user, ObjectMapper json) {
        this.deploy = services.deploy();
        this.json = json;
        setSizeFull();
        add(new H2("Deploys"));
        if (user.has(CurrentUser.ENGINEER)) {
            add(trigger());
        }
        component.setClearButtonVisible(true);
        component.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        status.setClearButtonVisible(true);
        status.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        grid.addColumn(d -> d.path("component").asText()).setHeader("Component").setAutoWidth(true);
        grid.addColumn(d -> d.path("version").asText()).setHeader("Version");
        grid.addColumn(d -> d.path("baselineVersion").asText("")).setHeader("Baseline");
        grid.addColumn(d -> d.path("status").asText()).setHeader("Status");
        grid.addColumn(d -> d.path("weight").asInt() + " %").setHeader("Canary weight");
        grid.addColumn(d -> (d.path("stepIndex").asInt() + 1) + " / "
                        + d.path("steps").asInt())
                .setHeader("Step");
        grid.addColumn(d -> d.path("createdBy").asText()).setHeader("By");
        grid.addColumn(d -> d.path("createdAt").asText()).setHeader("Started");
        grid.setId("deploys-grid");
        grid.setPageSize(PAGE);
        grid.addItemClickListener(e -> open(e.getItem().path("id").asText()));
        // the orchestrator pages by number: the grid's offset maps onto it directly
        grid.setItems(this::page);
        grid.setSizeFull();
        add(new HorizontalLayout(component, status), grid);
    }

    private java.util.stream.Stream<JsonNode> page(Query<JsonNode, Void> q) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("component", component.getValue());
        params.put("status", status.getValue());
        params.put("page", q.getOffset() / PAGE);
        params.put("size", PAGE);
        try {
            List<JsonNode> rows = new ArrayList<>();
            deploy.get("api/deployments", params).path("items").forEach(rows::add);
            int skip = q.getOffset() % PAGE;
            return rows.stream().skip(skip).limit(q.getLimit());
        } catch (ServiceException e) {
            Problems.show(e);
            return java.util.stream.Stream.empty();
        }
    }

    private Details trigger() {
        TextField comp = new TextField("Component");
        comp.setId("deploy-component");
        comp.setPlaceholder("payments-api");
        TextField version = new TextField("Version");
        version.setId("deploy-version");
        NumberField pass = new NumberField("Pass score");
        pass.setValue(95.0);
        NumberField marginal = new NumberField("Marginal score");
        marginal.setValue(75.0);
        TextField decision = new TextField("Decision (optional)");
        decision.setPlaceholder("ADR-0002");
        TextArea config = new TextArea("Canary config (Kayenta JSON; empty: the orchestrator's default)");
        config.setWidthFull();
        TextArea steps = new TextArea("Steps (JSON; empty: the default)");
        steps.setWidthFull();
        // the service's refusal stays on the form, next to what it names, until the next try
        Div problems = new Div();
        problems.setId("deploy-problems");
        problems.getStyle().set("color", "var(--lumo-error-text-color)");
        Button go = new Button("Deploy canary", e -> {
            problems.removeAll();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("component", comp.getValue());
            body.put("version", version.getValue());
            body.put("thresholds", Map.of("pass", pass.getValue(), "marginal", marginal.getValue()));
            if (!decision.getValue().isBlank()) {
                body.put("decision", decision.getValue());
            }
            try {
                if (!config.getValue().isBlank()) {
                    body.put("config", json.readTree(config.getValue()));
                }
                if (!steps.getValue().isBlank()) {
                    body.put("steps", json.readTree(steps.getValue()));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                problems.add(new Paragraph("The config or steps are not JSON: " + ex.getOriginalMessage()));
                return;
            }
            try {
                JsonNode d = deploy.postJson("api/deployments", body);
                open(d.path("summary").path("id").asText());
            } catch (ServiceException ex) {
                problems.add(new Paragraph(ex.describe()));
                ex.violations().forEach(v -> problems.add(new Paragraph(v.describe())));
            }
        });
        go.setId("deploy-submit");
        // no second deploy from a double click while the first request is on its way
        go.setDisableOnClick(true);
        go.addClickListener(e -> go.setEnabled(true));
        go.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        VerticalLayout form = new VerticalLayout(
                new HorizontalLayout(comp, version, pass, marginal, decision), config, steps, go, problems);
        form.setPadding(false);
        Details d = new Details("Trigger a canary", form);
        d.setId("deploy-trigger");
        return d;
    }

    private void open(String id) {
        getUI().ifPresent(ui -> ui.navigate(DeploymentView.class, new RouteParameters("id", id)));
    }
}

package dev.verdict.ui.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.verdict.ui.client.ServiceClient;
import dev.verdict.ui.client.ServiceException;
import dev.verdict.ui.client.Services;
import dev.verdict.ui.shell.Json;
import dev.verdict.ui.shell.MainLayout;
import dev.verdict.ui.shell.Problems;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;

/**
 * Register or update components from pasted {@code catalog-info.yaml} (several documents allowed). The service's
 * validation comes back as it is: every violation at its document, line and column, and nothing is stored until all
 * are fixed.
 */
@Route(value = "catalog/register", layout = MainLayout.class)
@PageTitle("Register · Verdict")
@RolesAllowed("engineer")
public class RegisterView extends VerticalLayout {

    static final String EXAMPLE = """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: my-service
              description: What it does
            spec:
              type: service
              lifecycle: experimental
              owner: group:default/payments-team
            """;

    private final ServiceClient catalog;
    private final TextArea yaml = new TextArea("catalog-info.yaml");
    private final UnorderedList problems = new UnorderedList();
    private final VerticalLayout result = new VerticalLayout();

    public RegisterView(Services services) {
        this.catalog = services.catalog();
        yaml.setId("register-yaml");
        yaml.setWidthFull();
        yaml.setMinHeight("18em");
        yaml.setValue(EXAMPLE);
        yaml.getStyle().set("font-family", "monospace");
        problems.setId("register-problems");
        result.setId("register-result");
        result.setPadding(false);
        Button register = new Button("Register", e -> register());
        register.setId("register-submit");
        register.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        register.setDisableOnClick(true);
        register.addClickListener(e -> register.setEnabled(true));
        add(
                new H2("Register a component"),
                form(),
                new Paragraph("Or paste one or more descriptors (separated by ---). Nothing is stored unless every"
                        + " document is valid."),
                yaml,
                register,
                problems,
                result);
    }

    /** The fields of one entity; "Write YAML" puts them into the editor, where they are registered like pasted text. */
    private Details form() {
        ComboBox<String> kind = new ComboBox<>("Kind", List.of("Component", "API", "Resource", "System"));
        kind.setValue("Component");
        TextField name = new TextField("Name");
        name.setId("form-name");
        TextField title = new TextField("Title");
        TextField description = new TextField("Description");
        description.setWidth("24em");
        ComboBox<String> type = new ComboBox<>("Type", List.of("service", "website", "library", "database", "openapi"));
        type.setAllowCustomValue(true);
        type.addCustomValueSetListener(e -> type.setValue(e.getDetail()));
        type.setValue("service");
        ComboBox<String> lifecycle = new ComboBox<>("Lifecycle", List.of("experimental", "production", "deprecated"));
        lifecycle.setValue("experimental");
        TextField owner = new TextField("Owner");
        owner.setId("form-owner");
        owner.setPlaceholder("group:default/payments-team");
        TextField system = new TextField("System");
        TextField tags = new TextField("Tags (comma-separated)");
        Button write = new Button(
                "Write YAML",
                e -> yaml.setValue(DescriptorForm.yaml(new DescriptorForm.Fields(
                        kind.getValue(),
                        name.getValue(),
                        title.getValue(),
                        description.getValue(),
                        type.getValue(),
                        lifecycle.getValue(),
                        owner.getValue(),
                        system.getValue(),
                        tags.getValue()))));
        write.setId("form-write");
        FormLayout fields = new FormLayout(kind, name, title, description, type, lifecycle, owner, system, tags);
        Details d = new Details("Fill in a form", new VerticalLayout(fields, write));
        d.setId("register-form");
        return d;
    }

    void register() {
        problems.removeAll();
        result.removeAll();
        yaml.setInvalid(false);
        try {
            JsonNode r = catalog.post("api/entities", "application/yaml", yaml.getValue());
            for (JsonNode e : r.path("entities")) {
                String ref = Json.text(e, "/ref");
                result.add(new Paragraph(ref + ": " + Json.text(e, "/change")));
            }
            Problems.ok("Registered");
        } catch (ServiceException e) {
            yaml.setInvalid(true);
            yaml.setErrorMessage(e.describe());
            if (e.violations().isEmpty()) {
                problems.add(new ListItem(e.describe()));
            }
            for (ServiceException.Violation v : e.violations()) {
                problems.add(new ListItem(v.describe()));
            }
        }
    }
}

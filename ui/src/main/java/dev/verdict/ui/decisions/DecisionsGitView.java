package dev.verdict.ui.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.component.upload.receivers.MultiFileMemoryBuffer;
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
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * decision-records' git side: the mirror's remote, branch, local state and last sync with its newest conflicts, a
 * sync on demand (engineers), and the import of an ADR folder (architects): the folder's Markdown files uploaded,
 * previewed as a dry run, then imported all or nothing, every problem shown with its file and line.
 */
@Route(value = "decisions/git", layout = MainLayout.class)
@PageTitle("Decisions in git · Verdict")
@RolesAllowed("viewer")
public class DecisionsGitView extends VerticalLayout {

    private final ServiceClient decisions;
    private final Div status = new Div();
    private final Div importResult = new Div();
    private final Map<String, String> files = new LinkedHashMap<>();

    public DecisionsGitView(Services services, CurrentUser user) {
        this.decisions = services.decisions();
        status.setId("git-status");
        importResult.setId("import-result");
        add(new H2("Decisions in git"), status);
        if (user.has(CurrentUser.ENGINEER)) {
            Button sync = new Button("Sync now", e -> sync());
            sync.setId("git-sync");
            add(sync);
        }
        if (user.has(CurrentUser.ARCHITECT)) {
            add(importer());
        }
        showStatus();
    }

    void showStatus() {
        status.removeAll();
        try {
            JsonNode s = decisions.get("api/git/status", Map.of("conflicts", 50));
            if (!s.path("enabled").asBoolean()) {
                status.add(
                        new Paragraph("No git remote is configured: decisions live in the service's own repository."));
            }
            status.add(new Paragraph("Remote " + Json.text(s, "/remote") + " · branch " + Json.text(s, "/branch")
                    + " · replica " + Json.text(s, "/replica")));
            status.add(new Paragraph("Local: " + Json.text(s, "/local")));
            status.add(new Paragraph("Last sync: " + Json.text(s, "/lastSync")));
            List<JsonNode> conflicts = new ArrayList<>();
            s.path("conflicts").forEach(conflicts::add);
            if (!conflicts.isEmpty()) {
                Grid<JsonNode> g = new Grid<>();
                g.setId("git-conflicts");
                conflicts
                        .get(0)
                        .fieldNames()
                        .forEachRemaining(f -> g.addColumn(c -> Json.text(c, "/" + f))
                                .setHeader(f)
                                .setAutoWidth(true));
                g.setItems(conflicts);
                g.setAllRowsVisible(true);
                status.add(new H3("Conflicts"), g);
            }
        } catch (ServiceException e) {
            status.add(new Paragraph(e.describe()));
        }
    }

    void sync() {
        try {
            JsonNode r = decisions.postJson("api/git/pull", Map.of());
            Problems.ok("Synced: " + r);
        } catch (ServiceException e) {
            Problems.show(e);
        }
        showStatus();
    }

    private VerticalLayout importer() {
        MultiFileMemoryBuffer buffer = new MultiFileMemoryBuffer();
        Upload upload = new Upload(buffer);
        upload.setId("import-upload");
        upload.setAcceptedFileTypes(".md", "text/markdown");
        upload.setMaxFileSize(1024 * 1024);
        upload.addSucceededListener(e -> {
            try (InputStream in = buffer.getInputStream(e.getFileName())) {
                files.put(e.getFileName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ex) {
                Problems.show("Could not read " + e.getFileName() + ": " + ex.getMessage());
            }
        });
        ComboBox<String> format = new ComboBox<>("Format", List.of("auto", "adr-tools", "madr", "log4brains"));
        format.setValue("auto");
        Checkbox renumber = new Checkbox("Renumber when a number exists already");
        Button preview = new Button("Preview", e -> send(format.getValue(), renumber.getValue(), true));
        preview.setId("import-preview");
        Button go = new Button("Import", e -> send(format.getValue(), renumber.getValue(), false));
        go.setId("import-submit");
        go.setDisableOnClick(true);
        go.addClickListener(e -> go.setEnabled(true));
        go.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout actions = new HorizontalLayout(format, renumber, preview, go);
        actions.setAlignItems(Alignment.BASELINE);
        VerticalLayout v = new VerticalLayout(
                new H3("Import an ADR folder"),
                new Paragraph("Drop the folder's Markdown files (adr-tools, MADR 2-4, log4brains): all are imported,"
                        + " or none."),
                upload,
                actions,
                importResult);
        v.setPadding(false);
        return v;
    }

    void send(String format, boolean renumber, boolean dryRun) {
        importResult.removeAll();
        if (files.isEmpty()) {
            importResult.add(new Paragraph("Upload the folder's Markdown files first."));
            return;
        }
        List<Map<String, String>> body = new ArrayList<>();
        files.forEach((path, content) -> body.add(Map.of("path", path, "content", content)));
        try {
            JsonNode r = decisions.postJson(
                    "api/import",
                    Map.of(
                            "format",
                            format,
                            "dryRun",
                            dryRun,
                            "renumber",
                            renumber,
                            "source",
                            "portal upload",
                            "files",
                            body));
            List<String> lines = new ArrayList<>();
            r.path("decisions").forEach(d -> lines.add(Json.text(d, "/id") + " " + Json.text(d, "/title")));
            importResult.add(new Paragraph(
                    (dryRun ? "Would import " : "Imported ") + lines.size() + ": " + String.join("; ", lines)));
            r.path("skipped").forEach(s -> importResult.add(new Paragraph("skipped " + s)));
            if (!dryRun) {
                files.clear();
                showStatus();
            }
        } catch (ServiceException e) {
            importResult.add(new Paragraph(e.describe()));
            e.violations().forEach(v -> importResult.add(new Paragraph(v.describe())));
        }
    }
}

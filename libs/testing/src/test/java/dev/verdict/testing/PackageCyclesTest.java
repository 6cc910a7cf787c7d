package dev.verdict.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageCyclesTest {

    @TempDir
    Path src;

    private void write(String pkg, String cls, String... imports) throws Exception {
        Path dir = src.resolve(pkg.replace('.', '/'));
        Files.createDirectories(dir);
        StringBuilder s = new StringBuilder("package " + pkg + ";\n\n");
        for (String i : imports) {
            s.append("import ").append(i).append(";\n");
        }
        s.append("\npublic class ").append(cls).append(" {}\n");
        Files.writeString(dir.resolve(cls + ".java"), s);
    }

    @Test
    void aServiceThatCallsBackIntoItsCallerIsACycleNamingTheFilesOfEachArrow() throws Exception {
        write("app.decision.service", "DecisionService", "app.gitmirror.store.GitMirror", "java.util.List");
        write("app.gitmirror.store", "GitMirror");
        write("app.gitmirror.service", "GitSync", "app.decision.service.DecisionService");
        write("app.gitmirror.store", "GitState", "static app.decision.service.DecisionService.helper");
        PackageCycles g = PackageCycles.of(src, "app");

        assertEquals(
                Set.of("app.decision.service", "app.gitmirror.store", "app.gitmirror.service"),
                Set.copyOf(g.packages()));
        assertEquals(
                List.of(List.of(
                        "app.decision.service -> app.gitmirror.store: [DecisionService.java]",
                        "app.gitmirror.store -> app.decision.service: [GitState.java]")),
                g.cycles());
    }

    @Test
    void arrowsThatRunOneWayAndImportsOutsideTheBaseAreNoCycle() throws Exception {
        write("app.decision.service", "DecisionService", "app.decision.store.DecisionStore", "other.app.X");
        write("app.decision.store", "DecisionStore", "app.shared.DecisionNumber");
        write("app.shared", "DecisionNumber");
        write("other.app", "X", "app.decision.service.DecisionService");
        PackageCycles g = PackageCycles.of(src, "app");

        assertEquals(Set.of("app.decision.service", "app.decision.store", "app.shared"), Set.copyOf(g.packages()));
        assertEquals(List.of(), g.cycles());
    }
}

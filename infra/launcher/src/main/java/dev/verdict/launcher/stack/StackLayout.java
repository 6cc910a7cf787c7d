package dev.verdict.launcher.stack;

import java.nio.file.Path;

/**
 * Where the local stack keeps its state, all under {@code .verdict/} of the repository: logs, pid files, the
 * PostgreSQL cluster, Kafka's log dirs and the Keycloak instance (its H2 database).
 */
public record StackLayout(Path root) {

    public StackLayout {
        root = root.toAbsolutePath().normalize();
    }

    public Path stateDir() {
        return root.resolve(".verdict");
    }

    public Path logsDir() {
        return stateDir().resolve("logs");
    }

    public Path pidsDir() {
        return stateDir().resolve("pids");
    }

    public Path log(String name) {
        return logsDir().resolve(name + ".log");
    }

    public Path pidFile(String name) {
        return pidsDir().resolve(name + ".pid");
    }

    public Path postgresData() {
        return stateDir().resolve("postgres");
    }

    public Path kafkaDir() {
        return stateDir().resolve("kafka");
    }

    public Path keycloakInstance() {
        return stateDir().resolve("keycloak");
    }

    public Path realmFile() {
        return root.resolve("infra/keycloak/verdict-realm.json");
    }

    public Path rootPom() {
        return root.resolve("pom.xml");
    }

    public Path lockFile() {
        return stateDir().resolve("launcher.lock");
    }
}

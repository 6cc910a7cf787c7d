package dev.verdict.launcher.postgres;

import dev.verdict.runtime.postgres.PostgresBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The local stack's PostgreSQL: a small long-running JVM around zonky's embedded PostgreSQL with a kept data
 * directory, which creates the services' databases if missing. SIGTERM runs zonky's shutdown hook (pg_ctl stop).
 *
 * <p>Usage: {@code PostgresRunner PORT DATA_DIR DB[,DB...]}
 */
public final class PostgresRunner {

    public static final String READY_LINE = "verdict: postgres ready";

    private PostgresRunner() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: PostgresRunner PORT DATA_DIR DB[,DB...]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path dataDir = Path.of(args[1]).toAbsolutePath();
        List<String> databases = List.of(args[2].split(","));

        // unpacked by us first: zonky's own unpack needs ~100 MB of heap and is poisoned by an interrupted run
        PostgresBinaries binaries = PostgresBinaries.defaults();
        binaries.prepare();
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(binaries.workingDirectory().toFile())
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false) // the stack's data survives restarts
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            for (String db : databases) {
                createIfMissing(c, db);
            }
        }
        System.out.println(READY_LINE + " on port " + port + ", databases " + databases);
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGTERM; zonky's hook stops the server
    }

    static void createIfMissing(Connection c, String db) throws SQLException {
        if (!db.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + db);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db); // name checked above; DDL takes no bind parameters
        }
    }
}

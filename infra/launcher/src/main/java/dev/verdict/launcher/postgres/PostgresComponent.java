package dev.verdict.launcher.postgres;

import dev.verdict.launcher.stack.Component;
import dev.verdict.launcher.stack.ServiceModule;
import dev.verdict.launcher.stack.StackContext;
import dev.verdict.launcher.stack.StackPorts;
import dev.verdict.runtime.postgres.PostgresBinaries;
import dev.verdict.runtime.postgres.Postmaster;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** PostgreSQL of the local stack: {@link PostgresRunner} in its own JVM, data in .verdict/postgres. */
public final class PostgresComponent extends Component {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres"; // zonky's cluster trusts local connections; demo only

    public PostgresComponent() {
        super("postgres");
    }

    @Override
    public int port() {
        return StackPorts.POSTGRES;
    }

    @Override
    public String address() {
        return "jdbc:postgresql://localhost:" + port() + "/<db> (user " + USER + "; dbs "
                + String.join(", ", ServiceModule.databases()) + ")";
    }

    /** Accepts connections and every service database exists (the runner creates them after start). */
    @Override
    public boolean healthy(StackContext ctx) {
        DriverManager.setLoginTimeout(3);
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        p.setProperty("connectTimeout", "3");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port() + "/postgres", p);
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", ServiceModule.databases().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == ServiceModule.databases().size();
            }
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public long launch(StackContext ctx) throws IOException {
        Files.createDirectories(ctx.layout().postgresData());
        List<String> cmd = new ArrayList<>(
                List.of(ctx.java(), "-Xms16m", "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(ctx.marker(name()));
        // the launcher's choice of binaries folder (zonky's property, else the temp dir) holds for the runner too
        cmd.add("-D" + PostgresBinaries.WORKING_DIR_PROPERTY + "=" + PostgresBinaries.defaultWorkingDirectory());
        cmd.addAll(List.of(
                "-cp",
                ctx.launcherClasspath(),
                PostgresRunner.class.getName(),
                Integer.toString(port()),
                ctx.layout().postgresData().toString(),
                String.join(",", ServiceModule.databases())));
        return ctx.startDetached(name(), cmd, Map.of(), ctx.layout().stateDir());
    }

    @Override
    public Duration readyTimeout() {
        return Duration.ofSeconds(90); // first run extracts the binaries and runs initdb
    }

    @Override
    public void recover(StackContext ctx) {
        if (Postmaster.stopOrphan(ctx.layout().postgresData(), Duration.ofSeconds(30))) {
            System.out.println("postgres: stopped an orphaned postmaster left by a killed runner");
        }
    }
}

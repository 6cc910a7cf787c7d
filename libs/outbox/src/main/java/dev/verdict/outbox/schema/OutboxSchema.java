package dev.verdict.outbox.schema;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ClassProvider;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The outbox and inbox tables ({@code verdict_outbox}, {@code verdict_inbox}, {@code verdict_inbox_dead}), migrated by
 * a Flyway instance of their own: own history table {@value #HISTORY_TABLE}, scripts under {@value #LOCATION}. The
 * service's Flyway keeps its own history and version numbers, so neither can collide with the other.
 *
 * <p>The scripts are listed here rather than scanned: Flyway's class-path scanner does not see inside Quarkus'
 * class loaders, and an explicit list behaves the same in tests, jars and native images.
 */
public final class OutboxSchema {

    public static final String HISTORY_TABLE = "verdict_outbox_schema_history";
    public static final String LOCATION = "db/verdict-outbox";
    /** Every migration script under {@link #LOCATION}, in version order. Add new ones here (a test checks it). */
    public static final List<String> SCRIPTS = List.of("V1__outbox_and_inbox.sql");

    private OutboxSchema() {}

    /**
     * Applies pending migrations. Safe to call from several replicas at once (Flyway takes a database lock) and on
     * a schema that already holds the service's tables (baseline at version 0, so V1 still runs).
     */
    public static MigrateResult migrate(DataSource dataSource) {
        ClassLoader loader = OutboxSchema.class.getClassLoader();
        Flyway flyway = Flyway.configure(loader)
                .dataSource(dataSource)
                .table(HISTORY_TABLE)
                .locations("classpath:" + LOCATION)
                .resourceProvider(new ListedScripts(loader))
                .javaMigrationClassProvider(new NoJavaMigrations())
                // The service's tables may already be there: record a baseline below V1 instead of refusing.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("verdict-outbox baseline")
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .load();
        return flyway.migrate();
    }

    private static final class ListedScripts implements ResourceProvider {
        private final ClassLoader loader;

        ListedScripts(ClassLoader loader) {
            this.loader = loader;
        }

        @Override
        public LoadableResource getResource(String name) {
            String file = name.contains("/") ? name.substring(name.lastIndexOf('/') + 1) : name;
            return SCRIPTS.contains(file) ? new Script(loader, file) : null;
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            return SCRIPTS.stream()
                    .filter(f -> f.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(f::endsWith))
                    .map(f -> (LoadableResource) new Script(loader, f))
                    .toList();
        }
    }

    private static final class Script extends LoadableResource {
        private final ClassLoader loader;
        private final String fileName;

        Script(ClassLoader loader, String fileName) {
            this.loader = loader;
            this.fileName = fileName;
        }

        @Override
        public Reader read() {
            InputStream in = loader.getResourceAsStream(getAbsolutePath());
            return new InputStreamReader(
                    Objects.requireNonNull(in, "missing migration " + getAbsolutePath()), StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return LOCATION + "/" + fileName;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return getAbsolutePath();
        }

        @Override
        public String getFilename() {
            return fileName;
        }

        @Override
        public String getRelativePath() {
            return fileName;
        }
    }

    private static final class NoJavaMigrations implements ClassProvider<JavaMigration> {
        @Override
        public Collection<Class<? extends JavaMigration>> getClasses() {
            return List.of();
        }
    }
}

package dev.verdict.outbox.schema;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/** Runs {@link OutboxSchema#migrate} once per process on the default datasource. */
@ApplicationScoped
public class OutboxSchemaMigrator {

    private static final Logger LOG = Logger.getLogger(OutboxSchemaMigrator.class);

    private final AgroalDataSource dataSource;
    private volatile boolean migrated;

    public OutboxSchemaMigrator(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public synchronized void ensureMigrated() {
        if (migrated) {
            return;
        }
        MigrateResult result = OutboxSchema.migrate(dataSource);
        LOG.infof(
                "verdict-outbox schema at version %s (%d migration(s) applied, history table %s)",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted,
                OutboxSchema.HISTORY_TABLE);
        migrated = true;
    }
}

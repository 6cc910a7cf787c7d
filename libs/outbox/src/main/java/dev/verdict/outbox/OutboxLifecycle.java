package dev.verdict.outbox;

import dev.verdict.outbox.relay.OutboxRelay;
import dev.verdict.outbox.schema.OutboxSchemaMigrator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Startup order: the service's own Flyway (Quarkus runs it before any StartupEvent), then our schema, then the relay.
 * The early observer priority makes the tables exist before the service's own startup code publishes or consumes.
 */
@ApplicationScoped
public class OutboxLifecycle {

    private final OutboxConfig config;
    private final OutboxSchemaMigrator schema;
    private final OutboxRelay relay;

    public OutboxLifecycle(OutboxConfig config, OutboxSchemaMigrator schema, OutboxRelay relay) {
        this.config = config;
        this.schema = schema;
        this.relay = relay;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 100) StartupEvent event) {
        if (config.migrateAtStart()) {
            schema.ensureMigrated();
        }
        if (config.enabled()) {
            relay.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        relay.stop();
    }
}

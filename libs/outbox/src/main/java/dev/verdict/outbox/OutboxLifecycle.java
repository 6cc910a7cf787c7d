package dev.verdict.outbox;

import dev.verdict.outbox.relay.OutboxRelay;
import dev.verdict.outbox.schema.OutboxSchemaMigrator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

/**
 * Startup order: the service's own Flyway (Quarkus runs it before any StartupEvent), then our schema, then the relay.
 * The early observer priority makes the tables exist before the service's own startup code publishes or consumes.
 */
@ApplicationScoped
public class OutboxLifecycle {

    @Inject
    OutboxConfig config;

    @Inject
    OutboxSchemaMigrator schema;

    @Inject
    OutboxRelay relay;

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

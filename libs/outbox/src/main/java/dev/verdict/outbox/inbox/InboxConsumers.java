package dev.verdict.outbox.inbox;

import dev.verdict.events.EventCodec;
import dev.verdict.outbox.OutboxConfig;
import dev.verdict.outbox.OutboxMetrics;
import dev.verdict.outbox.schema.OutboxSchemaMigrator;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts {@link InboxConsumer}s and stops them at shutdown.
 *
 * <pre>{@code
 * inboxConsumers.consumer("decision-records.catalog")
 *         .topics(Topics.CATALOG)
 *         .handler((event, delivery) -> event.dataAs(CatalogEvents.ENTITY_UPSERTED).ifPresent(this::apply))
 *         .start();
 * }</pre>
 */
@ApplicationScoped
public class InboxConsumers {

    private final Inbox inbox;
    private final EventCodec codec;
    private final OutboxConfig config;
    private final OutboxMetrics metrics;
    private final OutboxSchemaMigrator schema;
    private final Optional<String> bootstrapServers;
    private final List<InboxConsumer> running = new CopyOnWriteArrayList<>();

    public InboxConsumers(
            Inbox inbox,
            EventCodec codec,
            OutboxConfig config,
            OutboxMetrics metrics,
            OutboxSchemaMigrator schema,
            @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> bootstrapServers) {
        this.inbox = inbox;
        this.codec = codec;
        this.config = config;
        this.metrics = metrics;
        this.schema = schema;
        this.bootstrapServers = bootstrapServers;
    }

    /** A builder for a consumer named {@code name}: its Kafka group id and its inbox name. */
    public InboxConsumer.Builder consumer(String name) {
        InboxConsumer.Builder b = new InboxConsumer.Builder(name, this);
        b.maxAttempts(config.inbox().maxAttempts());
        b.backoff(config.inbox().backoff());
        b.properties(config.inbox().consumer());
        return b;
    }

    InboxConsumer started(InboxConsumer.Builder b) {
        if (config.migrateAtStart()) {
            schema.ensureMigrated();
        }
        b.bootstrapServers = bootstrapServers.orElseThrow(
                () -> new IllegalStateException("kafka.bootstrap.servers is not set; inbox consumers need it"));
        b.inbox = inbox;
        b.codec = codec;
        b.metrics = metrics;
        InboxConsumer consumer = new InboxConsumer(b);
        running.add(consumer);
        consumer.start();
        return consumer;
    }

    void forget(InboxConsumer consumer) {
        running.remove(consumer);
    }

    /** The consumers started here and not yet closed. */
    public List<InboxConsumer> running() {
        return List.copyOf(running);
    }

    void onStop(@Observes ShutdownEvent event) {
        List.copyOf(running).forEach(InboxConsumer::close);
    }
}

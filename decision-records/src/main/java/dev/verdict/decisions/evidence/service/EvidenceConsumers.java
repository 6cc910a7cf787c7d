package dev.verdict.decisions.evidence.service;

import dev.verdict.decisions.config.DecisionsConfig;
import dev.verdict.events.EventType;
import dev.verdict.events.Topics;
import dev.verdict.events.evidence.EvidenceEvents;
import dev.verdict.events.evidence.EvidenceReported;
import dev.verdict.outbox.inbox.InboxConsumer;
import dev.verdict.outbox.inbox.InboxConsumers;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Consumes evidence events from the benchmarks, deploy, experiments and telemetry topics through the inbox: each
 * event's effect (evidence row, links, re-evaluation, status-change event) commits with its inbox record, so a
 * redelivered event is stored once. Other event types on those topics are not evidence and are ignored.
 */
@ApplicationScoped
public class EvidenceConsumers {

    public static final String CONSUMER = "decision-records.evidence";

    @Inject
    InboxConsumers consumers;

    @Inject
    EvidenceService evidence;

    @Inject
    DecisionsConfig config;

    private InboxConsumer consumer;

    void start(@Observes StartupEvent ev) {
        if (!config.consumers().enabled()) {
            return;
        }
        consumer = consumers.consumer(CONSUMER)
                .topics(Topics.BENCHMARKS, Topics.DEPLOY, Topics.EXPERIMENTS, Topics.TELEMETRY)
                .handler((event, delivery) -> {
                    for (EventType<EvidenceReported> t : EvidenceEvents.ALL) {
                        event.dataAs(t).ifPresent(data -> evidence.recordEvent(event.id(), event.service(), data));
                    }
                })
                .start();
        Log.infof("consuming evidence from %s, %s, %s, %s", Topics.BENCHMARKS, Topics.DEPLOY, Topics.EXPERIMENTS,
                Topics.TELEMETRY);
    }

    public InboxConsumer consumer() {
        return consumer;
    }
}

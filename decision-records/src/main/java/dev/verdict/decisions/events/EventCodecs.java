package dev.verdict.decisions.events;

import dev.verdict.events.EventCodec;
import dev.verdict.events.EventType;
import dev.verdict.events.EventTypeRegistry;
import dev.verdict.events.EventTypes;
import java.util.List;
import dev.verdict.events.decisions.DecisionEvents;
import dev.verdict.events.evidence.EvidenceEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The codec of the outbox and inbox: the platform's types plus the evidence and decision events this service uses. */
@ApplicationScoped
public class EventCodecs {

    @Produces
    @Singleton
    EventCodec eventCodec() {
        EventTypeRegistry registry = EventTypes.registry();
        // add only what the platform registry does not list yet (it may start listing them)
        for (EventType<?> t : List.of(EvidenceEvents.BENCHMARK_EVIDENCE, EvidenceEvents.DEPLOY_EVIDENCE,
                EvidenceEvents.EXPERIMENT_EVIDENCE, EvidenceEvents.TELEMETRY_EVIDENCE,
                DecisionEvents.EVIDENCE_STATUS_CHANGED)) {
            if (!registry.contains(t.name())) {
                registry = registry.with(t);
            }
        }
        return new EventCodec(registry);
    }
}

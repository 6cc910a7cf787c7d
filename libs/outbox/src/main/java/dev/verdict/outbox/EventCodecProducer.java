package dev.verdict.outbox;

import dev.verdict.events.EventCodec;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The codec the outbox and inbox use: the platform registry, unless the application produces its own. */
@ApplicationScoped
public class EventCodecProducer {

    @Produces
    @DefaultBean
    @Singleton
    EventCodec eventCodec() {
        return EventCodec.platform();
    }
}

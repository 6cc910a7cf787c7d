package dev.verdict.outbox.app;

import dev.verdict.events.EventCodec;
import dev.verdict.events.EventTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The application's codec: the platform registry plus the test event (replaces the library's default bean). */
@ApplicationScoped
public class TestCodecProducer {

    @Produces
    @Singleton
    EventCodec codec() {
        return new EventCodec(EventTypes.registry().with(OrderPlaced.TYPE));
    }
}

package dev.verdict.outbox.app;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** A registry that keeps values (services use Prometheus'); Quarkus adds it to its composite registry. */
@ApplicationScoped
public class TestMetricsProducer {

    @Produces
    @Singleton
    SimpleMeterRegistry simpleMeterRegistry() {
        return new SimpleMeterRegistry();
    }
}

package dev.verdict.deploy.experiment.aggregate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One task's decoded view of the global definitions store. Reading the store costs a lookup, a prefix scan and a
 * decode per input, for definitions that change a few times a day; so a task keeps what it read until
 * {@link DefinitionStoreUpdater} (on the global thread) says the store changed, by bumping the shared version after
 * each write. Never staler than the store by more than the input being processed when a write lands.
 */
final class DefinitionCache {

    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

    /** Telemetry can name any metric; past this many entries the cache starts over instead of growing. */
    private static final int LIMIT = 10_000;

    private final AtomicLong version;
    private final Map<String, Optional<Definition>> byExperiment = new HashMap<>();
    private final Map<String, List<Definition>> runningByMetric = new HashMap<>();
    private long seen = -1;

    /** @param version bumped by the store's updater after every change to the store */
    DefinitionCache(AtomicLong version) {
        this.version = version;
    }

    Definition get(KeyValueStore<String, Definition> store, String experiment) {
        check();
        return byExperiment
                .computeIfAbsent(experiment, e -> Optional.ofNullable(store.get(Definition.storeKey(e))))
                .orElse(null);
    }

    /** The running experiments whose current phase lists {@code metric}. */
    List<Definition> runningMeasuring(KeyValueStore<String, Definition> store, String metric) {
        check();
        return runningByMetric.computeIfAbsent(metric, m -> {
            List<Definition> out = new ArrayList<>();
            try (KeyValueIterator<String, Definition> it =
                    store.prefixScan(Definition.metricPrefix(m), PREFIX_SERIALIZER)) {
                it.forEachRemaining(kv -> {
                    if (kv.value.running()) {
                        out.add(kv.value);
                    }
                });
            }
            return List.copyOf(out);
        });
    }

    private void check() {
        long now = version.get(); // read before the store: a write after this bumps it again
        if (now != seen || byExperiment.size() + runningByMetric.size() > LIMIT) {
            byExperiment.clear();
            runningByMetric.clear();
            seen = now;
        }
    }
}

package dev.verdict.deploy.experiment.aggregate;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global store {@link AggregationTopics#DEFINITIONS_STORE} from {@link AggregationTopics#DEFINITIONS}: the
 * latest definition per experiment and the metric → experiment index entries that go with it. Kafka Streams runs it
 * on restore too ({@code StreamsBuilder#addGlobalStore} reprocesses on restore), so the index is rebuilt from the
 * topic after a wipe.
 */
final class DefinitionStoreUpdater implements Processor<String, Definition, Void, Void> {

    private final AtomicLong version;
    private KeyValueStore<String, Definition> store;

    /** @param version bumped after every change, so the tasks' {@link DefinitionCache}s read the store again */
    DefinitionStoreUpdater(AtomicLong version) {
        this.version = version;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(AggregationTopics.DEFINITIONS_STORE);
    }

    @Override
    public void process(Record<String, Definition> record) {
        String experiment = record.key();
        if (experiment == null) {
            return; // the topology never writes one; a hand-written record without a key has nothing to update
        }
        Definition now = record.value();
        Definition before = store.get(Definition.storeKey(experiment));
        if (before != null) {
            for (String metric : before.metrics()) {
                if (now == null || !now.metrics().contains(metric)) {
                    store.delete(Definition.metricKey(metric, experiment));
                }
            }
        }
        if (now == null) {
            store.delete(Definition.storeKey(experiment));
        } else {
            store.put(Definition.storeKey(experiment), now);
            for (String metric : now.metrics()) {
                store.put(Definition.metricKey(metric, experiment), now);
            }
        }
        version.incrementAndGet();
    }
}

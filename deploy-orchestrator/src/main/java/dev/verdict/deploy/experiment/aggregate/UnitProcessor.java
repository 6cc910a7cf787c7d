package dev.verdict.deploy.experiment.aggregate;

import dev.verdict.deploy.experiment.aggregate.UnitState.Exposure;
import dev.verdict.deploy.experiment.aggregate.UnitState.MetricKey;
import dev.verdict.deploy.experiment.aggregate.UnitState.PhaseKey;
import dev.verdict.deploy.experiment.aggregate.UnitState.Totals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The per-unit stage: for one unit's exposure or observation, updates the unit's {@link UnitState} and adds, per arm
 * it changes, the exact change to that arm's sums ({@link ArmDelta}) to the task's pending sums, which go downstream
 * every flush interval; or parks the input. Reads the definitions from the global store. The state updates and the
 * emitted sums commit in one transaction under exactly-once, which is what makes summing them downstream exact.
 */
final class UnitProcessor implements Processor<String, UnitEvent, String, Emitted> {

    private final int dedupeWindow;
    private final Duration flushInterval;
    private final DefinitionCache cache;
    private ProcessorContext<String, Emitted> context;
    private KeyValueStore<String, UnitState> units;
    private KeyValueStore<String, ArmDelta> pending;
    private KeyValueStore<String, Definition> definitions;

    UnitProcessor(int dedupeWindow, Duration flushInterval, AtomicLong definitionsVersion) {
        this.dedupeWindow = dedupeWindow;
        this.flushInterval = flushInterval;
        this.cache = new DefinitionCache(definitionsVersion);
    }

    /** The supplier, which also declares the unit and pending stores so the DSL connects them. */
    static ProcessorSupplier<String, UnitEvent, String, Emitted> supplier(
            int dedupeWindow,
            Duration flushInterval,
            AtomicLong definitionsVersion,
            KeyValueBytesStoreSupplier unitStore) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, UnitEvent, String, Emitted> get() {
                return new UnitProcessor(dedupeWindow, flushInterval, definitionsVersion);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(
                        Stores.keyValueStoreBuilder(unitStore, Serdes.String(), UnitState.SERDE),
                        // a few entries per task (one per arm changed since the last flush); cached, so its
                        // changelog gets each arm once per commit, not once per input
                        Stores.keyValueStoreBuilder(
                                        Stores.inMemoryKeyValueStore(AggregationTopics.PENDING_STORE),
                                        Serdes.String(),
                                        ArmDelta.SERDE)
                                .withCachingEnabled());
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Emitted> context) {
        this.context = context;
        this.units = context.getStateStore(AggregationTopics.UNIT_STATE_STORE);
        this.pending = context.getStateStore(AggregationTopics.PENDING_STORE);
        this.definitions = context.getStateStore(AggregationTopics.DEFINITIONS_STORE);
        context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, this::flush);
    }

    @Override
    public void process(Record<String, UnitEvent> record) {
        UnitEvent in = record.value();
        if (in.parked() != null) {
            // an older release's raw record on the by-unit topic that no longer decodes
            context.forward(record.withKey(in.rawKey()).withValue(in.parked()));
        } else if (in.isExposure()) {
            onExposure(record, in);
        } else {
            onObservation(record, in);
        }
    }

    private void onExposure(Record<String, UnitEvent> record, UnitEvent x) {
        Definition d = cache.get(definitions, x.experiment());
        ParkReason kind = null;
        String reason = null;
        if (d == null) {
            kind = ParkReason.NO_EXPERIMENT;
            reason = "no experiment " + x.experiment();
        } else if (!d.running()) {
            kind = ParkReason.NOT_RUNNING;
            reason = "experiment " + x.experiment() + " is " + d.status();
        } else if (x.phase() != d.phase()) {
            kind = ParkReason.WRONG_PHASE;
            reason = "phase " + x.phase() + " is not the current phase " + d.phase();
        } else if (x.variation() < 0 || x.variation() >= d.variations()) {
            kind = ParkReason.BAD_VARIATION;
            reason = "variation " + x.variation() + " of " + d.variations();
        }
        if (kind != null) {
            park(record, x, kind, reason);
            return;
        }
        UnitState state = load(record.key());
        PhaseKey phase = new PhaseKey(d.experiment(), d.phase());
        if (state.exposures.containsKey(phase)) {
            return; // SDKs report every evaluation: the first exposure is the unit's, the rest are the same fact
        }
        Instant exposedAt = x.at();
        state.exposures.put(phase, new Exposure(x.variation(), exposedAt));
        for (String metric : d.metrics()) {
            MetricKey key = new MetricKey(d.experiment(), d.phase(), metric);
            // the held observations split by their own time: before the exposure they are x, from it on y (an
            // order can overtake its exposure event: they come from different producers and topics); the entry
            // now also marks the metric as counted for this unit
            double before = state.totals.getOrDefault(key, Totals.ZERO).x();
            double after = 0;
            for (UnitState.Held h : state.release(key)) {
                if (h.at().isBefore(exposedAt)) {
                    before += h.value();
                } else {
                    after += h.value();
                }
            }
            state.totals.put(key, new Totals(before, after));
            add(ArmDelta.exposure(d.experiment(), d.phase(), x.variation(), metric, before, x.time()));
            if (after != 0) {
                add(ArmDelta.outcome(d.experiment(), d.phase(), x.variation(), metric, before, 0, after, x.time()));
            }
        }
        units.put(record.key(), state);
    }

    private void onObservation(Record<String, UnitEvent> record, UnitEvent m) {
        List<Definition> measuring = cache.runningMeasuring(definitions, m.metric());
        if (measuring.isEmpty()) {
            return; // no running experiment lists this metric: not an input of any arm, and not an error
        }
        UnitState state = load(record.key());
        if (state.seen(m.id())) {
            // at-least-once producers (the outbox relay, SDK retries) redeliver; EOS only covers our own re-reads
            return;
        }
        Instant at = m.at();
        for (Definition d : measuring) {
            MetricKey key = new MetricKey(d.experiment(), d.phase(), m.metric());
            Totals t = state.totals.get(key);
            Exposure exposure = state.exposures.get(new PhaseKey(d.experiment(), d.phase()));
            if (exposure == null) {
                // not exposed yet: held with its time until (if ever) the exposure arrives
                state.hold(key, at, m.value());
            } else if (t == null) {
                continue; // metric added to the phase after this unit's exposure: the arm's n never counted it
            } else if (at.isBefore(exposure.at())) {
                // a late observation from before the exposure: it is pre-period, not an outcome
                state.totals.put(key, new Totals(t.x() + m.value(), t.y()));
                add(ArmDelta.covariate(
                        d.experiment(),
                        d.phase(),
                        exposure.variation(),
                        m.metric(),
                        t.x(),
                        t.y(),
                        m.value(),
                        m.time()));
            } else {
                state.totals.put(key, new Totals(t.x(), t.y() + m.value()));
                add(ArmDelta.outcome(
                        d.experiment(),
                        d.phase(),
                        exposure.variation(),
                        m.metric(),
                        t.x(),
                        t.y(),
                        m.value(),
                        m.time()));
            }
        }
        state.remember(m.id(), dedupeWindow);
        units.put(record.key(), state);
    }

    private UnitState load(String unit) {
        UnitState s = units.get(unit);
        return s != null ? s : new UnitState();
    }

    /**
     * Adds an arm's change to the task's pending sums. They go downstream together every {@link #flushInterval}
     * ({@link #flush}): one record per arm instead of one per input through the by-arm topic. The pending store is
     * a changelogged store like the unit store, so a commit takes the unit states, the pending sums and the input
     * offsets together: whatever a crash interrupts is either all redone or all kept.
     */
    private void add(ArmDelta delta) {
        String key = delta.key();
        ArmDelta before = pending.get(key);
        pending.put(key, before == null ? delta : before.plus(delta));
    }

    private void flush(long now) {
        List<KeyValue<String, ArmDelta>> due = new ArrayList<>();
        try (KeyValueIterator<String, ArmDelta> it = pending.all()) {
            it.forEachRemaining(due::add);
        }
        for (KeyValue<String, ArmDelta> kv : due) {
            context.forward(new Record<String, Emitted>(kv.key, kv.value, now));
            pending.delete(kv.key);
        }
    }

    private void park(Record<String, UnitEvent> record, UnitEvent in, ParkReason kind, String reason) {
        context.forward(record.withKey(in.rawKey())
                .withValue(new Parked(
                        in.id().toString(), in.topic(), in.rawKey(), in.type(), kind, reason, in.payload())));
    }
}

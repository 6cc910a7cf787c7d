package dev.verdict.deploy.experiment.aggregate;

import dev.verdict.deploy.experiment.aggregate.UnitState.Exposure;
import dev.verdict.deploy.experiment.aggregate.UnitState.MetricKey;
import dev.verdict.deploy.experiment.aggregate.UnitState.PhaseKey;
import dev.verdict.deploy.experiment.aggregate.UnitState.Totals;
import dev.verdict.events.EventCodec;
import dev.verdict.events.EventFormatException;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.experiment.ExposureRecorded;
import dev.verdict.events.telemetry.MetricObserved;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * The per-unit stage: for one unit's exposure or observation, updates the unit's {@link UnitState} and emits, per arm
 * it changes, the exact change to that arm's sums ({@link ArmDelta}), or parks the input. Reads the definitions from
 * the global store. The state update and the emitted deltas commit in one transaction under exactly-once, which is
 * what makes summing deltas downstream exact.
 */
final class UnitProcessor implements Processor<String, UnitEvent, String, Emitted> {

    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

    private final EventCodec codec;
    private final int dedupeWindow;
    private ProcessorContext<String, Emitted> context;
    private KeyValueStore<String, UnitState> units;
    private KeyValueStore<String, Definition> definitions;

    UnitProcessor(EventCodec codec, int dedupeWindow) {
        this.codec = codec;
        this.dedupeWindow = dedupeWindow;
    }

    /** The supplier, which also declares the unit store so the DSL connects it. */
    static ProcessorSupplier<String, UnitEvent, String, Emitted> supplier(
            EventCodec codec, int dedupeWindow, KeyValueBytesStoreSupplier store) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, UnitEvent, String, Emitted> get() {
                return new UnitProcessor(codec, dedupeWindow);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(store, Serdes.String(), UnitState.SERDE));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Emitted> context) {
        this.context = context;
        this.units = context.getStateStore(AggregationTopics.UNIT_STATE_STORE);
        this.definitions = context.getStateStore(AggregationTopics.DEFINITIONS_STORE);
    }

    @Override
    public void process(Record<String, UnitEvent> record) {
        UnitEvent in = record.value();
        VerdictEvent<?> event;
        try {
            event = codec.decode(in.payload());
        } catch (EventFormatException e) {
            // the classifier decoded these same bytes; only a codec change between the two stages gets here
            park(record, in, e.eventId(), e.eventType(), ParkReason.UNDECODABLE, e.getMessage());
            return;
        }
        if (event.data() instanceof ExposureRecorded x) {
            onExposure(record, in, event, x);
        } else if (event.data() instanceof MetricObserved m) {
            onObservation(record, event, m);
        } else {
            park(record, in, event.id().toString(), event.type(), ParkReason.INVALID, "not an exposure or observation");
        }
    }

    private void onExposure(Record<String, UnitEvent> record, UnitEvent in, VerdictEvent<?> event, ExposureRecorded x) {
        Definition d = definitions.get(Definition.storeKey(x.experiment()));
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
            park(record, in, event.id().toString(), event.type(), kind, reason);
            return;
        }
        UnitState state = load(record.key());
        PhaseKey phase = new PhaseKey(d.experiment(), d.phase());
        if (state.exposures.containsKey(phase)) {
            return; // SDKs report every evaluation: the first exposure is the unit's, the rest are the same fact
        }
        state.exposures.put(phase, new Exposure(x.variation(), Instant.parse(x.at())));
        Instant exposedAt = Instant.parse(x.at());
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
            emit(record, ArmDelta.exposure(d.experiment(), d.phase(), x.variation(), metric, before, event.time()));
            if (after != 0) {
                emit(
                        record,
                        ArmDelta.outcome(
                                d.experiment(), d.phase(), x.variation(), metric, before, 0, after, event.time()));
            }
        }
        units.put(record.key(), state);
    }

    private void onObservation(Record<String, UnitEvent> record, VerdictEvent<?> event, MetricObserved m) {
        List<Definition> measuring = runningExperimentsMeasuring(m.metric());
        if (measuring.isEmpty()) {
            return; // no running experiment lists this metric: not an input of any arm, and not an error
        }
        UnitState state = load(record.key());
        if (state.seen(event.id())) {
            // at-least-once producers (the outbox relay, SDK retries) redeliver; EOS only covers our own re-reads
            return;
        }
        Instant at = Instant.parse(m.at());
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
                emit(
                        record,
                        ArmDelta.covariate(
                                d.experiment(),
                                d.phase(),
                                exposure.variation(),
                                m.metric(),
                                t.x(),
                                t.y(),
                                m.value(),
                                event.time()));
            } else {
                state.totals.put(key, new Totals(t.x(), t.y() + m.value()));
                emit(
                        record,
                        ArmDelta.outcome(
                                d.experiment(),
                                d.phase(),
                                exposure.variation(),
                                m.metric(),
                                t.x(),
                                t.y(),
                                m.value(),
                                event.time()));
            }
        }
        state.remember(event.id(), dedupeWindow);
        units.put(record.key(), state);
    }

    private List<Definition> runningExperimentsMeasuring(String metric) {
        List<Definition> out = new ArrayList<>();
        try (KeyValueIterator<String, Definition> it =
                definitions.prefixScan(Definition.metricPrefix(metric), PREFIX_SERIALIZER)) {
            it.forEachRemaining(kv -> {
                if (kv.value.running()) {
                    out.add(kv.value);
                }
            });
        }
        return out;
    }

    private UnitState load(String unit) {
        UnitState s = units.get(unit);
        return s != null ? s : new UnitState();
    }

    private void emit(Record<String, UnitEvent> record, ArmDelta delta) {
        context.forward(record.withKey(delta.key()).withValue(delta));
    }

    private void park(
            Record<String, UnitEvent> record,
            UnitEvent in,
            String eventId,
            String type,
            ParkReason kind,
            String reason) {
        context.forward(record.withKey(in.rawKey())
                .withValue(new Parked(eventId, in.topic(), in.rawKey(), type, kind, reason, in.payload())));
    }
}

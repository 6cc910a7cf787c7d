package dev.verdict.decisions.evidence.service;

import dev.verdict.decisions.config.DecisionsConfig;
import dev.verdict.decisions.decision.model.DecisionNumber;
import dev.verdict.events.EventCodec;
import dev.verdict.events.EventFormatException;
import dev.verdict.events.EventType;
import dev.verdict.events.Topics;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.benchmark.BenchmarkEvents;
import dev.verdict.events.benchmark.ComparisonCompleted;
import dev.verdict.events.evidence.EvidenceEvents;
import dev.verdict.events.evidence.EvidenceReported;
import dev.verdict.outbox.inbox.Inbox;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Consumes evidence events from the benchmarks, deploy, experiments and telemetry topics: {@code evidence-reported}
 * events (one item each) and benchmark-harness' {@code comparison-completed} events (one item per entry of their
 * {@code evidence} list, each stored as its own evidence row with the event id as source). Each poll is decoded, then
 * applied in one database transaction: the items are looked up by their ids (derived from event id and position, so
 * a redelivered event finds its items stored and is skipped: the evidence rows are this consumer's inbox), the new
 * ones are written with {@code COPY} together with their links and timeline entries, and every decision the batch
 * touched is re-evaluated once; then the transaction commits, and only then are the offsets committed. A crash
 * anywhere re-reads the batch and the lookup makes it a no-op.
 *
 * <p>Bad input never holds up the rest: an event that cannot be decoded is parked in {@code verdict_inbox_dead} with
 * its {@code EventFormatException} reason; an item that is invalid, names an unknown decision or supersedes unknown
 * evidence is left out and its event parked as {@code INVALID_EVIDENCE} with the item and the reason, while the
 * event's other items are stored. If a batch fails anyway (e.g. another consumer stored one of its items meanwhile),
 * its records are retried one per transaction with row-by-row inserts; a record that still fails is parked as
 * {@code HANDLER_FAILED}. Status changes are published per batch: a flip and flip back inside one batch is not an
 * event (the timeline and the final status are exact).
 */
@ApplicationScoped
public class EvidenceConsumer {

    public static final String CONSUMER = "decision-records.evidence";
    static final List<String> TOPICS = List.of(Topics.BENCHMARKS, Topics.DEPLOY, Topics.EXPERIMENTS, Topics.TELEMETRY);

    @Inject
    DecisionsConfig config;

    @Inject
    EvidenceService evidence;

    @Inject
    Inbox inbox;

    @Inject
    EventCodec codec;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    Optional<String> bootstrap;

    private final List<Loop> loops = new CopyOnWriteArrayList<>();

    void start(@Observes StartupEvent ev) {
        if (!config.consumers().enabled()) {
            return;
        }
        if (bootstrap.isEmpty()) {
            Log.warn("kafka.bootstrap.servers is not set: evidence events are not consumed");
            return;
        }
        for (int i = 0; i < config.consumers().threads(); i++) {
            Loop loop = new Loop(i);
            loops.add(loop);
            loop.thread.start();
        }
        Log.infof("consuming evidence from %s with %d loop(s)", TOPICS, loops.size());
    }

    void stop(@Observes ShutdownEvent ev) {
        for (Loop l : loops) {
            l.stop();
        }
    }

    private final class Loop {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile KafkaConsumer<String, byte[]> current;

        Loop(int index) {
            thread = new Thread(this::run, "evidence-consumer-" + index);
            thread.setDaemon(true);
        }

        void stop() {
            running = false;
            KafkaConsumer<String, byte[]> c = current;
            if (c != null) {
                c.wakeup();
            }
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void run() {
            while (running) {
                Map<String, Object> props = new HashMap<>();
                props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.get());
                props.put(ConsumerConfig.GROUP_ID_CONFIG, CONSUMER);
                props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
                props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
                props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.consumers().maxPollRecords());
                // enough bytes per partition to fill a poll from one or two partitions (events are ~1-2 KiB)
                props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
                try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                        new ByteArrayDeserializer())) {
                    current = consumer;
                    consumer.subscribe(TOPICS);
                    while (running) {
                        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                        if (records.isEmpty()) {
                            continue;
                        }
                        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
                        records.forEach(batch::add);
                        process(batch);
                        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
                        for (ConsumerRecord<String, byte[]> r : batch) {
                            offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                        }
                        // only now: every record of the batch is committed (or parked) in the database
                        consumer.commitSync(offsets);
                    }
                } catch (WakeupException e) {
                    // stopping
                } catch (RuntimeException e) {
                    if (running) {
                        Log.warnf("evidence consumer crashed (%s); restarting from the last committed offsets", e);
                        sleep(1000);
                    }
                } finally {
                    current = null;
                }
            }
        }
    }

    /** A record as decoded: its evidence items (none for other event types), or the reason it was refused. */
    private record Decoded(ConsumerRecord<String, byte[]> record, VerdictEvent<?> event,
            List<EvidenceReported> items, EventFormatException error) {
    }

    private Decoded decode(ConsumerRecord<String, byte[]> r) {
        try {
            if (r.value() == null) {
                throw new EventFormatException(EventFormatException.Reason.MALFORMED_JSON, "record has no value");
            }
            VerdictEvent<?> event = codec.decode(r.value());
            return new Decoded(r, event, evidenceItems(event), null);
        } catch (EventFormatException e) {
            return new Decoded(r, null, null, e);
        }
    }

    /**
     * Test hook for crash tests: called with "stored" inside a batch's transaction after its writes, and with
     * "committed" after the commit but before the offsets are committed, with the event ids of the batch.
     */
    static volatile java.util.function.BiConsumer<String, List<UUID>> crashPoint = (phase, events) -> { };

    private static List<UUID> eventIds(List<Decoded> batch) {
        return batch.stream().filter(d -> d.event() != null).map(d -> d.event().id()).toList();
    }

    private void process(List<ConsumerRecord<String, byte[]>> batch) {
        List<Decoded> decoded = new ArrayList<>(batch.size());
        for (ConsumerRecord<String, byte[]> r : batch) {
            decoded.add(decode(r));
        }
        List<Inbox.ParkedMessage> parked = new ArrayList<>();
        try {
            parked.addAll(QuarkusTransaction.requiringNew().call(() -> apply(decoded, true)));
        } catch (RuntimeException e) {
            Log.warnf("evidence batch of %d failed (%s); retrying one record per transaction", batch.size(), e);
            parked.clear();
            for (Decoded d : decoded) {
                try {
                    parked.addAll(QuarkusTransaction.requiringNew().call(() -> apply(List.of(d), false)));
                } catch (RuntimeException single) {
                    ConsumerRecord<String, byte[]> r = d.record();
                    Log.errorf("evidence event %s-%d@%d parked: %s", r.topic(), r.partition(), r.offset(), single);
                    parked.add(parked(r, d.event(), "HANDLER_FAILED", String.valueOf(single)));
                }
            }
        }
        // after the commit: a crash before this re-reads the batch, finds the good items stored and parks again
        for (Inbox.ParkedMessage m : parked) {
            inbox.park(m);
        }
        crashPoint.accept("committed", eventIds(decoded));
    }

    /**
     * One transaction: the new evidence items of the batch stored, linked and on the timeline, then one evaluation per
     * touched decision. Returns the records to park (undecodable, or with rejected items).
     */
    private List<Inbox.ParkedMessage> apply(List<Decoded> batch, boolean bulk) {
        List<Inbox.ParkedMessage> parked = new ArrayList<>();
        List<EvidenceService.Incoming> incoming = new ArrayList<>();
        Map<UUID, Decoded> byEvent = new HashMap<>();
        for (Decoded d : batch) {
            if (d.error() != null) {
                EventFormatException e = d.error();
                parked.add(new Inbox.ParkedMessage(CONSUMER, d.record().topic(), d.record().partition(),
                        d.record().offset(), d.record().key(), e.eventId(), e.eventType(), e.reason().name(),
                        e.getMessage(), d.record().value()));
                continue;
            }
            if (d.items() == null || byEvent.putIfAbsent(d.event().id(), d) != null) {
                continue; // another event type on the same topic, or the same event twice in one poll
            }
            for (int i = 0; i < d.items().size(); i++) {
                incoming.add(new EvidenceService.Incoming(d.event().id(), i, d.event().service(), d.items().get(i)));
            }
        }
        Set<DecisionNumber> touched = new HashSet<>();
        List<EvidenceService.Rejected> rejected = evidence.recordEvents(incoming, touched, bulk);
        if (!touched.isEmpty()) {
            evidence.evaluate(touched, "evidence batch");
        }
        crashPoint.accept("stored", eventIds(batch));
        Map<UUID, List<EvidenceService.Rejected>> rejectedByEvent = new LinkedHashMap<>();
        for (EvidenceService.Rejected r : rejected) {
            rejectedByEvent.computeIfAbsent(r.item().eventId(), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<UUID, List<EvidenceService.Rejected>> e : rejectedByEvent.entrySet()) {
            Decoded d = byEvent.get(e.getKey());
            parked.add(parked(d.record(), d.event(), "INVALID_EVIDENCE", rejection(d.items(), e.getValue())));
        }
        return parked;
    }

    /** "evidence names decision ADR-0099, which does not exist" for a one-item event; with item numbers otherwise. */
    static String rejection(List<EvidenceReported> items, List<EvidenceService.Rejected> rejected) {
        if (items.size() == 1) {
            return rejected.get(0).reason();
        }
        StringBuilder sb = new StringBuilder().append(rejected.size()).append(" of ").append(items.size())
                .append(" evidence items rejected (the others are stored):");
        for (EvidenceService.Rejected r : rejected) {
            sb.append(" item ").append(r.item().item()).append(" (metric \"").append(r.item().data().metric())
                    .append("\"): ").append(r.reason()).append(';');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    private static Inbox.ParkedMessage parked(ConsumerRecord<String, byte[]> r, VerdictEvent<?> event, String reason,
            String error) {
        return new Inbox.ParkedMessage(CONSUMER, r.topic(), r.partition(), r.offset(), r.key(),
                event == null ? null : event.id().toString(), event == null ? null : event.type(), reason, error,
                r.value());
    }

    /**
     * The evidence items of an event, in order: one for an {@code ...evidence-reported.v1} event, every item of a
     * {@code dev.verdict.benchmark.comparison-completed.v1} (an item without its own subject or decision ref takes
     * the comparison's); null for any other type.
     */
    static List<EvidenceReported> evidenceItems(VerdictEvent<?> event) {
        for (EventType<EvidenceReported> t : EvidenceEvents.ALL) {
            Optional<EvidenceReported> data = event.dataAs(t);
            if (data.isPresent()) {
                return List.of(data.get());
            }
        }
        Optional<ComparisonCompleted> comparison = event.dataAs(BenchmarkEvents.COMPARISON_COMPLETED);
        if (comparison.isEmpty()) {
            return null;
        }
        ComparisonCompleted c = comparison.get();
        List<EvidenceReported> items = new ArrayList<>();
        for (EvidenceReported r : c.evidence() == null ? List.<EvidenceReported>of() : c.evidence()) {
            items.add(new EvidenceReported(r.kind(), r.subject() != null ? r.subject() : c.subject(),
                    r.decision() != null ? r.decision() : c.decision(), r.metric(), r.comparison(), r.provenance(),
                    r.measurements(), r.result(), r.gates(), r.supersedes(), r.notes()));
        }
        return items;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

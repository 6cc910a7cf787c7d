package dev.verdict.decisions.evidence.service;

import dev.verdict.decisions.config.DecisionsConfig;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.events.EventType;
import dev.verdict.events.Topics;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.benchmark.BenchmarkEvents;
import dev.verdict.events.benchmark.ComparisonCompleted;
import dev.verdict.events.evidence.EvidenceEvents;
import dev.verdict.events.evidence.EvidenceReported;
import dev.verdict.outbox.inbox.InboxConsumer;
import dev.verdict.outbox.inbox.InboxConsumer.Received;
import dev.verdict.outbox.inbox.InboxConsumer.Refusal;
import dev.verdict.outbox.inbox.InboxConsumers;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Consumes evidence events from the benchmarks, deploy, experiments and telemetry topics: {@code evidence-reported}
 * events (one item each) and benchmark-harness' {@code comparison-completed} events (one item per entry of their
 * {@code evidence} list, each stored as its own evidence row with the event id as source). It is a batch handler of
 * libs/outbox's one consumer path ({@link InboxConsumer}, batch mode), which owns the poll, the transactions, parking
 * and the offset commits. Each poll is applied in one database transaction: the items are looked up by their ids
 * (derived from event id and position, so a redelivered event finds its items stored and is skipped: the evidence
 * rows are this consumer's inbox), the new ones are written with {@code COPY} together with their links and timeline
 * entries, and every decision the batch touched is re-evaluated once. A crash anywhere re-reads the batch and the
 * lookup makes it a no-op.
 *
 * <p>Bad input never holds up the rest: an event that cannot be decoded is parked by the library with its
 * {@code EventFormatException} reason; an item that is invalid, names an unknown decision or supersedes unknown
 * evidence is left out and its event refused as {@code INVALID_EVIDENCE} with the item and the reason, while the
 * event's other items are stored. If a batch fails anyway (e.g. another consumer stored one of its items meanwhile),
 * the library retries its records one per transaction, where this handler inserts row by row; a record that still
 * fails is parked as {@code HANDLER_FAILED}. Status changes are published per batch: a flip and flip back inside one
 * batch is not an event (the timeline and the final status are exact).
 */
@ApplicationScoped
public class EvidenceConsumer {

    public static final String CONSUMER = "decision-records.evidence";
    static final List<String> TOPICS = List.of(Topics.BENCHMARKS, Topics.DEPLOY, Topics.EXPERIMENTS, Topics.TELEMETRY);

    private final DecisionsConfig config;
    private final EvidenceService evidence;
    private final InboxConsumers consumers;
    private final Optional<String> bootstrap;

    public EvidenceConsumer(
            DecisionsConfig config,
            EvidenceService evidence,
            InboxConsumers consumers,
            @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> bootstrap) {
        this.config = config;
        this.evidence = evidence;
        this.consumers = consumers;
        this.bootstrap = bootstrap;
    }

    void start(@Observes StartupEvent ev) {
        if (!config.consumers().enabled()) {
            return;
        }
        if (bootstrap.isEmpty()) {
            Log.warn("kafka.bootstrap.servers is not set: evidence events are not consumed");
            return;
        }
        for (int i = 0; i < config.consumers().threads(); i++) {
            consumers
                    .consumer(CONSUMER)
                    .topics(TOPICS.toArray(String[]::new))
                    .property(
                            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                            config.consumers().maxPollRecords())
                    // enough bytes per partition to fill a poll from one or two partitions (events are ~1-2 KiB)
                    .property(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20)
                    .batchHandler(this::apply)
                    .listener(new InboxConsumer.Listener() {
                        @Override
                        public void batchCommitted(List<Received> batch) {
                            crashPoint.accept("committed", eventIds(batch));
                        }
                    })
                    .start();
        }
        Log.infof(
                "consuming evidence from %s with %d loop(s)",
                TOPICS, config.consumers().threads());
    }

    /**
     * Test hook for crash tests: called with "stored" inside a batch's transaction after its writes, and with
     * "committed" after the commit but before the offsets are committed, with the event ids of the batch.
     */
    static volatile java.util.function.BiConsumer<String, List<UUID>> crashPoint = (phase, events) -> {};

    private static List<UUID> eventIds(List<Received> batch) {
        return batch.stream().map(r -> r.event().id()).toList();
    }

    /**
     * One transaction (the library's): the new evidence items of the batch stored, linked and on the timeline, then
     * one evaluation per touched decision. Returns the events with rejected items.
     */
    List<Refusal> apply(List<Received> batch, boolean bulk) {
        List<EvidenceService.Incoming> incoming = new ArrayList<>();
        Map<UUID, Received> byEvent = new HashMap<>();
        Map<UUID, List<EvidenceReported>> itemsOf = new HashMap<>();
        for (Received r : batch) {
            List<EvidenceReported> items = evidenceItems(r.event());
            if (items == null || byEvent.putIfAbsent(r.event().id(), r) != null) {
                continue; // another event type on the same topic, or the same event twice in one poll
            }
            itemsOf.put(r.event().id(), items);
            for (int i = 0; i < items.size(); i++) {
                incoming.add(new EvidenceService.Incoming(
                        r.event().id(), i, r.event().service(), items.get(i)));
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
            rejectedByEvent
                    .computeIfAbsent(r.item().eventId(), k -> new ArrayList<>())
                    .add(r);
        }
        List<Refusal> refused = new ArrayList<>();
        for (Map.Entry<UUID, List<EvidenceService.Rejected>> e : rejectedByEvent.entrySet()) {
            refused.add(new Refusal(
                    byEvent.get(e.getKey()), "INVALID_EVIDENCE", rejection(itemsOf.get(e.getKey()), e.getValue())));
        }
        return refused;
    }

    /** "evidence names decision ADR-0099, which does not exist" for a one-item event; with item numbers otherwise. */
    static String rejection(List<EvidenceReported> items, List<EvidenceService.Rejected> rejected) {
        if (items.size() == 1) {
            return rejected.get(0).reason();
        }
        StringBuilder sb = new StringBuilder()
                .append(rejected.size())
                .append(" of ")
                .append(items.size())
                .append(" evidence items rejected (the others are stored):");
        for (EvidenceService.Rejected r : rejected) {
            sb.append(" item ")
                    .append(r.item().item())
                    .append(" (metric \"")
                    .append(r.item().data().metric())
                    .append("\"): ")
                    .append(r.reason())
                    .append(';');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
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
            items.add(new EvidenceReported(
                    r.kind(),
                    r.subject() != null ? r.subject() : c.subject(),
                    r.decision() != null ? r.decision() : c.decision(),
                    r.metric(),
                    r.comparison(),
                    r.provenance(),
                    r.measurements(),
                    r.result(),
                    r.gates(),
                    r.supersedes(),
                    r.notes()));
        }
        return items;
    }
}

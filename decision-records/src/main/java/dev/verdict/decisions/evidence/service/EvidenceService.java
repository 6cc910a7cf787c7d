package dev.verdict.decisions.evidence.service;

import dev.verdict.decisions.criteria.service.EvaluationService;
import dev.verdict.decisions.decision.store.DecisionStore;
import dev.verdict.decisions.evidence.model.Evidence;
import dev.verdict.decisions.evidence.model.EvidenceDocument;
import dev.verdict.decisions.evidence.store.EvidenceStore;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.decisions.timeline.model.TimelineKind;
import dev.verdict.decisions.timeline.store.TimelineStore;
import dev.verdict.events.evidence.EvidenceReported;
import dev.verdict.problem.NotFoundException;
import dev.verdict.problem.UnprocessableException;
import dev.verdict.problem.Violation;
import dev.verdict.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Records evidence (from REST or Kafka), links it to the decisions it counts for and re-evaluates them, all in one
 * transaction. Evidence is never updated: {@link #record} only inserts.
 */
@ApplicationScoped
public class EvidenceService {

    /** A file attached to manual evidence. */
    public record NewAttachment(String name, String mediaType, byte[] data) {}

    private final EvidenceStore store;
    private final DecisionStore decisions;
    private final TimelineStore timeline;
    private final EvaluationService evaluation;

    public EvidenceService(
            EvidenceStore store, DecisionStore decisions, TimelineStore timeline, EvaluationService evaluation) {
        this.store = store;
        this.decisions = decisions;
        this.timeline = timeline;
        this.evaluation = evaluation;
    }

    private final Clock clock = Clock.systemUTC();

    /**
     * Stores a new evidence item. {@code doc.id} and {@code doc.contentHash} are ignored (assigned here).
     *
     * @throws NotFoundException      if the named decision or the superseded evidence does not exist
     * @throws UnprocessableException if the content is invalid
     */
    @Transactional
    public Evidence record(EvidenceDocument doc, List<NewAttachment> files, Caller caller) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<EvidenceDocument.AttachmentDoc> attachmentDocs = new ArrayList<>();
        for (NewAttachment f : files) {
            attachmentDocs.add(
                    new EvidenceDocument.AttachmentDoc(f.name(), f.mediaType(), f.data().length, sha256(f.data())));
        }
        EvidenceDocument fresh = new EvidenceDocument(
                UUID.randomUUID().toString(),
                doc.kind(),
                doc.subject(),
                doc.decision(),
                doc.metric(),
                doc.comparison(),
                doc.provenance(),
                doc.measurements(),
                doc.result(),
                doc.gates(),
                attachmentDocs,
                doc.supersedes(),
                doc.notes(),
                now,
                null);
        Evidence e = toModel(fresh);
        Optional<Evidence> stored = store(e, caller.actor(), now, null);
        for (NewAttachment f : files) {
            store.attach(e.id(), f.name(), f.mediaType(), f.data(), sha256(f.data()));
        }
        return stored.orElse(e);
    }

    /**
     * One evidence item of an event as the consumer received it: {@code item} is its position in the event (0 for
     * an {@code evidence-reported} event, the index in {@code evidence} for a {@code comparison-completed} one).
     */
    public record Incoming(UUID eventId, int item, String producerService, EvidenceReported data) {}

    /**
     * The id of item {@code item} of event {@code eventId}: a name-based UUID, so an item's identity is stable (the
     * same event delivered again maps to the same rows, and the primary key refuses a second copy).
     */
    public static UUID itemId(UUID eventId, int item) {
        return EvidenceReported.itemId(eventId, item);
    }

    /** An item of an event that was not stored, and why (it is reported; the other items of its event are stored). */
    public record Rejected(Incoming item, String reason) {}

    /**
     * Stores the evidence items of many events (one consumer batch) and links them; the decisions they count for are
     * added to {@code touched} for one evaluation each. An item already stored (a redelivered event: its id is
     * derived from the event id and its position) is skipped, so the evidence rows themselves make the consumer
     * idempotent. An item that is invalid, names an unknown decision or supersedes unknown evidence is not stored
     * and returned with the reason; the other items of its event are stored.
     *
     * <p>{@code bulk}: the new rows go in with {@code COPY}, which refuses (and so rolls the batch back) if another
     * consumer stored one of the items since it was looked up; the caller then retries with {@code bulk} false,
     * which inserts row by row and skips whatever exists by then.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Rejected> recordEvents(List<Incoming> events, Set<DecisionNumber> touched, boolean bulk) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Rejected> rejected = new ArrayList<>();
        List<Incoming> valid = new ArrayList<>();
        List<Evidence> models = new ArrayList<>();
        Set<UUID> lookUp = new java.util.HashSet<>();
        for (Incoming in : events) {
            Evidence e;
            try {
                e = toModel(document(in.eventId(), in.item(), in.producerService(), in.data(), now));
            } catch (UnprocessableException ex) {
                rejected.add(new Rejected(in, ex.getMessage()));
                continue;
            }
            valid.add(in);
            models.add(e);
            lookUp.add(e.id());
            if (e.supersedes() != null) {
                lookUp.add(e.supersedes());
            }
        }
        Set<UUID> stored = store.existing(lookUp);
        Set<UUID> batchIds = new java.util.HashSet<>();
        Map<DecisionNumber, Boolean> known = new java.util.HashMap<>();
        Map<String, List<DecisionNumber>> matches = new java.util.HashMap<>();
        List<Evidence> items = new ArrayList<>();
        List<String> actors = new ArrayList<>();
        List<List<DecisionNumber>> targetsOf = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            Evidence e = models.get(i);
            Incoming in = valid.get(i);
            if (stored.contains(e.id()) || batchIds.contains(e.id())) {
                continue; // stored before: this event is delivered again
            }
            if (e.decision() != null && !known.computeIfAbsent(e.decision(), decisions::exists)) {
                rejected.add(new Rejected(in, "evidence names decision " + e.decision() + ", which does not exist"));
                continue;
            }
            if (e.supersedes() != null && !batchIds.contains(e.supersedes()) && !stored.contains(e.supersedes())) {
                rejected.add(new Rejected(in, "evidence supersedes " + e.supersedes() + ", which does not exist"));
                continue;
            }
            batchIds.add(e.id());
            items.add(e);
            actors.add("system:" + in.producerService());
            targetsOf.add(
                    e.decision() != null
                            ? List.of(e.decision())
                            : matches.computeIfAbsent(
                                    e.subject() + "\u0000" + e.kind().label() + "\u0000" + e.metric() + "\u0000"
                                            + e.comparison(),
                                    k -> decisions.matching(
                                            e.subject(), e.kind().label(), e.metric(), e.comparison())));
        }
        if (!bulk) {
            // row by row: an item a concurrent consumer stored meanwhile is skipped here instead of failing
            for (int i = items.size() - 1; i >= 0; i--) {
                if (!store.insert(items.get(i))) {
                    items.remove(i);
                    actors.remove(i);
                    targetsOf.remove(i);
                }
            }
        } else {
            store.insertAll(items);
        }
        List<EvidenceStore.Link> links = new ArrayList<>();
        List<TimelineStore.NewEntry> entries = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Evidence e = items.get(i);
            String matchedBy = e.decision() != null ? "explicit" : "subject-and-criteria";
            for (DecisionNumber n : targetsOf.get(i)) {
                links.add(new EvidenceStore.Link(e, n, matchedBy));
                entries.add(new TimelineStore.NewEntry(
                        n, now, actors.get(i), TimelineKind.EVIDENCE, evidenceSummary(e), evidenceDetail(e)));
                touched.add(n);
            }
        }
        store.linkAll(links);
        timeline.appendAll(entries);
        return rejected;
    }

    private static String evidenceSummary(Evidence e) {
        return e.kind().label() + " evidence " + e.id() + " for \"" + e.metric() + "\""
                + (e.supersedes() == null ? "" : " (corrects " + e.supersedes() + ")");
    }

    private static Map<String, Object> evidenceDetail(Evidence e) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("evidence", e.id().toString());
        detail.put("kind", e.kind().label());
        detail.put("metric", e.metric());
        detail.put("contentHash", e.contentHash());
        if (e.supersedes() != null) {
            detail.put("supersedes", e.supersedes().toString());
        }
        return detail;
    }

    /** Re-evaluates decisions collected by {@link #recordEvents}, in number order (lock order). */
    @Transactional
    public void evaluate(Set<DecisionNumber> decisions, String trigger) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        for (DecisionNumber n : new java.util.TreeSet<>(decisions)) {
            evaluation.reevaluate(n, trigger, now);
        }
    }

    static EvidenceDocument document(UUID eventId, int item, String producerService, EvidenceReported r, Instant now) {
        EvidenceReported.Provenance p = r.provenance();
        EvidenceReported.Environment env = p == null ? null : p.environment();
        EvidenceReported.Measurements m = r.measurements();
        EvidenceReported.Result res = r.result();
        return new EvidenceDocument(
                itemId(eventId, item).toString(),
                r.kind(),
                r.subject(),
                r.decision(),
                r.metric(),
                r.comparison(),
                p == null
                        ? null
                        : new EvidenceDocument.ProvenanceDoc(
                                p.producer() == null ? producerService : p.producer(),
                                p.runId(),
                                eventId.toString(),
                                p.config(),
                                p.configHash(),
                                env == null
                                        ? null
                                        : new EvidenceDocument.EnvironmentDoc(
                                                env.jdkVendor(), env.jdkVersion(), env.cpu(), env.os(), env.other()),
                                p.codeRevision(),
                                p.windowStart(),
                                p.windowEnd()),
                m == null
                        ? null
                        : new EvidenceDocument.MeasurementsDoc(
                                m.unit(),
                                m.groups() == null
                                        ? List.of()
                                        : m.groups().stream()
                                                .map(g -> new EvidenceDocument.GroupDoc(
                                                        g.name(), g.n(), g.summary(), g.samples(), g.samplesRef()))
                                                .toList()),
                res == null
                        ? null
                        : new EvidenceDocument.ResultDoc(
                                res.method(),
                                res.estimate(),
                                res.ciLower(),
                                res.ciUpper(),
                                res.ciLevel(),
                                res.pValue(),
                                res.baselineN(),
                                res.candidateN(),
                                res.classification()),
                r.gates() == null
                        ? List.of()
                        : r.gates().stream()
                                .map(g -> new EvidenceDocument.GateDoc(g.name(), g.passed(), g.detail()))
                                .toList(),
                List.of(),
                r.supersedes(),
                r.notes(),
                now,
                null);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Evidence get(UUID id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("no evidence " + id));
    }

    private Optional<Evidence> store(Evidence e, String actor, Instant now, Set<DecisionNumber> deferred) {
        if (e.decision() != null && !decisions.exists(e.decision())) {
            throw new NotFoundException("evidence names decision " + e.decision() + ", which does not exist");
        }
        if (e.supersedes() != null && !store.exists(e.supersedes())) {
            throw new NotFoundException("evidence supersedes " + e.supersedes() + ", which does not exist");
        }
        if (!store.insert(e)) {
            return Optional.empty();
        }
        Set<DecisionNumber> targets = new LinkedHashSet<>();
        if (e.decision() != null) {
            store.link(e, e.decision(), "explicit");
            targets.add(e.decision());
        } else {
            for (DecisionNumber n : decisions.matching(e.subject(), e.kind().label(), e.metric(), e.comparison())) {
                store.link(e, n, "subject-and-criteria");
                targets.add(n);
            }
        }
        for (DecisionNumber n : targets) {
            Map<String, Object> detail = evidenceDetail(e);
            timeline.append(n, now, actor, TimelineKind.EVIDENCE, evidenceSummary(e), detail);
            if (deferred != null) {
                deferred.add(n);
            } else {
                evaluation.reevaluate(n, "evidence:" + e.id(), now);
            }
        }
        return Optional.of(e);
    }

    private static Evidence toModel(EvidenceDocument doc) {
        try {
            return doc.toModel();
        } catch (IllegalArgumentException ex) {
            throw new UnprocessableException(
                    "invalid evidence: " + ex.getMessage(), List.of(new Violation(null, null, null, ex.getMessage())));
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

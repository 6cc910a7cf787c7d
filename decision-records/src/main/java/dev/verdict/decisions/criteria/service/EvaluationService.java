package dev.verdict.decisions.criteria.service;

import dev.verdict.decisions.criteria.evaluate.CriteriaEvaluator;
import dev.verdict.decisions.criteria.evaluate.CriterionResult;
import dev.verdict.decisions.criteria.evaluate.Evaluation;
import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.decision.store.DecisionRow;
import dev.verdict.decisions.decision.store.DecisionStore;
import dev.verdict.decisions.evidence.store.EvidenceStore;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.decisions.timeline.model.TimelineKind;
import dev.verdict.decisions.timeline.store.TimelineStore;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.decisions.DecisionEvents;
import dev.verdict.events.decisions.EvidenceStatusChanged;
import dev.verdict.outbox.Outbox;
import dev.verdict.problem.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Re-evaluates a decision's criteria against its current evidence, stores the evidence status and, when it moved,
 * records it on the timeline and publishes {@code dev.verdict.decision.evidence-status-changed.v1} through the outbox
 * in the same transaction. The decision row is locked, so concurrent evidence for one decision is evaluated in turn.
 */
@ApplicationScoped
public class EvaluationService {

    public static final String SERVICE = "decision-records";

    private final DecisionStore decisions;
    private final EvidenceStore evidence;
    private final TimelineStore timeline;
    private final Outbox outbox;

    public EvaluationService(DecisionStore decisions, EvidenceStore evidence, TimelineStore timeline, Outbox outbox) {
        this.decisions = decisions;
        this.evidence = evidence;
        this.timeline = timeline;
        this.outbox = outbox;
    }

    /** Evaluates without storing anything (the "on demand" read). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Evaluation preview(DecisionNumber n, Instant now) {
        DecisionRow row = decisions.find(n, false).orElseThrow(() -> new NotFoundException("no decision " + n));
        Decision d = row.decision();
        return CriteriaEvaluator.evaluate(d.criteria(), evidence.forCriteria(n, d.criteria()), now);
    }

    /** Evaluates, stores, and publishes a change. Joins the caller's transaction. */
    @Transactional
    public Evaluation reevaluate(DecisionNumber n, String trigger, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        DecisionRow row = decisions.find(n, true).orElseThrow(() -> new NotFoundException("no decision " + n));
        Decision d = row.decision();
        Evaluation e = CriteriaEvaluator.evaluate(d.criteria(), evidence.forCriteria(n, d.criteria()), at);
        boolean changed = e.status() != row.evidenceStatus() || row.evaluatedAt() == null;
        boolean explanationChanged = !Objects.equals(e.explanation(), row.evidenceExplanation());
        if (changed || explanationChanged) {
            decisions.setEvidenceStatus(n, e.status(), e.explanation(), at);
        }
        if (e.status() != row.evidenceStatus()) {
            List<String> deciding = e.results().stream()
                    .map(CriterionResult::decidingEvidence)
                    .filter(Objects::nonNull)
                    .map(Object::toString)
                    .distinct()
                    .toList();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("from", row.evidenceStatus().name());
            detail.put("to", e.status().name());
            detail.put("trigger", trigger);
            detail.put("decidingEvidence", deciding);
            timeline.append(
                    n,
                    at,
                    "system:evaluator",
                    TimelineKind.EVIDENCE_STATUS,
                    row.evidenceStatus().name() + " → " + e.status().name() + ": " + e.explanation(),
                    detail);
            outbox.publish(
                    DecisionEvents.TOPIC,
                    n.toString(),
                    VerdictEvent.create(
                            DecisionEvents.EVIDENCE_STATUS_CHANGED,
                            SERVICE,
                            n.toString(),
                            new EvidenceStatusChanged(
                                    n.toString(),
                                    d.title(),
                                    row.evidenceStatus().name(),
                                    e.status().name(),
                                    e.explanation(),
                                    deciding,
                                    trigger,
                                    at)));
        }
        return e;
    }
}

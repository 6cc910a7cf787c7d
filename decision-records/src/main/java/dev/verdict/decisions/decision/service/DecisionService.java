package dev.verdict.decisions.decision.service;

import dev.verdict.decisions.config.DecisionsConfig;
import dev.verdict.decisions.criteria.evaluate.EvidenceStatus;
import dev.verdict.decisions.criteria.service.EvaluationService;
import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.decision.model.DecisionStatus;
import dev.verdict.decisions.decision.model.GateOverride;
import dev.verdict.decisions.decision.model.Lifecycle;
import dev.verdict.decisions.decision.model.Supersession;
import dev.verdict.decisions.decision.store.DecisionFilter;
import dev.verdict.decisions.decision.store.DecisionRow;
import dev.verdict.decisions.decision.store.DecisionStore;
import dev.verdict.decisions.decision.store.GateOverrideEntity;
import dev.verdict.decisions.madr.DecisionMarkdown;
import dev.verdict.decisions.replica.ClusterLock;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.decisions.timeline.model.TimelineKind;
import dev.verdict.decisions.timeline.store.TimelineStore;
import dev.verdict.problem.ConflictException;
import dev.verdict.problem.NotFoundException;
import dev.verdict.problem.UnprocessableException;
import dev.verdict.problem.Violation;
import dev.verdict.security.Caller;
import dev.verdict.security.Roles;
import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Creates, edits and moves decisions. Every change stores the canonical file, appends to the timeline, re-evaluates
 * the criteria, and becomes one git commit authored by the caller. Every such write first takes the cluster-wide git
 * lock ({@link ClusterLock.Name#GIT}, held to the end of the transaction, before any row lock), so replicas commit to
 * git in the order their database transactions commit, and a git sync never runs in between. The git commit is made
 * at the end of the transaction: a file that changed in git since the model last agreed with it refuses the write
 * (409 {@code git-changed}); any other git failure leaves the database change standing and the sync exports it.
 */
@ApplicationScoped
public class DecisionService {

    private final DecisionStore store;
    private final TimelineStore timeline;
    private final EvaluationService evaluation;
    private final DecisionMirror mirror;
    private final DecisionsConfig config;
    private final ClusterLock lock;
    private final Clock clock = Clock.systemUTC();

    public DecisionService(
            DecisionStore store,
            TimelineStore timeline,
            EvaluationService evaluation,
            DecisionMirror mirror,
            DecisionsConfig config,
            ClusterLock lock) {
        this.store = store;
        this.timeline = timeline;
        this.evaluation = evaluation;
        this.mirror = mirror;
        this.config = config;
        this.lock = lock;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    /** The evidence-gate overrides of a decision, oldest first; 404 if the decision does not exist. */
    public List<GateOverride> overrides(DecisionNumber n) {
        get(n);
        return GateOverrideEntity.of(n).stream()
                .map(GateOverrideEntity::toOverride)
                .toList();
    }

    /** The decision as committed (a read that opens no ORM session: {@link DecisionStore#read}); 404 if none. */
    public DecisionRow get(DecisionNumber n) {
        return store.read(n).orElseThrow(() -> new NotFoundException("no decision " + n));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DecisionRow> list(DecisionFilter filter) {
        return store.list(filter);
    }

    /** A new decision, always proposed, numbered after the highest existing one. */
    @Transactional
    public DecisionRow create(UnaryOperator<Decision.Builder> fill, Caller caller) {
        gitLock();
        int number = store.nextNumber();
        Decision d = build(() -> fill.apply(Decision.builder(DecisionNumber.of(number), "untitled")
                        .date(LocalDate.now(clock.withZone(ZoneOffset.UTC))))
                .status(DecisionStatus.PROPOSED)
                .build());
        Instant now = now();
        String content = DecisionMarkdown.render(d);
        String slug = DecisionMarkdown.slug(d.title());
        store.insert(d, slug, content, now);
        timeline.append(
                d.number(),
                now,
                caller.actor(),
                TimelineKind.CREATED,
                "created " + d.number() + " \"" + d.title() + "\"",
                null);
        evaluation.reevaluate(d.number(), TimelineKind.CREATED.label(), now);
        DecisionRow row = get(d.number());
        mirror(List.of(row), caller, d.number() + ": create \"" + d.title() + "\"");
        return row;
    }

    /** Replaces the content (not the number or the status) of a decision. */
    @Transactional
    public DecisionRow edit(
            DecisionNumber n, Integer expectedVersion, UnaryOperator<Decision.Builder> change, Caller caller) {
        gitLock();
        DecisionRow row = locked(n, expectedVersion);
        Decision before = row.decision();
        Decision after = build(() -> change.apply(before.toBuilder())
                .number(n)
                .status(before.status())
                .build());
        return save(row, after, caller, TimelineKind.EDITED, "edit", null);
    }

    /**
     * Replaces a decision by a whole Markdown file (as a team would write it in git). A status different from the
     * stored one must be a legal transition and is not allowed to bypass review: accepting this way is refused.
     */
    @Transactional
    public DecisionRow editMarkdown(
            DecisionNumber n, Integer expectedVersion, String markdown, Caller caller, TimelineKind kind) {
        gitLock();
        DecisionRow row = locked(n, expectedVersion);
        Decision parsed = DecisionMarkdown.parse(row.path(), markdown);
        checkFileTransition(n, row.decision(), parsed);
        return save(row, parsed, caller, kind, "edit", null);
    }

    /** A status change other than accept/reject (those are {@link #review}). */
    @Transactional
    public DecisionRow transition(DecisionNumber n, DecisionStatus target, String reason, Caller caller) {
        if (target == DecisionStatus.ACCEPTED || target == DecisionStatus.REJECTED) {
            throw new ConflictException(
                    "review-required",
                    "accepting or rejecting goes through review: POST " + "/api/decisions/" + n + "/"
                            + (target == DecisionStatus.ACCEPTED ? "accept" : "reject"));
        }
        if (target == DecisionStatus.SUPERSEDED) {
            throw new ConflictException(
                    "supersede-required",
                    "a decision becomes superseded by naming its successor:" + " POST /api/decisions/" + n
                            + "/supersede");
        }
        gitLock();
        DecisionRow row = locked(n, null);
        Decision after = row.decision().transition(target);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("from", row.decision().status().label());
        detail.put("to", target.label());
        if (reason != null) {
            detail.put("reason", reason);
        }
        return save(
                row,
                after,
                caller,
                TimelineKind.TRANSITION,
                row.decision().status().label() + " → " + target.label(),
                detail);
    }

    /**
     * Accept or reject: only architects. With the evidence gate on, accepting needs evidence status SUPPORTED
     * unless the architect writes an override, which is stored for good and shown on the timeline.
     */
    @Transactional
    public DecisionRow review(DecisionNumber n, DecisionStatus target, String override, String reason, Caller caller) {
        if (!caller.hasRole(Roles.ARCHITECT)) {
            throw new ForbiddenException("accepting or rejecting a decision needs the architect role");
        }
        if (target != DecisionStatus.ACCEPTED && target != DecisionStatus.REJECTED) {
            throw new IllegalArgumentException("review decides accepted or rejected, not " + target.label());
        }
        gitLock();
        DecisionRow row = locked(n, null);
        Lifecycle.check(row.decision().status(), target);
        Instant now = now();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("from", row.decision().status().label());
        detail.put("to", target.label());
        if (reason != null && !reason.isBlank()) {
            detail.put("reason", reason);
        }
        List<String> pinned = new ArrayList<>(row.decision().evidenceIds());
        if (target == DecisionStatus.ACCEPTED) {
            // the file in git records which evidence the acceptance rested on
            evaluation.reevaluate(n, "review", now).results().stream()
                    .map(dev.verdict.decisions.criteria.evaluate.CriterionResult::decidingEvidence)
                    .filter(java.util.Objects::nonNull)
                    .map(Object::toString)
                    .filter(id -> !pinned.contains(id))
                    .forEach(pinned::add);
        }
        if (target == DecisionStatus.ACCEPTED && config.evidenceGate()) {
            EvidenceStatus status = store.find(n, false).get().evidenceStatus();
            if (status != EvidenceStatus.SUPPORTED) {
                if (override == null || override.isBlank()) {
                    throw new ConflictException(
                            "evidence-gate",
                            "the evidence gate refuses to accept " + n
                                    + ": its evidence status is " + status + " ("
                                    + store.find(n, false).get().evidenceExplanation()
                                    + "); accept with a written override to proceed anyway");
                }
                GateOverrideEntity.create(n, caller.name(), override.strip(), status.name(), target.label(), now);
                timeline.append(
                        n,
                        now,
                        caller.actor(),
                        TimelineKind.GATE_OVERRIDE,
                        "evidence gate overridden (status " + status + "): " + override.strip(),
                        Map.of("evidenceStatus", status.name(), "reason", override.strip()));
                detail.put("override", override.strip());
            }
            detail.put("evidenceStatus", status.name());
        }
        Decision after = row.decision().transition(target).toBuilder()
                .evidenceIds(pinned)
                .build();
        return save(
                locked(n, null),
                after,
                caller,
                TimelineKind.TRANSITION,
                row.decision().status().label() + " → " + target.label(),
                detail);
    }

    /** {@code old} becomes superseded by {@code successor}; both records change in one transaction and one commit. */
    @Transactional
    public List<DecisionRow> supersede(DecisionNumber old, DecisionNumber successor, Caller caller) {
        gitLock();
        // lock in number order so two concurrent supersessions cannot deadlock
        DecisionNumber first = old.compareTo(successor) < 0 ? old : successor;
        DecisionNumber second = first.equals(old) ? successor : old;
        locked(first, null);
        locked(second, null);
        DecisionRow oldRow = locked(old, null);
        DecisionRow newRow = locked(successor, null);
        Supersession.Result r = Supersession.apply(oldRow.decision(), newRow.decision());
        Instant now = now();
        List<DecisionRow> out = new ArrayList<>();
        out.add(saveNoMirror(
                oldRow,
                r.superseded(),
                caller,
                TimelineKind.SUPERSEDED,
                "superseded by " + successor,
                Map.of("by", successor.toString()),
                now));
        out.add(saveNoMirror(
                newRow,
                r.successor(),
                caller,
                TimelineKind.SUPERSEDED,
                "supersedes " + old,
                Map.of("supersedes", old.toString()),
                now));
        mirror(out, caller, old + ": superseded by " + successor);
        return out;
    }

    /** Stores imported decisions as they are (numbers, statuses and links kept). */
    @Transactional
    public List<DecisionRow> importAll(List<Decision> imported, String source, boolean renumber, Caller caller) {
        gitLock();
        List<Decision> decisions = imported;
        if (renumber) {
            // shift every number (and every link) past the highest existing one
            int offset = store.nextNumber() - 1;
            decisions = imported.stream().map(d -> shift(d, offset)).toList();
        }
        for (Decision d : decisions) {
            if (store.exists(d.number())) {
                throw new ConflictException(
                        "number-taken",
                        "decision " + d.number() + " exists already; import into a registry without those numbers");
            }
        }
        Instant now = now();
        List<DecisionRow> rows = new ArrayList<>();
        for (Decision d : decisions) {
            store.insert(d, DecisionMarkdown.slug(d.title()), DecisionMarkdown.render(d), now);
            timeline.append(d.number(), now, caller.actor(), TimelineKind.IMPORTED, "imported from " + source, null);
        }
        for (Decision d : decisions) {
            evaluation.reevaluate(d.number(), TimelineKind.IMPORTED.label(), now);
            rows.add(get(d.number()));
        }
        mirror(rows, caller, "import " + decisions.size() + " decisions from " + source);
        return rows;
    }

    private static Decision shift(Decision d, int offset) {
        java.util.function.Function<List<DecisionNumber>, List<DecisionNumber>> f =
                l -> l.stream().map(x -> DecisionNumber.of(x.value() + offset)).toList();
        return d.toBuilder()
                .number(DecisionNumber.of(d.number().value() + offset))
                .supersedes(f.apply(d.supersedes()))
                .supersededBy(f.apply(d.supersededBy()))
                .relatesTo(f.apply(d.relatesTo()))
                .build();
    }

    /**
     * Takes the write locks for {@code n} (the cluster-wide git lock, then the row) in the caller's transaction, for a
     * caller that writes beside the decision before changing it (the git import records a conflict first); 404 if
     * there is no such decision.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public DecisionRow lockForWrite(DecisionNumber n) {
        gitLock();
        return locked(n, null);
    }

    /**
     * Stores a decision that arrived as a file (git import: its number is the file's), with one timeline entry of
     * {@code kind}, and mirrors it as one commit. {@code bases}: the agreed blob per path where the caller knows it.
     */
    @Transactional
    public DecisionRow createFromFile(
            Decision d,
            String slug,
            Caller caller,
            TimelineKind kind,
            String summary,
            String commitMessage,
            Map<String, String> bases) {
        gitLock();
        Instant now = now();
        store.insert(d, slug, DecisionMarkdown.render(d), now);
        timeline.append(d.number(), now, caller.actor(), kind, summary, null);
        evaluation.reevaluate(d.number(), kind.label(), now);
        DecisionRow row = get(d.number());
        mirror(List.of(row), caller, commitMessage, bases);
        return row;
    }

    /**
     * Replaces a decision by a file's content (git import), by the same rules as {@link #editMarkdown}: a malformed
     * file or a status change the lifecycle forbids throws, and nothing changes.
     */
    @Transactional
    public DecisionRow applyFile(
            DecisionNumber n,
            String markdown,
            Caller caller,
            TimelineKind kind,
            String summary,
            String commitMessage,
            Map<String, String> bases) {
        gitLock();
        DecisionRow row = locked(n, null);
        Decision parsed = DecisionMarkdown.parse(row.path(), markdown);
        checkFileTransition(n, row.decision(), parsed);
        DecisionRow saved = saveNoMirror(row, parsed, caller, kind, summary, null, now());
        mirror(List.of(saved), caller, commitMessage, bases);
        return saved;
    }

    /** A status changed by editing the file must be a legal transition, and never accept or reject (review does). */
    private static void checkFileTransition(DecisionNumber n, Decision before, Decision parsed) {
        if (parsed.status() != before.status()) {
            Lifecycle.check(before.status(), parsed.status());
            if (parsed.status() == DecisionStatus.ACCEPTED || parsed.status() == DecisionStatus.REJECTED) {
                throw new ConflictException(
                        "review-required",
                        "accepting or rejecting " + n + " goes through review (POST /api/decisions/" + n
                                + "/accept or /reject), not an edit");
            }
        }
    }

    private void gitLock() {
        if (mirror.enabled()) {
            lock.inTransaction(ClusterLock.Name.GIT);
        }
    }

    private DecisionRow locked(DecisionNumber n, Integer expectedVersion) {
        DecisionRow row = store.find(n, true).orElseThrow(() -> new NotFoundException("no decision " + n));
        if (expectedVersion != null && expectedVersion != row.version()) {
            throw new ConflictException(
                    "version-mismatch",
                    n + " is at version " + row.version() + ", not " + expectedVersion
                            + "; reload and apply your change again");
        }
        return row;
    }

    private DecisionRow save(
            DecisionRow row,
            Decision after,
            Caller caller,
            TimelineKind kind,
            String summary,
            Map<String, Object> detail) {
        Instant now = now();
        DecisionRow saved = saveNoMirror(row, after, caller, kind, summary, detail, now);
        mirror(List.of(saved), caller, after.number() + ": " + summary);
        return saved;
    }

    private DecisionRow saveNoMirror(
            DecisionRow row,
            Decision after,
            Caller caller,
            TimelineKind kind,
            String summary,
            Map<String, Object> detail,
            Instant now) {
        String content = DecisionMarkdown.render(after);
        if (content.equals(row.content())) {
            return row;
        }
        store.update(after, content, now);
        Map<String, Object> d = detail == null ? new LinkedHashMap<>() : new LinkedHashMap<>(detail);
        d.put("changed", changedFields(row.decision(), after));
        d.put("version", row.version() + 1);
        timeline.append(after.number(), now, caller.actor(), kind, summary, d);
        evaluation.reevaluate(after.number(), kind.label(), now);
        return get(after.number());
    }

    /** Names of the model fields that differ (title, context, criteria, ...), for the timeline. */
    static List<String> changedFields(Decision before, Decision after) {
        List<String> out = new ArrayList<>();
        for (java.lang.reflect.RecordComponent c : Decision.class.getRecordComponents()) {
            try {
                if (!java.util.Objects.equals(
                        c.getAccessor().invoke(before), c.getAccessor().invoke(after))) {
                    out.add(c.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private static Decision build(java.util.function.Supplier<Decision> s) {
        try {
            return s.get();
        } catch (dev.verdict.decisions.criteria.grammar.CriterionException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UnprocessableException(e.getMessage(), List.of(new Violation(null, null, null, e.getMessage())));
        }
    }

    private void mirror(List<DecisionRow> rows, Caller caller, String message) {
        mirror(rows, caller, message, Map.of());
    }

    /**
     * Writes the files as one commit authored by the caller, inside the transaction and under the git lock taken at
     * its start. {@code bases}: the agreed blob per path where the caller knows better than the stored one (a file
     * just imported from git).
     */
    private void mirror(List<DecisionRow> rows, Caller caller, String message, Map<String, String> bases) {
        if (mirror.enabled()) {
            gitLock();
            mirror.write(rows, caller, message, bases);
        }
    }
}

package dev.verdict.decisions.decision.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.verdict.decisions.criteria.evaluate.EvidenceStatus;
import dev.verdict.decisions.criteria.grammar.Criterion;
import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.madr.DecisionMarkdown;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The decision tables through their Panache entities ({@link DecisionEntity}, {@link DecisionCriterionEntity}). The
 * canonical Markdown file is stored and parsed back on read, so the file in git and the row can never disagree.
 * Filters that JPA has no form for (array containment, full-text search, the criterion match) are native queries on
 * the same persistence context, which Hibernate flushes first. Writes are flushed by Hibernate (before an IDENTITY
 * insert, a query, the commit), not by each call: a flush dirty-checks every managed entity, and an import of 500
 * decisions that flushed per write spent its time there. Callers of the writes run inside a JTA transaction.
 *
 * <p>One read goes around Hibernate: {@link #read}, the row behind {@code GET /api/decisions/{id}} and every
 * endpoint's existence check (the timeline page's among them). Through the entity it opened an ORM session per
 * request and cost the timeline page 1.45x at p50 against plain JDBC (ADR 0001's {@code timeline-read-p99},
 * docs/performance.md); it reads committed rows, so it is for reads that change nothing.
 */
@ApplicationScoped
public class DecisionStore {

    private final EntityManager em;
    private final Jdbc jdbc;

    public DecisionStore(EntityManager em, Jdbc jdbc) {
        this.em = em;
        this.jdbc = jdbc;
    }

    /** Serializes number allocation across replicas for the rest of the transaction. */
    public int nextNumber() {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('decision-number'))")
                .getSingleResult();
        return ((Number) em.createNativeQuery("select coalesce(max(number), 0) + 1 from decision")
                        .getSingleResult())
                .intValue();
    }

    public boolean exists(DecisionNumber n) {
        return DecisionEntity.findById(n.value()) != null;
    }

    /** The decision as committed, through {@link Jdbc} (see the class comment); no ORM session. */
    public Optional<DecisionRow> read(DecisionNumber n) {
        return jdbc.one(
                "select number, slug, content, version, evidence_status, evidence_explanation, evaluated_at,"
                        + " created_at, updated_at from decision where number = ?",
                ps -> ps.setInt(1, n.value()),
                rs -> row(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getInt(4),
                        EvidenceStatus.valueOf(rs.getString(5)),
                        rs.getString(6),
                        instant(rs.getTimestamp(7)),
                        instant(rs.getTimestamp(8)),
                        instant(rs.getTimestamp(9))));
    }

    private static Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    public Optional<DecisionRow> find(DecisionNumber n, boolean forUpdate) {
        DecisionEntity e = forUpdate
                ? DecisionEntity.findById(n.value(), LockModeType.PESSIMISTIC_WRITE)
                : DecisionEntity.findById(n.value());
        return Optional.ofNullable(e).map(this::row);
    }

    public List<DecisionRow> list(DecisionFilter f) {
        StringBuilder sql = new StringBuilder("select d.* from decision d where d.number > :after");
        if (f.status() != null) {
            sql.append(" and d.status = :status");
        }
        if (f.entity() != null) {
            sql.append(" and d.entities @> array[cast(:entity as text)]");
        }
        if (f.tag() != null) {
            sql.append(" and d.tags @> array[cast(:tag as text)]");
        }
        if (f.text() != null) {
            sql.append(" and d.search @@ plainto_tsquery('simple', :text)");
        }
        sql.append(" order by d.number limit :limit");
        Query q = em.createNativeQuery(sql.toString(), DecisionEntity.class)
                .setParameter("after", f.after())
                .setParameter("limit", f.limit());
        if (f.status() != null) {
            q.setParameter("status", f.status().label());
        }
        if (f.entity() != null) {
            q.setParameter("entity", f.entity());
        }
        if (f.tag() != null) {
            q.setParameter("tag", f.tag());
        }
        if (f.text() != null) {
            q.setParameter("text", f.text());
        }
        @SuppressWarnings("unchecked")
        List<DecisionEntity> rows = q.getResultList();
        return rows.stream().map(this::row).toList();
    }

    /** Numbers of every decision that declares criteria, after {@code after}, for batch re-evaluation. */
    public List<DecisionNumber> withCriteria(int after, int limit) {
        return numbers(em.createNativeQuery("select distinct decision_number from decision_criterion"
                        + " where decision_number > :after order by decision_number limit :limit")
                .setParameter("after", after)
                .setParameter("limit", limit));
    }

    /** Decisions that list {@code subject} as affected entity and have a criterion for (kind, metric[, comparison]). */
    public List<DecisionNumber> matching(String subject, String kind, String metric, String comparison) {
        return numbers(em.createNativeQuery("select distinct d.number from decision d join decision_criterion k"
                        + " on k.decision_number = d.number where d.entities @> array[cast(:subject as text)]"
                        + " and k.kind = :kind and k.metric = :metric"
                        + " and (k.comparison is null or k.comparison = cast(:comparison as text)) order by d.number")
                .setParameter("subject", subject)
                .setParameter("kind", kind)
                .setParameter("metric", metric)
                .setParameter("comparison", comparison));
    }

    public void insert(Decision d, String slug, String content, Instant now) {
        DecisionEntity e = new DecisionEntity();
        e.number = d.number().value();
        e.slug = slug;
        fill(e, d, content);
        e.version = 1;
        e.evidenceStatus = EvidenceStatus.INCONCLUSIVE;
        e.evidenceExplanation = "";
        e.createdAt = now;
        e.updatedAt = now;
        e.persist();
        criteria(d); // queued inserts run before the next IDENTITY insert (the timeline entry) or the commit
    }

    /** Replaces the content; returns the new version. */
    public int update(Decision d, String content, Instant now) {
        DecisionEntity e = DecisionEntity.findById(d.number().value());
        if (e == null) {
            throw new IllegalStateException("decision " + d.number() + " vanished");
        }
        fill(e, d, content);
        e.updatedAt = now;
        DecisionCriterionEntity.delete("decisionNumber", d.number().value());
        criteria(d);
        em.flush(); // the new version (the ETag) exists only after the flush
        return e.version;
    }

    public void setEvidenceStatus(DecisionNumber n, EvidenceStatus status, String explanation, Instant at) {
        DecisionEntity e = DecisionEntity.findById(n.value());
        if (e == null) {
            return;
        }
        e.evidenceStatus = status;
        e.evidenceExplanation = explanation;
        e.evaluatedAt = at;
    }

    /** The git blob id the database and the remote last agreed on, if the decision exists and has one. */
    public Optional<String> gitBlob(DecisionNumber n) {
        DecisionEntity e = DecisionEntity.findById(n.value());
        return e == null ? Optional.empty() : Optional.ofNullable(e.gitBlob);
    }

    public void setGitBlob(DecisionNumber n, String blob) {
        DecisionEntity e = DecisionEntity.findById(n.value());
        if (e != null) {
            e.gitBlob = blob;
        }
    }

    /** A page of decisions in number order with their file path, content and git blob (the git sync's input). */
    public List<DecisionEntity> page(int after, int limit) {
        return DecisionEntity.<DecisionEntity>find("number > ?1", io.quarkus.panache.common.Sort.by("number"), after)
                .page(0, limit)
                .list();
    }

    /** The file path of a decision in the repository: {@code docs/decisions/NNNN-slug.md}. */
    public static String path(int number, String slug) {
        return DecisionMarkdown.DIRECTORY + "/" + String.format("%04d", number) + "-" + slug + ".md";
    }

    private static List<DecisionNumber> numbers(Query q) {
        List<DecisionNumber> out = new ArrayList<>();
        for (Object n : q.getResultList()) {
            out.add(DecisionNumber.of(((Number) n).intValue()));
        }
        return out;
    }

    private static void criteria(Decision d) {
        int i = 0;
        for (Criterion k : d.criteria()) {
            DecisionCriterionEntity c = new DecisionCriterionEntity();
            c.decisionNumber = d.number().value();
            c.position = i++;
            c.kind = k.kind().label();
            c.metric = k.metric();
            c.comparison = k.comparison();
            c.persist();
        }
    }

    private static void fill(DecisionEntity e, Decision d, String content) {
        e.title = d.title();
        e.status = d.status().label();
        e.statusLabel = d.statusLabel();
        e.decidedOn = d.date();
        e.dateLabel = d.dateLabel();
        e.tags = List.copyOf(d.tags());
        e.entities = List.copyOf(d.affectedEntities());
        e.content = content;
    }

    /** A decision's model with the file it was parsed from. */
    private record Parsed(String path, String content, Decision decision) {}

    /**
     * Parsed models by decision number: parsing the file (YAML front matter and Markdown) is most of the cost of a
     * read, and the evidence consumer reads every decision its batch touched once per batch. A hit needs the same
     * path and content, so the model is always the one of the row read (models are immutable, so sharing is safe).
     */
    private final Cache<Integer, Parsed> parsed =
            Caffeine.newBuilder().maximumSize(2_000).build();

    private Decision parse(int number, String path, String content) {
        Parsed p = parsed.getIfPresent(number);
        if (p != null && p.path().equals(path) && p.content().equals(content)) {
            return p.decision();
        }
        Decision d = DecisionMarkdown.parse(path, content);
        parsed.put(number, new Parsed(path, content, d));
        return d;
    }

    private DecisionRow row(DecisionEntity e) {
        return row(
                e.number,
                e.slug,
                e.content,
                e.version,
                e.evidenceStatus,
                e.evidenceExplanation,
                e.evaluatedAt,
                e.createdAt,
                e.updatedAt);
    }

    private DecisionRow row(
            int number,
            String slug,
            String content,
            int version,
            EvidenceStatus evidenceStatus,
            String evidenceExplanation,
            Instant evaluatedAt,
            Instant createdAt,
            Instant updatedAt) {
        String path = path(number, slug);
        Decision d = parse(number, path, content);
        return new DecisionRow(
                d, path, content, version, evidenceStatus, evidenceExplanation, evaluatedAt, createdAt, updatedAt);
    }
}

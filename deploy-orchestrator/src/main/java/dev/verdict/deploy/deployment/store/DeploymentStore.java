package dev.verdict.deploy.deployment.store;

import dev.verdict.deploy.deployment.model.DeploymentStatus;
import dev.verdict.deploy.deployment.model.TimelineKind;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Deployments, their judgements and timelines (Panache); the row locks that make one replica drive a deployment. */
@ApplicationScoped
public class DeploymentStore {

    private final EntityManager em;

    public DeploymentStore(EntityManager em) {
        this.em = em;
    }

    /** A page of deployments, newest first, optionally of one component and one status. */
    public record Page<T>(List<T> items, long total) {}

    public Page<DeploymentEntity> list(String component, DeploymentStatus status, int page, int size) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (component != null) {
            q.append(" and component = :component");
            p.and("component", component);
        }
        if (status != null) {
            q.append(" and status = :status");
            p.and("status", status);
        }
        PanacheQuery<DeploymentEntity> query =
                DeploymentEntity.find(q.toString(), Sort.descending("createdAt").and("id"), p);
        return new Page<>(
                query.page(io.quarkus.panache.common.Page.of(page, size)).list(), query.count());
    }

    public Optional<DeploymentEntity> find(UUID id) {
        return DeploymentEntity.findByIdOptional(id);
    }

    /** The component's deployment that has not finished, if one has not. */
    public Optional<DeploymentEntity> live(String component) {
        return DeploymentEntity.find("component = ?1 and finishedAt is null", component)
                .firstResultOptional();
    }

    public List<DeploymentEntity> allLive() {
        return DeploymentEntity.list("finishedAt is null", Sort.by("createdAt"));
    }

    /** Ids of unfinished deployments whose next action is due; callable outside a transaction. */
    @ActivateRequestContext
    public List<UUID> due(Instant now, int limit) {
        return em.createQuery(
                        "select d.id from DeploymentEntity d where d.finishedAt is null and d.wakeAt <= :now"
                                + " order by d.wakeAt",
                        UUID.class)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList();
    }

    /**
     * The deployment, row-locked for this transaction, or empty when another replica (or thread) holds it: the
     * driver skips it this round.
     */
    public Optional<DeploymentEntity> tryLock(UUID id) {
        @SuppressWarnings("unchecked")
        List<DeploymentEntity> rows = em.createNativeQuery(
                        "SELECT * FROM deployment WHERE id = :id FOR UPDATE SKIP LOCKED", DeploymentEntity.class)
                .setParameter("id", id)
                .getResultList();
        return rows.stream().findFirst();
    }

    /** The deployment, row-locked for this transaction, waiting for a driver's action on it to finish. */
    public Optional<DeploymentEntity> lock(UUID id) {
        @SuppressWarnings("unchecked")
        List<DeploymentEntity> rows = em.createNativeQuery(
                        "SELECT * FROM deployment WHERE id = :id FOR UPDATE", DeploymentEntity.class)
                .setParameter("id", id)
                .getResultList();
        return rows.stream().findFirst();
    }

    public void insert(DeploymentEntity d) {
        d.persist();
    }

    public void log(UUID deployment, TimelineKind kind, String actor, String summary, String detailJson) {
        DeploymentEventEntity e = new DeploymentEventEntity();
        e.deploymentId = deployment;
        e.at = Instant.now();
        e.kind = kind.name();
        e.actor = actor;
        e.summary = summary;
        e.detail = detailJson;
        e.persist();
    }

    public Page<DeploymentEventEntity> timeline(UUID deployment, int page, int size) {
        PanacheQuery<DeploymentEventEntity> q = DeploymentEventEntity.find("deploymentId", Sort.by("id"), deployment);
        return new Page<>(q.page(io.quarkus.panache.common.Page.of(page, size)).list(), q.count());
    }

    public List<JudgementEntity> judgements(UUID deployment) {
        return JudgementEntity.list("deploymentId", Sort.by("stepIndex").and("run"), deployment);
    }

    public Optional<JudgementEntity> judgement(UUID deployment, UUID id) {
        return JudgementEntity.find("deploymentId = ?1 and id = ?2", deployment, id)
                .firstResultOptional();
    }

    public void insert(JudgementEntity j) {
        j.persist();
    }

    public Optional<ReleaseEntity> release(String component) {
        return ReleaseEntity.findByIdOptional(component);
    }

    public List<ReleaseEntity> releases() {
        return ReleaseEntity.listAll(Sort.by("component"));
    }

    /** Records what runs as stable now (insert or replace). */
    public void release(ReleaseEntity r) {
        ReleaseEntity existing = ReleaseEntity.findById(r.component);
        if (existing == null) {
            r.persist();
        } else {
            existing.version = r.version;
            existing.artifactType = r.artifactType;
            existing.artifact = r.artifact;
            existing.runtime = r.runtime;
            existing.instances = r.instances;
            existing.placementId = r.placementId;
            existing.deploymentId = r.deploymentId;
            existing.releasedAt = r.releasedAt;
        }
    }
}

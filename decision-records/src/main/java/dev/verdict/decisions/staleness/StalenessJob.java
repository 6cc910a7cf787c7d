package dev.verdict.decisions.staleness;

import dev.verdict.decisions.criteria.evaluate.Evaluation;
import dev.verdict.decisions.criteria.service.EvaluationService;
import dev.verdict.decisions.decision.store.DecisionStore;
import dev.verdict.decisions.replica.ClusterLock;
import dev.verdict.decisions.shared.DecisionNumber;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Evidence ages without any event arriving: this job re-evaluates every decision with criteria on a schedule, so a
 * decision whose deciding evidence passed its max-age becomes STALE (and the change is published). One transaction
 * per decision. With several replicas sharing the database, one runs it at a time (the cluster-wide
 * {@link ClusterLock.Name#STALENESS} lock; a replica that finds it taken skips its turn); even without the lock the
 * decision's row lock would make a second evaluation see the stored status and publish nothing.
 */
@ApplicationScoped
public class StalenessJob {

    private final DecisionStore decisions;
    private final EvaluationService evaluation;
    private final ClusterLock lock;

    public StalenessJob(DecisionStore decisions, EvaluationService evaluation, ClusterLock lock) {
        this.decisions = decisions;
        this.evaluation = evaluation;
        this.lock = lock;
    }

    @Scheduled(
            every = "${verdict.decisions.staleness.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${verdict.decisions.staleness.delay}")
    void scheduled() {
        try {
            lock.tryExclusive(ClusterLock.Name.STALENESS, () -> run(Instant.now()))
                    .ifPresent(changed -> {
                        if (changed > 0) {
                            Log.infof("staleness job: %d decision(s) changed evidence status", changed);
                        }
                    });
        } catch (RuntimeException e) {
            Log.warnf("staleness job failed: %s", e.getMessage());
        }
    }

    /** Re-evaluates all decisions with criteria at {@code now}; returns how many changed status. */
    public int run(Instant now) {
        int after = 0;
        int changed = 0;
        while (true) {
            List<DecisionNumber> batch = decisions.withCriteria(after, 100);
            if (batch.isEmpty()) {
                return changed;
            }
            for (DecisionNumber n : batch) {
                String before = decisions
                        .find(n, false)
                        .map(r -> r.evidenceStatus().name())
                        .orElse(null);
                Evaluation e = evaluation.reevaluate(n, "staleness-job", now);
                if (!e.status().name().equals(before)) {
                    changed++;
                }
                after = n.value();
            }
        }
    }
}

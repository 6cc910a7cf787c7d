package dev.verdict.decisions.staleness;

import dev.verdict.decisions.criteria.evaluate.Evaluation;
import dev.verdict.decisions.criteria.service.EvaluationService;
import dev.verdict.decisions.decision.model.DecisionNumber;
import dev.verdict.decisions.decision.store.DecisionStore;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/**
 * Evidence ages without any event arriving: this job re-evaluates every decision with criteria on a schedule, so a
 * decision whose deciding evidence passed its max-age becomes STALE (and the change is published). One transaction
 * per decision; replicas may run it concurrently (row locks serialize them, and the result is the same).
 */
@ApplicationScoped
public class StalenessJob {

    @Inject
    DecisionStore decisions;

    @Inject
    EvaluationService evaluation;

    @Scheduled(every = "${verdict.decisions.staleness.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "30s")
    void scheduled() {
        int changed = run(Instant.now());
        if (changed > 0) {
            Log.infof("staleness job: %d decision(s) changed evidence status", changed);
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
                String before = decisions.find(n, false).map(r -> r.evidenceStatus().name()).orElse(null);
                Evaluation e = evaluation.reevaluate(n, "staleness-job", now);
                if (!e.status().name().equals(before)) {
                    changed++;
                }
                after = n.value();
            }
        }
    }
}

package dev.verdict.catalog.location.service;

import dev.verdict.catalog.location.store.LocationStore;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Refreshes due locations and purges expired orphans. Every replica runs it; the location row lock (SKIP LOCKED),
 * the due check under that lock and the orphan row locks make each piece of work happen once.
 */
@ApplicationScoped
public class LocationScheduler {

    private final LocationStore locations;
    private final LocationRefresher refresher;
    private final LocationConfig config;

    public LocationScheduler(LocationStore locations, LocationRefresher refresher, LocationConfig config) {
        this.locations = locations;
        this.refresher = refresher;
        this.config = config;
    }

    @Scheduled(
            every = "${verdict.catalog.locations.scheduler-every:30s}",
            delayed = "${verdict.catalog.locations.scheduler-delay:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (config.schedulerEnabled()) {
            runOnce();
        }
    }

    /** One round: refresh what is due, purge expired orphans. Returns what each refresh did. */
    List<RefreshResult> runOnce() {
        List<RefreshResult> results = new ArrayList<>();
        for (long id : locations.due(Instant.now())) {
            try {
                results.add(refresher.refreshIfDue(id));
            } catch (RuntimeException e) {
                Log.warnf(e, "scheduled refresh of location %d failed", id);
            }
        }
        try {
            int purged = refresher.purgeOrphans(Instant.now().minus(config.orphanGrace()));
            if (purged > 0) {
                Log.infof("deleted %d orphaned entities after their grace period", purged);
            }
        } catch (RuntimeException e) {
            Log.warn("orphan purge failed", e);
        }
        return results;
    }
}

package dev.verdict.catalog.location.service;

import dev.verdict.catalog.location.store.LocationStore;
import java.util.List;

/**
 * What one refresh of a location did.
 *
 * @param status {@code ok}, {@code failed} (clone/fetch error; entities untouched), {@code busy} (another replica
 *               or thread is refreshing it right now) or {@code not-due} (a scheduled refresh found that another
 *               replica had just refreshed it)
 */
public record RefreshResult(
        long locationId,
        String status,
        String commit,
        int filesMatched,
        int filesChanged,
        int filesSkipped,
        int filesRemoved,
        int created,
        int updated,
        int unchanged,
        int orphaned,
        List<LocationStore.Conflict> conflicts,
        int fileErrors,
        long durationMs,
        String error) {

    static RefreshResult failed(long id, String error, long durationMs) {
        return new RefreshResult(id, "failed", null, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0, durationMs, error);
    }

    static RefreshResult notDue(long id) {
        return new RefreshResult(id, "not-due", null, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0, 0, null);
    }

    static RefreshResult busy(long id) {
        return new RefreshResult(id, "busy", null, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0, 0, null);
    }
}

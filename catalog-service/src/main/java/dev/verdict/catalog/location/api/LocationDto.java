package dev.verdict.catalog.location.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.catalog.location.git.RemoteUrl;
import dev.verdict.catalog.location.store.LocationStore;
import java.time.Instant;

/**
 * A location as the API shows it: the stored row with its URL in display form, so credentials written into a
 * location's URL never leave the service. Errors are stored already scrubbed and are passed through the same filter.
 */
public record LocationDto(
        long id,
        String url,
        String branch,
        String pathGlob,
        String createdBy,
        Instant createdAt,
        Instant lastAttemptAt,
        Instant lastSuccessAt,
        String lastCommit,
        String lastError,
        Instant nextRefreshAt,
        int entityCount,
        JsonNode lastResult) {

    static LocationDto of(LocationStore.Location l) {
        RemoteUrl url = RemoteUrl.parse(l.url());
        return new LocationDto(
                l.id(),
                url.display(),
                l.branch(),
                l.pathGlob(),
                l.createdBy(),
                l.createdAt(),
                l.lastAttemptAt(),
                l.lastSuccessAt(),
                l.lastCommit(),
                url.scrub(l.lastError()),
                l.nextRefreshAt(),
                l.entityCount(),
                l.lastResult());
    }
}

package dev.verdict.catalog.location.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of git locations ({@code verdict.catalog.locations.*}). */
@ConfigMapping(prefix = "verdict.catalog.locations")
public interface LocationConfig {

    /** Where clones are cached (one bare repository per location). */
    @WithDefault("${java.io.tmpdir}/verdict-catalog-git")
    String cacheDir();

    /** How often each location is refreshed. */
    @WithDefault("5m")
    Duration refreshInterval();

    /** How long an entity that vanished from its location stays (annotated as orphan) before it is deleted. */
    @WithDefault("24h")
    Duration orphanGrace();

    /**
     * How long one network step of a clone/fetch (connect, one read) may wait for the remote: a remote that stops
     * answering fails after this instead of blocking the refresh (and with it the scheduler of this replica).
     */
    @WithDefault("60s")
    Duration gitTimeout();

    /**
     * How long one whole clone/fetch may take; a remote that keeps answering, but too slowly, is cancelled. Keep it
     * below {@link #refreshTimeout()}.
     */
    @WithDefault("300s")
    Duration gitDeadline();

    /** Transaction timeout of one refresh (parse and write of every changed file). */
    @WithDefault("600s")
    Duration refreshTimeout();

    /** Whether the scheduler refreshes due locations and purges expired orphans in this replica. */
    @WithDefault("true")
    boolean schedulerEnabled();

    /**
     * How often the scheduler looks for due locations and expired orphans (read by {@link LocationScheduler}'s
     * {@code @Scheduled}; declared here so that setting it passes config validation).
     */
    @WithDefault("30s")
    String schedulerEvery();

    /** How long after start the scheduler first runs. */
    @WithDefault("10s")
    String schedulerDelay();
}

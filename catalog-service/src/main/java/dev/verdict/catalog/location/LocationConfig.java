package dev.verdict.catalog.location;

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

    /** Timeout of one git clone/fetch. */
    @WithDefault("60s")
    Duration gitTimeout();

    /** Transaction timeout of one refresh (parse and write of every changed file). */
    @WithDefault("600s")
    Duration refreshTimeout();

    /** Whether the scheduler refreshes due locations and purges expired orphans in this replica. */
    @WithDefault("true")
    boolean schedulerEnabled();
}

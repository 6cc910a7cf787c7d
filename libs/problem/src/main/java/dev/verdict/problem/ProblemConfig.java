package dev.verdict.problem;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the shared error handling ({@code verdict.problem.*}). */
@ConfigMapping(prefix = "verdict.problem")
public interface ProblemConfig {

    /**
     * Largest request body, in bytes, that {@link BodyLimitFilter} lets through (by its declared Content-Length);
     * 0 or less switches the filter off. The HTTP layer's {@code quarkus.http.limits.max-body-size} stays the hard
     * stop for bodies that declare no length.
     */
    @WithDefault("1048576")
    long maxBodyBytes();
}

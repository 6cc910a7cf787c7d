package dev.verdict.catalog.entity.placeholder;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Which URLs placeholders may read ({@code verdict.catalog.reading.*}), as Backstage's {@code backend.reading.allow}:
 * nothing outside the allow-list is fetched, so a descriptor cannot make the catalog call an internal address.
 */
@ConfigMapping(prefix = "verdict.catalog.reading")
public interface ReadingConfig {

    /**
     * Allowed hosts: {@code host}, {@code host:port}, or {@code *.domain} for every subdomain of a domain (not the
     * domain itself), each optionally followed by a path prefix ({@code example.com/docs/}). Empty: no URL is read.
     */
    Optional<List<String>> allow();

    /** How long one URL read may take, connect and body together. */
    @WithDefault("10s")
    Duration timeout();

    /**
     * How long all URL reads of one location refresh may take together: a repository with many slow URLs must not
     * hold its refresh (and its location's lock) for hours. A file whose read finds the budget spent is an error of
     * that file, keeps its previous entities, and is read again on the next refresh.
     */
    @WithDefault("60s")
    Duration refreshBudget();

    /** Largest body read from a URL or a repository file. */
    @WithDefault("1048576")
    long maxBytes();
}

package dev.verdict.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A bounded map from the exact bearer token string (signature included) to the identity that quarkus-oidc built
 * when it verified that token. An entry is served until the earliest of the token's {@code exp} (plus the allowed
 * clock skew), {@code iat + max age} when a maximum token age is configured, and the time it was cached plus
 * {@code maxTtl}; after that it is dropped on read and the token goes through full verification again. Only
 * successful verifications are ever stored, so a token with a changed signature or payload is a different key and
 * is verified (and refused) like any token never seen before.
 *
 * <p>The stored value must not hold request state ({@link RequestIdentity} is the identity without it).
 */
public final class VerifiedTokenCache<V> {

    /** A verified value and the instant from which it must no longer be served. */
    record Entry<V>(V value, Instant notAfter) {}

    private final Cache<String, Entry<V>> entries;
    private final Clock clock;
    private final Duration maxTtl;
    private final Duration clockSkew;
    private final Optional<Duration> maxTokenAge;

    /**
     * @param maxEntries  how many tokens are kept (least valuable evicted first)
     * @param maxTtl      longest time one verification is reused (bounds how long a key removed from the issuer's
     *                    JWKS keeps working for an already cached token)
     * @param clockSkew   what the verifier allows past {@code exp} ({@code quarkus.oidc.token.lifespan-grace})
     * @param maxTokenAge the verifier's {@code quarkus.oidc.token.age}, if set
     */
    public VerifiedTokenCache(
            long maxEntries, Duration maxTtl, Duration clockSkew, Optional<Duration> maxTokenAge, Clock clock) {
        if (maxEntries < 1 || maxTtl.isNegative() || maxTtl.isZero()) {
            throw new IllegalArgumentException("token cache needs max-entries >= 1 and a positive max-ttl");
        }
        this.clock = clock;
        this.maxTtl = maxTtl;
        this.clockSkew = clockSkew;
        this.maxTokenAge = maxTokenAge;
        // expireAfterWrite only frees memory early; validity is decided by notAfter on every read.
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(maxTtl)
                .recordStats()
                .build();
    }

    /** The cached identity of {@code key}, if it is still within its validity; an outdated entry is removed. */
    public Optional<V> get(String key) {
        Entry<V> e = entries.getIfPresent(key);
        if (e == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(e.notAfter())) {
            entries.invalidate(key);
            return Optional.empty();
        }
        return Optional.of(e.value());
    }

    /**
     * Caches a freshly verified identity (already stripped of request state) for a token with the given {@code exp}
     * and {@code iat} (epoch seconds; 0 = absent). A token without {@code exp} is not cached: nothing would bound
     * its reuse but {@code maxTtl}.
     */
    public void put(String key, V value, long expEpochSecond, long iatEpochSecond) {
        if (expEpochSecond <= 0) {
            return;
        }
        Instant now = clock.instant();
        Instant notAfter = Instant.ofEpochSecond(expEpochSecond).plus(clockSkew);
        if (maxTokenAge.isPresent()) {
            if (iatEpochSecond <= 0) {
                return;
            }
            Instant ageLimit = Instant.ofEpochSecond(iatEpochSecond)
                    .plus(maxTokenAge.get())
                    .plus(clockSkew);
            notAfter = ageLimit.isBefore(notAfter) ? ageLimit : notAfter;
        }
        Instant ttlLimit = now.plus(maxTtl);
        notAfter = ttlLimit.isBefore(notAfter) ? ttlLimit : notAfter;
        if (now.isBefore(notAfter)) {
            entries.put(key, new Entry<>(value, notAfter));
        }
    }

    /** Entries currently held (approximate: outdated ones are removed lazily). */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /** Lookups that found an entry (valid or not) since start: for tests and diagnostics. */
    public long hits() {
        return entries.stats().hitCount();
    }

    public void clear() {
        entries.invalidateAll();
    }
}

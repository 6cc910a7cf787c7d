package dev.verdict.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code verdict.security.token-cache.*}: reuse of verified bearer tokens (see {@link CachingTokenIdentityProvider}). */
@ConfigMapping(prefix = "verdict.security.token-cache")
public interface TokenCacheConfig {

    /** Off: every request's token is verified by quarkus-oidc (signature, issuer, audience, expiry). */
    @WithDefault("true")
    boolean enabled();

    /** Tokens kept at once; each entry is the token string plus its parsed claims (a few KiB). */
    @WithDefault("1000")
    long maxEntries();

    /**
     * Longest reuse of one verification, whatever the token's {@code exp}: bounds how long a token keeps working
     * after the issuer removed its signing key from the JWKS.
     */
    @WithDefault("5M")
    Duration maxTtl();
}

package dev.verdict.security;

import io.quarkus.logging.Log;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.runtime.OidcIdentityProvider;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens verified once, then reused until they expire. Runs before quarkus-oidc's own
 * {@link OidcIdentityProvider} (higher priority) and delegates to it for every token it has not verified yet, so
 * the first verification is exactly quarkus-oidc's (signature against the JWKS, issuer, audience, expiry, required
 * claims, roles); only a successful result is cached, keyed by tenant and the exact token string. A hit is served
 * only before the token's {@code exp} (see {@link VerifiedTokenCache}) and is rebound to the current request
 * ({@link RequestIdentity}). Code-flow ID tokens and requests outside HTTP always go to quarkus-oidc.
 *
 * <p>Why: local RS256 verification (jose4j, BigInteger) was 46% of the CPU of a catalog get-by-ref, and one client
 * sends the same token for minutes.
 */
@ApplicationScoped
public class CachingTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** Above quarkus-oidc's provider (default priority 1001), so the manager asks this one first. */
    public static final int PRIORITY = 2000;

    private final OidcIdentityProvider oidc;
    private final ProblemChallenges challenges;
    private final VerifiedTokenCache<RequestIdentity> cache;

    public CachingTokenIdentityProvider(
            OidcIdentityProvider oidc, ProblemChallenges challenges, TokenCacheConfig config, Config mp) {
        this.oidc = oidc;
        this.challenges = challenges;
        // Mirror the verifier's own tolerances so the cache never accepts longer than quarkus-oidc would.
        Duration skew = Duration.ofSeconds(mp.getOptionalValue("quarkus.oidc.token.lifespan-grace", Integer.class)
                .orElse(0));
        Optional<Duration> age = mp.getOptionalValue("quarkus.oidc.token.age", Duration.class);
        this.cache = config.enabled()
                ? new VerifiedTokenCache<>(config.maxEntries(), config.maxTtl(), skew, age, Clock.systemUTC())
                : null;
        if (cache == null) {
            Log.info("verified-token cache is off (verdict.security.token-cache.enabled=false)");
        }
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (rc == null) {
            return oidc.authenticate(request, context);
        }
        if (cache == null || !(request.getToken() instanceof AccessTokenCredential)) {
            return verify(request, context, rc);
        }
        String key = tenant(rc) + '\n' + request.getToken().getToken();
        Optional<RequestIdentity> hit = cache.get(key);
        if (hit.isPresent()) {
            return Uni.createFrom().item(hit.get().bind(rc, context));
        }
        return verify(request, context, rc).invoke(identity -> {
            if (identity != null && !identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken jwt) {
                cache.put(key, RequestIdentity.of(identity), jwt.getExpirationTime(), jwt.getIssuedAtTime());
            }
        });
    }

    /** quarkus-oidc's verification; a refused token gets its 401 with a problem+json body. */
    private Uni<SecurityIdentity> verify(
            TokenAuthenticationRequest request, AuthenticationRequestContext context, RoutingContext rc) {
        return oidc.authenticate(request, context).onFailure().invoke(failure -> challenges.takeOverChallenge(rc));
    }

    /** The cache, for tests and diagnostics; null when disabled. */
    public VerifiedTokenCache<RequestIdentity> cache() {
        return cache;
    }

    private static String tenant(RoutingContext rc) {
        Object tenant = rc.get(OidcUtils.TENANT_ID_ATTRIBUTE);
        if (tenant == null && rc.get(OidcTenantConfig.class.getName()) instanceof OidcTenantConfig c) {
            tenant = c.tenantId().orElse(null);
        }
        return tenant == null ? "" : tenant.toString();
    }
}

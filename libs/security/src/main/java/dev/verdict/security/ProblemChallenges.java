package dev.verdict.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.problem.Problem;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Gives the 401 and 403 that the HTTP security layer answers on its own (before any REST resource runs: missing,
 * malformed, expired or forged token on a path that needs authentication) the same problem+json body as every other
 * Verdict error. Quarkus ends those responses with an empty body. Two hooks:
 * <ul>
 * <li>a challenge-only {@link HttpAuthenticationMechanism} with the highest priority: it authenticates nothing, and
 *     when a challenge is due it asks the real mechanisms (quarkus-oidc's bearer mechanism) for their status and
 *     headers ({@code WWW-Authenticate}), then writes them with the problem body and ends the response. When a
 *     presented token was refused, quarkus-oidc has named itself the challenger of that request;
 *     {@link CachingTokenIdentityProvider} then calls {@link #takeOverChallenge} so the body is still written;</li>
 * <li>a router failure handler for {@link ForbiddenException} / {@link UnauthorizedException} raised by HTTP
 *     permission policies (REST resources map theirs through libs/problem's mappers).</li>
 * </ul>
 */
@ApplicationScoped
public class ProblemChallenges implements HttpAuthenticationMechanism {

    /** Where Quarkus' HttpAuthenticator looks for the one mechanism that must send a request's challenge. */
    static final String MECHANISM_KEY = HttpAuthenticationMechanism.class.getName();

    private static final String FAILED_MECHANISM = ProblemChallenges.class.getName() + ".failed-mechanism";

    private final Instance<HttpAuthenticationMechanism> mechanisms;
    private final ObjectMapper json;
    private volatile List<HttpAuthenticationMechanism> delegates;

    public ProblemChallenges(@Any Instance<HttpAuthenticationMechanism> mechanisms, ObjectMapper json) {
        this.mechanisms = mechanisms;
        this.json = json;
    }

    void failures(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(rc -> {
            Throwable failure = rc.failure();
            if (rc.response().ended() || rc.response().headWritten()) {
                rc.next();
            } else if (failure instanceof ForbiddenException) {
                write(rc.response(), 403, forbidden());
            } else if (failure instanceof UnauthorizedException) {
                rc.response().putHeader("WWW-Authenticate", "Bearer");
                write(rc.response(), 401, unauthorized(rc));
            } else {
                rc.next();
            }
        });
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public int getPriority() {
        return Integer.MAX_VALUE;
    }

    /**
     * The challenge (status and headers) of the mechanism that tried to authenticate this request and failed, else
     * of the first real mechanism that has one.
     */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (context.get(FAILED_MECHANISM) instanceof HttpAuthenticationMechanism failed) {
            return failed.getChallenge(context);
        }
        return challenge(context, delegates(), 0);
    }

    /**
     * Called when a token was presented and refused. The mechanism that tried it (quarkus-oidc) registered itself as
     * the one to send this request's challenge, which would bypass this class; take that over and delegate to it.
     */
    public void takeOverChallenge(RoutingContext context) {
        Object current = context.get(MECHANISM_KEY);
        if (current instanceof HttpAuthenticationMechanism m && !(current instanceof ProblemChallenges)) {
            context.put(FAILED_MECHANISM, m);
        }
        context.put(MECHANISM_KEY, this);
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        return getChallenge(context).map(challenge -> {
            if (challenge == null) {
                return false;
            }
            HttpServerResponse response = context.response();
            challenge.getHeaders().forEach((name, value) -> response.headers().set(name, value));
            Problem problem = challenge.status == 403
                    ? forbidden()
                    : challenge.status == 401
                            ? unauthorized(context)
                            : Problem.of(
                                    "http-" + challenge.status,
                                    "Authentication required",
                                    challenge.status,
                                    "authenticate and retry");
            write(response, challenge.status, problem);
            return true;
        });
    }

    private Uni<ChallengeData> challenge(RoutingContext context, List<HttpAuthenticationMechanism> list, int i) {
        if (i >= list.size()) {
            return Uni.createFrom().nullItem();
        }
        return list.get(i)
                .getChallenge(context)
                .onItem()
                .transformToUni(c -> c != null ? Uni.createFrom().item(c) : challenge(context, list, i + 1));
    }

    private List<HttpAuthenticationMechanism> delegates() {
        List<HttpAuthenticationMechanism> d = delegates;
        if (d == null) {
            d = mechanisms.stream()
                    .filter(m -> !(m instanceof ProblemChallenges))
                    .sorted(Comparator.comparingInt(HttpAuthenticationMechanism::getPriority)
                            .reversed())
                    .toList();
            delegates = d;
        }
        return d;
    }

    private static Problem unauthorized(RoutingContext rc) {
        boolean sent = rc.request().getHeader(HttpHeaders.AUTHORIZATION) != null;
        return Problem.of(
                "unauthorized",
                "Unauthorized",
                401,
                sent
                        ? "the bearer token is not valid (malformed, expired, or not signed by the trusted issuer)"
                        : "a valid bearer token is required");
    }

    private static Problem forbidden() {
        return Problem.of("forbidden", "Forbidden", 403, "your roles do not allow this operation");
    }

    private void write(HttpServerResponse response, int status, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("problem body not serializable", e);
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }
}

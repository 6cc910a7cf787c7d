package dev.verdict.ui.security;

import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinSession;
import io.quarkus.arc.Arc;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;

/**
 * The signed-in user's access token, for calls made outside an HTTP request: a server-push refresh runs on a timer
 * thread, where no request (and so no security identity) is active. Every request of a Vaadin session passes
 * quarkus-oidc first, which refreshes a token about to expire ({@code refresh-token-time-skew} is longer than
 * Vaadin's heartbeat), and this handler keeps that token in the session; a timer thread inside
 * {@code UI.access} reads it from there. Never logged, never sent to the browser.
 */
@ApplicationScoped
public class SessionToken {

    static final String ATTRIBUTE = SessionToken.class.getName();

    private final Instance<SecurityIdentity> identity;

    public SessionToken(Instance<SecurityIdentity> identity) {
        this.identity = identity;
    }

    void register(@Observes ServiceInitEvent event) {
        event.addRequestHandler((session, request, response) -> {
            fromRequest().ifPresent(t -> session.setAttribute(ATTRIBUTE, t));
            return false; // never handles the request, only looks at it
        });
    }

    /** The current request's token, or else the newest token this Vaadin session has seen. */
    public String current() {
        return fromRequest()
                .or(() -> Optional.ofNullable(VaadinSession.getCurrent()).map(s -> (String) s.getAttribute(ATTRIBUTE)))
                .orElseThrow(() -> new IllegalStateException("no access token: the session is not signed in"));
    }

    private Optional<String> fromRequest() {
        if (!Arc.container().requestContext().isActive()) {
            return Optional.empty();
        }
        SecurityIdentity id = identity.get();
        AccessTokenCredential c = id.isAnonymous() ? null : id.getCredential(AccessTokenCredential.class);
        return Optional.ofNullable(c).map(AccessTokenCredential::getToken);
    }
}

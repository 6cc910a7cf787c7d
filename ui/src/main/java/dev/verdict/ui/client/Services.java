package dev.verdict.ui.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.ui.security.SessionToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The three services the portal calls, each with the token of whoever is signed in: the current request's (a
 * navigation, a click), or on a server-push refresh the newest one the session has seen ({@link SessionToken}).
 */
@ApplicationScoped
public class Services {

    private final ServiceClient catalog;
    private final ServiceClient deploy;
    private final ServiceClient decisions;

    @Inject
    public Services(
            @ConfigProperty(name = "verdict.ui.catalog-url") String catalogUrl,
            @ConfigProperty(name = "verdict.ui.deploy-url") String deployUrl,
            @ConfigProperty(name = "verdict.ui.decisions-url") String decisionsUrl,
            @ConfigProperty(name = "verdict.ui.timeout") Duration timeout,
            SessionToken tokens,
            ObjectMapper json) {
        this(catalogUrl, deployUrl, decisionsUrl, timeout, tokens::current, json);
    }

    /** The services at these addresses, called with whatever token {@code token} gives (a view test's). */
    public Services(
            String catalogUrl,
            String deployUrl,
            String decisionsUrl,
            Duration timeout,
            java.util.function.Supplier<String> token,
            ObjectMapper json) {
        this.catalog = new ServiceClient("catalog-service", catalogUrl, timeout, token, json);
        this.deploy = new ServiceClient("deploy-orchestrator", deployUrl, timeout, token, json);
        this.decisions = new ServiceClient("decision-records", decisionsUrl, timeout, token, json);
    }

    public ServiceClient catalog() {
        return catalog;
    }

    public ServiceClient deploy() {
        return deploy;
    }

    public ServiceClient decisions() {
        return decisions;
    }
}

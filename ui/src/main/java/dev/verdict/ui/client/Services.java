package dev.verdict.ui.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The three services the portal calls, each with the token of whoever is signed in on the current request (the
 * request Vaadin handles: a navigation, a click, a poll).
 */
@ApplicationScoped
public class Services {

    private final ServiceClient catalog;
    private final ServiceClient deploy;
    private final ServiceClient decisions;

    public Services(
            @ConfigProperty(name = "verdict.ui.catalog-url") String catalogUrl,
            @ConfigProperty(name = "verdict.ui.deploy-url") String deployUrl,
            @ConfigProperty(name = "verdict.ui.decisions-url") String decisionsUrl,
            @ConfigProperty(name = "verdict.ui.timeout") Duration timeout,
            Instance<SecurityIdentity> identity,
            ObjectMapper json) {
        java.util.function.Supplier<String> token = () -> {
            AccessTokenCredential c = identity.get().getCredential(AccessTokenCredential.class);
            if (c == null) {
                throw new IllegalStateException("no access token on this request: the session is not signed in");
            }
            return c.getToken();
        };
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

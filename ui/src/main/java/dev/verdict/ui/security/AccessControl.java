package dev.verdict.ui.security;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.auth.AccessAnnotationChecker;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * Vaadin's view access control, registered by hand (it is not automatic on Quarkus): before every navigation the
 * target view's {@code @PermitAll} / {@code @RolesAllowed} / {@code @DenyAll} are checked against the signed-in
 * user's Quarkus identity. A view with no annotation is denied, so a new view is closed until it says who may see
 * it. Quarkus's own HTTP permissions (everything signs in) do not see Vaadin's in-app navigation; this does.
 */
@ApplicationScoped
public class AccessControl {

    private final Instance<SecurityIdentity> identity;
    private final AccessAnnotationChecker checker = new AccessAnnotationChecker();

    public AccessControl(Instance<SecurityIdentity> identity) {
        this.identity = identity;
    }

    void register(@Observes ServiceInitEvent event) {
        event.getSource().addUIInitListener(ui -> ui.getUI().addBeforeEnterListener(this::check));
    }

    void check(BeforeEnterEvent event) {
        if (!allowed(event.getNavigationTarget())) {
            event.rerouteToError(
                    com.vaadin.flow.router.AccessDeniedException.class,
                    "You may not open this page: it needs a role your account lacks.");
        }
    }

    /** Whether the signed-in user may open {@code view}; public for tests of each view's rule. */
    public boolean allowed(Class<?> view) {
        SecurityIdentity id = identity.get();
        return checker.hasAccess(
                view,
                id.isAnonymous() ? null : id.getPrincipal(),
                role -> !id.isAnonymous() && (id.hasRole(role) || id.hasRole(CurrentUser.ADMIN)));
    }
}

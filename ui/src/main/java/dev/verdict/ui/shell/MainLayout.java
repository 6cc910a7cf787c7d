package dev.verdict.ui.shell;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import dev.verdict.ui.benchmarks.BenchmarksView;
import dev.verdict.ui.catalog.CatalogView;
import dev.verdict.ui.catalog.LocationsView;
import dev.verdict.ui.catalog.RegisterView;
import dev.verdict.ui.decisions.DecisionsGitView;
import dev.verdict.ui.decisions.DecisionsView;
import dev.verdict.ui.deploys.DeploysView;
import dev.verdict.ui.home.HomeView;
import dev.verdict.ui.security.AccessControl;
import dev.verdict.ui.security.CurrentUser;
import java.util.TreeSet;

/**
 * The frame of every page: the navigation (only the views the signed-in user may open, as {@link AccessControl}
 * decides for the navigation itself), who is signed in with which roles, and sign-out.
 */
public class MainLayout extends AppLayout {

    public MainLayout(CurrentUser user, AccessControl access) {
        H1 title = new H1("Verdict");
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
        Span who = new Span(user.name() + " (" + String.join(", ", new TreeSet<>(user.roles())) + ")");
        who.setId("signed-in-user");
        Anchor logout = new Anchor("/logout", "Sign out");
        logout.setId("sign-out");
        logout.setRouterIgnore(true); // a real request: quarkus-oidc ends the session and Keycloak's
        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), title, who, logout);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.expand(who);
        header.getStyle().set("padding-right", "var(--lumo-space-m)");
        addToNavbar(header);

        SideNav nav = new SideNav();
        item(nav, access, "Home", HomeView.class);
        item(nav, access, "Catalog", CatalogView.class);
        item(nav, access, "Register a component", RegisterView.class);
        item(nav, access, "Git locations", LocationsView.class);
        item(nav, access, "Decisions", DecisionsView.class);
        item(nav, access, "Decisions in git", DecisionsGitView.class);
        item(nav, access, "Deploys", DeploysView.class);
        item(nav, access, "Benchmarks", BenchmarksView.class);
        addToDrawer(nav);
    }

    private static void item(SideNav nav, AccessControl access, String label, Class<? extends Component> view) {
        if (access.allowed(view)) {
            SideNavItem item = new SideNavItem(label, view);
            item.setId("nav-" + view.getSimpleName());
            nav.addItem(item);
        }
    }
}

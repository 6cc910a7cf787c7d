package dev.verdict.ui.shell;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.shared.communication.PushMode;
import com.vaadin.flow.shared.ui.Transport;

/**
 * Server push for pages that follow something live (a deployment): updates go down a websocket, while the
 * browser's own messages and heartbeats stay HTTP requests ({@code WEBSOCKET_XHR}), so each still passes
 * quarkus-oidc and keeps the session's token fresh for the push thread.
 */
@Push(value = PushMode.AUTOMATIC, transport = Transport.WEBSOCKET_XHR)
public class AppShell implements AppShellConfigurator {}

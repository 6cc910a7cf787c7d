package dev.verdict.ui.shell;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import dev.verdict.ui.client.ServiceException;

/** One way to tell the user that a service said no: its problem detail in words, long enough to read. */
public final class Problems {

    private Problems() {}

    public static void show(ServiceException e) {
        show(e.describe());
    }

    public static void show(String message) {
        Notification n = Notification.show(message, 8000, Notification.Position.TOP_CENTER);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
        n.setId("problem");
    }

    public static void ok(String message) {
        Notification n = Notification.show(message, 4000, Notification.Position.TOP_CENTER);
        n.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }
}

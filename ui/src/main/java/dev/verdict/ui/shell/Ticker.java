package dev.verdict.ui.shell;

import com.vaadin.flow.component.UI;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One timer thread for every live page: {@link #every} runs a page's refresh inside {@code UI.access} (the session
 * locked, the result pushed to the browser) until the returned handle is cancelled or the UI goes away.
 */
@ApplicationScoped
public class Ticker {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "portal-push");
        t.setDaemon(true);
        return t;
    });

    public ScheduledFuture<?> every(Duration period, UI ui, Runnable refresh) {
        long ms = period.toMillis();
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = timer.scheduleWithFixedDelay(
                () -> {
                    if (ui.isClosing() || !ui.isAttached()) {
                        self[0].cancel(false);
                        return;
                    }
                    try {
                        ui.access(refresh::run).get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        // one failed round (a slow service, a closed UI) is retried next tick
                    }
                },
                ms,
                ms,
                TimeUnit.MILLISECONDS);
        return self[0];
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}

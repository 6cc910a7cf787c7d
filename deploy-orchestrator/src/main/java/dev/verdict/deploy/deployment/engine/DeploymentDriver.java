package dev.verdict.deploy.deployment.engine;

import dev.verdict.deploy.config.DeployConfig;
import dev.verdict.deploy.deployment.model.TimelineKind;
import dev.verdict.deploy.deployment.store.DeploymentEntity;
import dev.verdict.deploy.deployment.store.DeploymentStore;
import dev.verdict.deploy.deployment.store.ReleaseEntity;
import dev.verdict.plugin.DeploySpec;
import dev.verdict.plugin.InstanceStatus;
import dev.verdict.plugin.Placement;
import dev.verdict.plugin.Scope;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drives due deployments. Every replica runs one driver thread; a deployment is advanced only under its row lock
 * ({@code FOR UPDATE SKIP LOCKED}), one transition per transaction, so two replicas never drive the same deployment
 * and a crash loses at most the transition in flight (which is then repeated). Triggers and manual actions
 * {@link #wake} the driver, so they do not wait for the next round.
 *
 * <p>At start it first recovers: the process target's router lives in this process, so the weights of every
 * component are set again, and an analysis window that was open when the previous process died starts over (the
 * router's records from before the restart are gone).
 */
@ApplicationScoped
public class DeploymentDriver {

    private static final int BATCH = 50;
    /** transitions of one deployment in a row before the others get their turn */
    private static final int MAX_CHAIN = 20;

    private final DeploymentStore store;
    private final DeploymentEngine engine;
    private final Targets targets;
    private final DeployConfig config;
    private final TransactionSynchronizationRegistry transactions;
    private final AtomicBoolean woken = new AtomicBoolean();
    private ScheduledExecutorService executor;

    public DeploymentDriver(
            DeploymentStore store,
            DeploymentEngine engine,
            Targets targets,
            DeployConfig config,
            TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
        this.store = store;
        this.engine = engine;
        this.targets = targets;
        this.config = config;
    }

    void onStart(@Observes @Priority(100) StartupEvent ev) {
        if (!config.driver().enabled()) {
            Log.info(
                    "deployment driver disabled (verdict.deploy.driver.enabled=false): this replica only serves the API");
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "deployment-driver");
            t.setDaemon(true);
            return t;
        });
        // first thing on the driver's thread, before any round: start-up is not held up by instances starting
        executor.execute(() -> {
            try {
                recover();
            } catch (RuntimeException e) {
                Log.warn("recovery after start failed; deployments are driven regardless", e);
            }
        });
        executor.scheduleWithFixedDelay(this::round, 0, config.driver().every().toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Asks for a round soon (after the caller's commit: the round runs on the driver's thread). */
    public void wake() {
        if (executor != null && woken.compareAndSet(false, true)) {
            executor.execute(this::round);
        }
    }

    /** {@link #wake} once the caller's transaction has committed (a trigger or a manual action). */
    public void wakeAfterCommit() {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    wake();
                }
            }
        });
    }

    /** One round over every due deployment; public for tests that drive by hand. */
    public void round() {
        woken.set(false);
        try {
            for (UUID id : store.due(Instant.now(), BATCH)) {
                drive(id);
            }
        } catch (RuntimeException e) {
            Log.warn("deployment driver round failed; next round as scheduled", e);
        }
    }

    private void drive(UUID id) {
        for (int i = 0; i < MAX_CHAIN; i++) {
            boolean more;
            try {
                more = QuarkusTransaction.requiringNew().call(() -> {
                    Optional<DeploymentEntity> d = store.tryLock(id);
                    return d.isPresent() && engine.advance(d.get(), Instant.now());
                });
            } catch (RuntimeException e) {
                postpone(id, e);
                return;
            }
            if (!more) {
                return;
            }
        }
    }

    /** A transition that threw (target or metric source down, a process that would not start): try again later. */
    private void postpone(UUID id, RuntimeException e) {
        Log.warnf(
                e,
                "deployment %s: transition failed, retrying in %s",
                id,
                config.driver().retryAfter());
        try {
            QuarkusTransaction.requiringNew()
                    .run(() -> store.tryLock(id).ifPresent(d -> {
                        d.wakeAt = Instant.now().plus(config.driver().retryAfter());
                        store.log(
                                d.id,
                                TimelineKind.ERROR,
                                DeploymentEngine.SYSTEM,
                                "could not " + d.status.name().toLowerCase(java.util.Locale.ROOT) + " (" + d.phase
                                        + "): " + message(e) + "; retrying in "
                                        + config.driver().retryAfter().toSeconds()
                                        + " s",
                                null);
                    }));
        } catch (RuntimeException again) {
            Log.warn("cannot record the failure either", again);
        }
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }

    /**
     * After a start: open analysis windows start over, placements nobody knows are removed, a stable release whose
     * instances are gone is started again, and every component's weights are set again.
     */
    void recover() {
        List<String> restarted = QuarkusTransaction.requiringNew().call(() -> {
            List<String> done = new ArrayList<>();
            for (DeploymentEntity d : store.allLive()) {
                if (store.tryLock(d.id).isPresent() && engine.restartWindow(d, Instant.now())) {
                    done.add(d.id.toString());
                }
            }
            return done;
        });
        if (!restarted.isEmpty()) {
            Log.infof("restarted the analysis windows of %s after a restart", restarted);
        }
        removeOrphans();
        for (ReleaseEntity r : QuarkusTransaction.requiringNew().call(store::releases)) {
            try {
                Optional<DeploymentEntity> live =
                        QuarkusTransaction.requiringNew().call(() -> store.live(r.component));
                restartStableIfGone(r);
                if (live.isPresent()) {
                    engine.reapplyWeights(live.get());
                } else {
                    targets.target().setWeights(r.component, Map.of(Scope.STABLE, 100));
                }
            } catch (RuntimeException e) {
                Log.warnf(e, "cannot restore the routes of %s; its next deployment will retry", r.component);
            }
        }
    }

    private void removeOrphans() {
        Set<String> known = QuarkusTransaction.requiringNew().call(() -> {
            Set<String> ids = new HashSet<>();
            store.releases().forEach(r -> ids.add(r.placementId));
            for (DeploymentEntity d : store.allLive()) {
                ids.add(d.stablePlacement);
                ids.add(d.canaryPlacement);
                ids.add(d.baselinePlacement);
            }
            return ids;
        });
        for (Placement p : targets.target().placements()) {
            if (!known.contains(p.id())) {
                try {
                    targets.target().remove(p);
                    Log.infof(
                            "removed placement %s (%s %s of %s): no release or live deployment names it",
                            p.id(), p.scope().label(), p.version(), p.component());
                } catch (RuntimeException e) {
                    Log.warnf(e, "cannot remove orphaned placement %s", p.id());
                }
            }
        }
    }

    /** A stable release whose instances all died while this process was down is started again, and awaited. */
    private void restartStableIfGone(ReleaseEntity r) {
        Placement current = new Placement(r.placementId, r.component, Scope.STABLE, r.version);
        if (!targets.target().instances(current).isEmpty()) {
            return;
        }
        Placement started = targets.target()
                .deploy(new DeploySpec(
                        r.deploymentId.toString(),
                        r.component,
                        Scope.STABLE,
                        r.version,
                        DeploymentEngine.artifact(r.artifactType, r.artifact),
                        r.instances,
                        r.runtime,
                        Map.of()));
        Instant deadline = Instant.now().plus(config.startupTimeout());
        while (Instant.now().isBefore(deadline)
                && !targets.target().instances(started).stream()
                        .allMatch(i -> i.health() == InstanceStatus.Health.READY)) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        QuarkusTransaction.requiringNew()
                .run(() -> store.release(r.component).ifPresent(x -> x.placementId = started.id()));
        Log.infof(
                "started stable %s of %s again (placement %s): its instances were gone",
                r.version, r.component, started.id());
    }
}

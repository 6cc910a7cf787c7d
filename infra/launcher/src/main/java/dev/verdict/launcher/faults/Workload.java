package dev.verdict.launcher.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What users do while the faults happen: an engineer registers a new component every second (catalog-service, an
 * entity event the orchestrator projects), and deploys payments-api again and again as a canary judged for ADR-0002
 * (deploy-orchestrator, its router, the judge, evidence for decision-records); the demo experiment's shoppers run in
 * the orchestrator meanwhile. Every acknowledged write (a 2xx) is remembered, so the reconciliation can ask for its
 * effect; a call that got no answer has an unknown outcome and is counted, not retried under the same name.
 */
final class Workload implements AutoCloseable {

    static final String COMPONENT = "component:default/payments-api";
    static final String DECISION = "ADR-0002";
    /** One short analysis per deploy, so a run sees several deploys; the defaults take minutes. */
    static final String STEPS =
            "[{\"setWeight\": 50}, {\"analysis\": {\"interval\": \"8s\", \"count\": 1, \"initialDelay\": \"2s\"}}]";

    /** The names of the components the run registers; the reconciliation finds them by it. */
    static final String NAME_PREFIX = "fault-run-";

    static final List<String> TERMINAL = List.of("PROMOTED", "ROLLED_BACK", "ABORTED", "PAUSED");

    private final Api api;
    private final String catalog;
    private final String deploy;
    private final long seed;
    private volatile boolean running = true;
    private final List<Thread> threads = new ArrayList<>();

    final List<String> registered = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<String> deployments = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger unanswered = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final List<String> refusals = java.util.Collections.synchronizedList(new ArrayList<>());

    Workload(Api api, String catalog, String deploy, long seed) {
        this.api = api;
        this.catalog = catalog;
        this.deploy = deploy;
        this.seed = seed;
    }

    void start() {
        threads.add(daemon("faults-register", this::register));
        threads.add(daemon("faults-deploy", this::deployLoop));
    }

    private static Thread daemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void register() {
        for (int n = 1; running; n++) {
            String name = String.format(Locale.ROOT, NAME_PREFIX + "%d-%04d", Math.abs(seed), n);
            String yaml = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name
                    + "\n  description: registered during fault run " + seed + "\nspec:\n  type: service\n"
                    + "  lifecycle: experimental\n  owner: group:default/payments-team\n";
            Api.Reply r = api.post(catalog + "/api/entities", "application/yaml", yaml);
            record(r, "register " + name);
            if (r.ok()) {
                registered.add("component:default/" + name);
            }
            pause(Duration.ofSeconds(1));
        }
    }

    private void deployLoop() {
        for (int n = 1; running; n++) {
            String version = String.format(Locale.ROOT, "1.%d.%d", 100 + (int) (Math.abs(seed) % 800), n);
            String body = "{\"component\": \"" + COMPONENT + "\", \"version\": \"" + version + "\", \"decision\": \""
                    + DECISION + "\", \"steps\": " + STEPS + "}";
            Api.Reply r = api.post(deploy + "/api/deployments", "application/json", body);
            if (r.status() == 409) {
                // one deployment of a component at a time: the previous one (acknowledged or not) still runs
                pause(Duration.ofSeconds(2));
                continue;
            }
            record(r, "deploy " + version);
            if (!r.ok()) {
                pause(Duration.ofSeconds(2));
                continue;
            }
            String id = r.field("id");
            deployments.add(id);
            awaitEnd(id);
        }
    }

    /** Until the deployment reached a final state or the run ends; a down orchestrator is waited out. */
    private void awaitEnd(String id) {
        awaitEnd(id, System.nanoTime() + Duration.ofDays(1).toNanos(), true);
    }

    /** After the run: until the deployment reached a final state, at most {@code limit}. */
    void awaitEndWithin(String id, Duration limit) {
        awaitEnd(id, System.nanoTime() + limit.toNanos(), false);
    }

    private void awaitEnd(String id, long deadline, boolean whileRunning) {
        while ((!whileRunning || running) && System.nanoTime() - deadline < 0) {
            Api.Reply d = api.get(deploy + "/api/deployments/" + id);
            if (d.ok() && TERMINAL.contains(d.field("status"))) {
                return;
            }
            pause(Duration.ofSeconds(1));
        }
    }

    private void record(Api.Reply r, String what) {
        if (r.status() == 0 || r.status() >= 500) {
            // no answer, or a 5xx from a service whose database or broker is away: the outcome is unknown
            unanswered.incrementAndGet();
        } else if (!r.ok()) {
            refused.incrementAndGet();
            if (refusals.size() < 10) {
                refusals.add(what + ": HTTP " + r.status() + " "
                        + r.body().substring(0, Math.min(200, r.body().length())));
            }
        }
    }

    private void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops starting new work; the deploy loop leaves its current deployment to finish on its own. */
    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

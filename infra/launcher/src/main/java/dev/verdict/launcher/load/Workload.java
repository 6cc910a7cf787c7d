package dev.verdict.launcher.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What users do while the faults happen (and during the soak): an engineer registers a new component every second (catalog-service, an
 * entity event the orchestrator projects), and deploys payments-api again and again as a canary judged for ADR-0002
 * (deploy-orchestrator, its router, the judge, evidence for decision-records); the demo experiment's shoppers run in
 * the orchestrator meanwhile. Every acknowledged write (a 2xx) is remembered, so the reconciliation can ask for its
 * effect; a call that got no answer has an unknown outcome and is counted, not retried under the same name.
 */
public final class Workload implements AutoCloseable {

    public static final String COMPONENT = "component:default/payments-api";
    public static final String DECISION = "ADR-0002";
    /** One short analysis per deploy, so a run sees several deploys; the defaults take minutes. */
    public static final String STEPS =
            "[{\"setWeight\": 50}, {\"analysis\": {\"interval\": \"8s\", \"count\": 1, \"initialDelay\": \"2s\"}}]";

    /** The names of the components the run registers; the reconciliation finds them by it. */
    public static final String NAME_PREFIX = "fault-run-";

    public static final List<String> TERMINAL = List.of("PROMOTED", "ROLLED_BACK", "ABORTED", "PAUSED");

    /** Told of every call the workload makes: what, its status (0: no answer) and how long it took. */
    public interface Calls {
        void call(String what, int status, long nanos);
    }

    private final Api api;
    private final String catalog;
    private final String deploy;
    private final long seed;
    private final String prefix;
    private final Calls calls;
    private volatile boolean running = true;
    private final List<Thread> threads = new ArrayList<>();

    private final List<String> registered = Collections.synchronizedList(new ArrayList<>());
    private final List<String> deployments = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final List<String> refusals = Collections.synchronizedList(new ArrayList<>());

    public Workload(Api api, String catalog, String deploy, long seed) {
        this(api, catalog, deploy, seed, NAME_PREFIX, (what, status, nanos) -> {});
    }

    /** With the components named {@code prefix + seed + "-" + n}, and every call reported to {@code calls}. */
    public Workload(Api api, String catalog, String deploy, long seed, String prefix, Calls calls) {
        this.api = api;
        this.catalog = catalog;
        this.deploy = deploy;
        this.seed = seed;
        this.prefix = prefix;
        this.calls = calls;
    }

    public void start() {
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
            String name = String.format(Locale.ROOT, prefix + "%d-%04d", Math.abs(seed), n);
            String yaml = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name
                    + "\n  description: registered during fault run " + seed + "\nspec:\n  type: service\n"
                    + "  lifecycle: experimental\n  owner: group:default/payments-team\n";
            long t0 = System.nanoTime();
            Api.Reply r = api.post(catalog + "/api/entities", "application/yaml", yaml);
            calls.call("catalog-service register", r.status(), System.nanoTime() - t0);
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
            long t0 = System.nanoTime();
            Api.Reply r = api.post(deploy + "/api/deployments", "application/json", body);
            calls.call("deploy-orchestrator deploy", r.status(), System.nanoTime() - t0);
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
    public void awaitEndWithin(String id, Duration limit) {
        awaitEnd(id, System.nanoTime() + limit.toNanos(), false);
    }

    private void awaitEnd(String id, long deadline, boolean whileRunning) {
        while ((!whileRunning || running) && System.nanoTime() - deadline < 0) {
            long t0 = System.nanoTime();
            Api.Reply d = api.get(deploy + "/api/deployments/" + id);
            calls.call("deploy-orchestrator deployment", d.status(), System.nanoTime() - t0);
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

    /** The refs of the components whose registration was acknowledged (a 2xx), in order. */
    public List<String> registered() {
        return List.copyOf(registered);
    }

    /** The ids of the deployments the orchestrator acknowledged, in order. */
    public List<String> deployments() {
        return List.copyOf(deployments);
    }

    /** Calls with no answer or a 5xx (a service, its database or its broker away): outcome unknown. */
    public int unanswered() {
        return unanswered.get();
    }

    /** Calls refused with a 4xx other than the orchestrator's 409 for a deployment still running. */
    public int refused() {
        return refused.get();
    }

    /** The first ten refusals, each with its status and the start of its body. */
    public List<String> refusals() {
        return List.copyOf(refusals);
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

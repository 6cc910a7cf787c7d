package dev.verdict.launcher.faults;

import dev.verdict.launcher.Command;
import dev.verdict.launcher.load.Api;
import dev.verdict.launcher.load.Workload;
import dev.verdict.launcher.stack.KeycloakComponent;
import dev.verdict.launcher.stack.Stack;
import dev.verdict.launcher.stack.StackException;
import dev.verdict.launcher.stack.StackPorts;
import dev.verdict.runtime.proc.Processes;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code ./verdict faults [--seed N] [--faults K] [--gap SECONDS] [--reconcile-only]}: on a running stack ({@code ./verdict up}), users'
 * work ({@link Workload}) goes on while a seeded {@link FaultPlan} kills each service and the Kafka broker with
 * SIGKILL and stops PostgreSQL, one at a time, each started again as {@code up} would; then the run waits for the
 * platform to settle and reconciles every message ({@link Reconciliation}), and scans the stack's logs for
 * credentials. Exit code 0 when nothing was lost, doubled, left unfinished, evaluated differently or leaked; the report is printed and written to
 * {@code .verdict/faults/report-SEED.txt}.
 */
public final class FaultsCommand implements Command {

    @Override
    public String usage() {
        return "faults [--seed N] [--faults K] [--gap S] [--reconcile-only]\n"
                + "                     seeded SIGKILLs of services and Kafka, PostgreSQL stopped, under load; then"
                + " per-message reconciliation";
    }

    @Override
    public int run(Stack stack, List<String> a) throws Exception {
        long seed = Command.number(a, "--seed", System.currentTimeMillis() % 100_000);
        int faults = (int) Command.number(a, "--faults", 6);
        Duration gap = Duration.ofSeconds(Command.number(a, "--gap", 20));
        if (faults < 0 || gap.isNegative()) {
            throw new StackException("--faults and --gap must be >= 0");
        }
        if (a.contains("--reconcile-only")) {
            // the ledger of what is there now, without faults or load: to check a stack, or the check itself
            faults = 0;
            gap = Duration.ZERO;
        }
        return run(stack, seed, faults, gap, System.out);
    }

    static int run(Stack stack, long seed, int count, Duration gap, PrintStream out) throws Exception {
        Map<String, String> services =
                stack.runningServices(List.of("catalog-service", "deploy-orchestrator", "decision-records"));
        List<String> targets = new ArrayList<>(services.keySet());
        targets.add("kafka");
        targets.add(FaultPlan.POSTGRES);
        FaultPlan plan = FaultPlan.of(seed, targets, count, gap);
        String realm = KeycloakComponent.realmUrl();
        String catalog = services.get("catalog-service");
        String deploy = services.get("deploy-orchestrator");
        String decisions = services.get("decision-records");
        Api engineer = new Api(realm, "engineer");
        Api viewer = new Api(realm, "viewer");
        Instant start = Instant.now();
        out.printf(Locale.ROOT, "fault run seed %d: %d faults over %s%n", seed, count, String.join(", ", targets));

        List<String> log = new ArrayList<>();
        Workload work = new Workload(engineer, catalog, deploy, seed);
        if (count > 0) {
            work.start();
        }
        try {
            for (FaultPlan.Fault f : plan.faults()) {
                Thread.sleep(f.after().toMillis());
                OptionalLong pid = stack.pid(f.target());
                if (pid.isEmpty()) {
                    throw new StackException(f.target() + " is not running before fault " + f.index());
                }
                if (f.kind() == FaultPlan.Kind.KILL) {
                    Processes.kill("-KILL", pid.getAsLong(), false);
                    Processes.waitForExit(pid.getAsLong(), false, Duration.ofSeconds(10));
                } else {
                    Processes.stop(pid.getAsLong(), false, "-TERM", Duration.ofSeconds(30));
                }
                Thread.sleep(f.down().toMillis());
                Duration back = stack.restart(f.target());
                String line = String.format(
                        Locale.ROOT,
                        "fault %d/%d at +%ds: %s %s (pid %d), down %.1f s, healthy again %.1f s after its restart",
                        f.index(),
                        count,
                        Duration.between(start, Instant.now()).toSeconds(),
                        f.kind() == FaultPlan.Kind.KILL ? "SIGKILL" : "stop",
                        f.target(),
                        pid.getAsLong(),
                        f.down().toMillis() / 1000.0,
                        back.toMillis() / 1000.0);
                out.println(line);
                log.add(line);
            }
            // one more quiet gap under load after the last recovery, so the last fault's aftermath is exercised
            Thread.sleep(gap.toMillis());
        } finally {
            work.close();
        }
        out.println("faults done; waiting for the platform to settle, then reconciling every message");
        // the demo's shoppers feed the experiment without end: paused, its sums on the broker and in the database can
        // meet, so the recount compares one state with one state (they resume after the reconciliation)
        Api admin = new Api(realm, "admin");
        boolean paused = pauseShoppers(admin, deploy, true, out);

        Reconciliation rec = new Reconciliation(
                "jdbc:postgresql://localhost:" + StackPorts.POSTGRES + "/",
                "localhost:" + StackPorts.KAFKA,
                viewer,
                deploy,
                decisions,
                "http://127.0.0.1:" + StackPorts.DEMO_ROUTER + "/api/payments/quote");
        // the last deployment may still be analysing; lagging consumers catch up: settle for up to 3 minutes
        for (String id : work.deployments()) {
            work.awaitEndWithin(id, Duration.ofMinutes(3));
        }
        Reconciliation.Result r;
        try {
            r = rec.reconcile(work);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!r.clean() && System.nanoTime() < deadline) {
                Thread.sleep(5000);
                r = rec.reconcile(work);
            }
        } finally {
            if (paused) { // also when the reconciliation fails: the stack is the user's
                pauseShoppers(admin, deploy, false, out);
            }
        }
        List<Path> scanned = new ArrayList<>();
        List<String> secrets = stack.secretsInLogs(scanned);
        String report = report(plan, log, work, r, Duration.between(start, Instant.now()), scanned, secrets);
        out.print(report);
        stack.writeReport("faults/report-" + seed + ".txt", report, out);
        return r.clean() && secrets.isEmpty() ? 0 : 1;
    }

    /** Pauses or resumes deploy-orchestrator's demo shoppers; false if none run there. */
    static boolean pauseShoppers(Api admin, String deploy, boolean pause, PrintStream out) {
        Api.Reply r = admin.put(deploy + "/api/demo/shoppers", "application/json", "{\"paused\": " + pause + "}");
        if (r.status() == 409) {
            return false; // no shoppers: nothing feeds the experiments
        }
        if (!r.ok()) {
            throw new StackException("could not " + (pause ? "pause" : "resume") + " the demo shoppers: HTTP "
                    + r.status() + " " + r.body());
        }
        out.println("demo shoppers " + (pause ? "paused" : "resumed"));
        return true;
    }

    /** The scan of the stack's logs after the run: the kills and restarts must not have logged a credential. */
    static String secretsLine(List<Path> scanned, List<String> secrets) {
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT,
                "secrets: %d log files of the stack scanned, %d credentials found%n",
                scanned.size(),
                secrets.size()));
        secrets.stream().limit(20).forEach(s -> b.append("  ! ").append(s).append('\n'));
        return b.toString();
    }

    static String report(
            FaultPlan plan,
            List<String> log,
            Workload w,
            Reconciliation.Result r,
            Duration took,
            List<Path> scanned,
            List<String> secrets) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "%nFAULT RUN seed %d, %d faults, %d s%n",
                plan.seed(),
                plan.faults().size(),
                took.toSeconds()));
        log.forEach(l -> b.append("  ").append(l).append('\n'));
        b.append(String.format(
                Locale.ROOT,
                "events produced: %d (%d records; %d redelivered copies absorbed by the consumers; %d undecodable)"
                        + "%n  by topic: %s%n",
                r.events(),
                r.records(),
                r.redeliveredCopies(),
                r.undecodable(),
                r.eventsByTopic()));
        b.append(String.format(
                Locale.ROOT,
                "consumed: %s; applied once %d, parked with a reason %d, lost %d, doubled %d%n",
                r.consumed(),
                r.applied(),
                r.parked(),
                r.lost().size(),
                r.doubled().size()));
        b.append(String.format(
                Locale.ROOT, "outboxes: %d events not yet relayed, %d parked%n", r.outboxPending(), r.outboxParked()));
        b.append(String.format(
                Locale.ROOT,
                "users: %d components registered (acknowledged), %d missing; %d deployments %s, %d unfinished;"
                        + " %d calls unanswered during faults, %d refused%n",
                r.registrations(),
                r.registrationsMissing().size(),
                r.deployments(),
                r.deploymentOutcomes(),
                r.deploymentsUnfinished().size(),
                w.unanswered(),
                w.refused()));
        b.append(String.format(
                Locale.ROOT,
                "router: %d of %d requests answered 2xx; decisions: %d checked, %d stored status != fresh evaluation%n",
                r.routerProbes() - r.routerFailures(),
                r.routerProbes(),
                r.decisions(),
                r.decisionMismatches().size()));
        b.append(r.experiments().line()).append('\n');
        for (List<String> problems : List.of(
                r.lost(),
                r.doubled(),
                r.registrationsMissing(),
                r.deploymentsUnfinished(),
                r.decisionMismatches(),
                r.experiments().mismatches())) {
            problems.stream().limit(20).forEach(p -> b.append("  ! ").append(p).append('\n'));
        }
        w.refusals().forEach(p -> b.append("  refused: ").append(p).append('\n'));
        b.append(secretsLine(scanned, secrets));
        b.append(
                r.clean() && secrets.isEmpty()
                        ? "RESULT: clean (lost 0, doubled 0, no credential logged)\n"
                        : "RESULT: NOT CLEAN\n");
        return b.toString();
    }
}

package dev.verdict.launcher.soak;

import dev.verdict.launcher.Command;
import dev.verdict.launcher.load.Api;
import dev.verdict.launcher.load.Workload;
import dev.verdict.launcher.stack.KeycloakComponent;
import dev.verdict.launcher.stack.Stack;
import dev.verdict.launcher.stack.StackException;
import dev.verdict.launcher.stack.StackPorts;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./verdict soak [--minutes M] [--warmup W] [--rate R]}: on a running stack ({@code ./verdict up}), M minutes
 * of mixed load on every service at a fixed rate (open loop, {@link OpenLoop}): catalog reads, searches and one
 * registration a second; decision lists, evaluations and timelines; deployment lists, experiment allocations and
 * results; the portal's pages in a signed-in session; the demo router's traffic; and canary deployments of
 * payments-api back to back ({@link Workload}). Memory, load average and CPU are sampled every 5 s. The verdict
 * ({@link SoakVerdict}): RSS after the warm-up grows at most 10 %, no call fails, p99 stays steady; then the stack's
 * logs are scanned for credentials. Exit code 0 when all of it holds; the report goes to
 * {@code .verdict/soak/report-<time>.txt}.
 */
public final class SoakCommand implements Command {

    /** The measured mix at {@code --rate 1}, calls per second (≈ 27/s, besides registrations and deployments). */
    static final double CATALOG_LIST = 4;

    static final double CATALOG_GET = 4;
    static final double CATALOG_SEARCH = 1;
    static final double DECISIONS_LIST = 2;
    static final double DECISIONS_EVALUATION = 1;
    static final double DECISIONS_TIMELINE = 1;
    static final double DEPLOYMENTS_LIST = 2;
    static final double ALLOCATION = 5;
    static final double EXPERIMENT_RESULTS = 0.5;
    static final double ROUTER = 5;
    static final double PORTAL_PAGE = 1;

    static final String EXPERIMENT = "new-checkout";

    @Override
    public String usage() {
        return "soak [--minutes M] [--warmup W] [--rate R]\n"
                + "                     M minutes (10) of mixed load on every service with deployments running;"
                + " RSS, errors, p99";
    }

    @Override
    public int run(Stack stack, List<String> a) throws Exception {
        long minutes = Command.number(a, "--minutes", 10);
        long warmup = Command.number(a, "--warmup", 2);
        String rateText = Command.option(a, "--rate", "1");
        double rate;
        try {
            rate = Double.parseDouble(rateText);
        } catch (NumberFormatException e) {
            throw new StackException("--rate must be a number, got '" + rateText + "'");
        }
        if (minutes < 1 || warmup < 0 || warmup >= minutes || !(rate > 0) || rate > 20) {
            throw new StackException("need --minutes >= 1, 0 <= --warmup < --minutes and 0 < --rate <= 20");
        }
        return run(stack, Duration.ofMinutes(minutes), Duration.ofMinutes(warmup), rate, System.out);
    }

    static int run(Stack stack, Duration length, Duration warmup, double rate, PrintStream out) throws Exception {
        Map<String, String> services =
                stack.runningServices(List.of("catalog-service", "deploy-orchestrator", "decision-records", "ui"));
        String realm = KeycloakComponent.realmUrl();
        String catalog = services.get("catalog-service");
        String deploy = services.get("deploy-orchestrator");
        String decisions = services.get("decision-records");
        String router = "http://127.0.0.1:" + StackPorts.DEMO_ROUTER;
        Api engineer = new Api(realm, "engineer");
        Api viewer = new Api(realm, "viewer");
        PortalSession portal = PortalSession.signIn(services.get("ui"), "viewer", "viewer-demo");

        AtomicLong unit = new AtomicLong();
        String c = "catalog-service";
        String d = "decision-records";
        String o = "deploy-orchestrator";
        List<OpenLoop.Op> ops = List.of(
                new OpenLoop.Op(
                        c,
                        "catalog list",
                        CATALOG_LIST * rate,
                        () -> viewer.get(catalog + "/api/entities?kind=component&limit=20")),
                new OpenLoop.Op(
                        c,
                        "catalog get",
                        CATALOG_GET * rate,
                        () -> viewer.get(catalog + "/api/entities/by-ref/component/default/payments-api")),
                new OpenLoop.Op(
                        c,
                        "catalog search",
                        CATALOG_SEARCH * rate,
                        () -> viewer.get(catalog + "/api/entities?q=pay&limit=20")),
                new OpenLoop.Op(
                        d,
                        "decisions list",
                        DECISIONS_LIST * rate,
                        () -> viewer.get(decisions + "/api/decisions?limit=20")),
                new OpenLoop.Op(
                        d,
                        "decision evaluation",
                        DECISIONS_EVALUATION * rate,
                        () -> viewer.get(decisions + "/api/decisions/" + Workload.DECISION + "/evaluation")),
                new OpenLoop.Op(
                        d,
                        "decision timeline",
                        DECISIONS_TIMELINE * rate,
                        () -> viewer.get(decisions + "/api/decisions/" + Workload.DECISION + "/timeline?limit=20")),
                new OpenLoop.Op(
                        o,
                        "deployments list",
                        DEPLOYMENTS_LIST * rate,
                        () -> viewer.get(deploy + "/api/deployments?size=20")),
                new OpenLoop.Op(
                        o,
                        "allocation",
                        ALLOCATION * rate,
                        () -> viewer.post(
                                deploy + "/api/experiments/" + EXPERIMENT + "/allocation",
                                "application/json",
                                "{\"attributes\": {\"id\": \"soak-" + unit.incrementAndGet() + "\"}}")),
                new OpenLoop.Op(
                        o,
                        "experiment results",
                        EXPERIMENT_RESULTS * rate,
                        () -> viewer.get(deploy + "/api/experiments/" + EXPERIMENT + "/results")),
                new OpenLoop.Op("router", "router", ROUTER * rate, () -> viewer.get(router + "/api/payments/quote")),
                new OpenLoop.Op("ui", "portal decisions", PORTAL_PAGE * rate / 2, () -> portal.get("/decisions")),
                new OpenLoop.Op("ui", "portal catalog", PORTAL_PAGE * rate / 2, () -> portal.get("/catalog")));
        double perSecond = ops.stream().mapToDouble(OpenLoop.Op::perSecond).sum();

        List<String> components = new ArrayList<>(services.keySet());
        components.addAll(List.of("kafka", "keycloak", Sampler.POSTGRES));
        Instant started = Instant.now();
        out.printf(
                Locale.ROOT,
                "soak: %d min (%d min warm-up), %.1f calls/s over %d kinds of call, 1 registration/s, canary"
                        + " deployments of %s back to back; sampling %s every 5 s%n",
                length.toMinutes(),
                warmup.toMinutes(),
                perSecond,
                ops.size(),
                Workload.COMPONENT,
                String.join(", ", components));

        OpenLoop loop = new OpenLoop();
        Workload work = new Workload(
                engineer, catalog, deploy, started.getEpochSecond() % 100_000, "soak-", (what, status, nanos) -> {
                    long now = System.nanoTime();
                    loop.record(what.substring(0, what.indexOf(' ')), what, 200, "", now - nanos, now);
                });
        Sampler sampler = new Sampler(components, stack::pid);
        sampler.start(5);
        loop.start(ops);
        work.start();
        try {
            long end = System.nanoTime() + length.toNanos();
            while (System.nanoTime() - end < 0) {
                Thread.sleep(Math.min(60_000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
                long done = TimeUnit.NANOSECONDS.toSeconds(loop.elapsedNanos());
                out.printf(
                        Locale.ROOT,
                        "  +%ds: %d calls, %d failed; %d registrations, %d deployments%n",
                        done,
                        loop.calls().values().stream()
                                .mapToLong(Long::longValue)
                                .sum(),
                        loop.errors().values().stream()
                                .mapToLong(Long::longValue)
                                .sum(),
                        work.registered().size(),
                        work.deployments().size());
            }
        } finally {
            loop.close();
            sampler.close();
            work.close();
        }

        long errors =
                loop.errors().values().stream().mapToLong(Long::longValue).sum() + work.unanswered() + work.refused();
        Set<String> gated = Set.copyOf(services.keySet());
        SoakVerdict.Result verdict =
                SoakVerdict.evaluate(warmup.toSeconds(), sampler.samples(), gated, loop.latencies(), errors);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (String id : work.deployments()) {
            Api.Reply r = viewer.get(deploy + "/api/deployments/" + id);
            outcomes.merge(r.ok() ? r.field("status") : "HTTP " + r.status(), 1, Integer::sum);
        }
        List<Path> scanned = new ArrayList<>();
        List<String> secrets = stack.secretsInLogs(scanned);

        String report = report(
                length, warmup, rate, perSecond, loop, work, outcomes, sampler.samples(), verdict, secrets, scanned);
        out.print(report);
        stack.writeReport(
                "soak/report-"
                        + started.truncatedTo(ChronoUnit.SECONDS).toString().replace(':', '-') + ".txt",
                report,
                out);
        return verdict.passed() && secrets.isEmpty() ? 0 : 1;
    }

    static String report(
            Duration length,
            Duration warmup,
            double rate,
            double perSecond,
            OpenLoop loop,
            Workload work,
            Map<String, Integer> outcomes,
            List<Sampler.Sample> samples,
            SoakVerdict.Result verdict,
            List<String> secrets,
            List<Path> scanned) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "%nSOAK %d min, warm-up %d min, rate x%.2f: %.1f calls/s open loop + registrations + deployments%n",
                length.toMinutes(),
                warmup.toMinutes(),
                rate,
                perSecond));
        b.append("calls: ").append(loop.calls()).append('\n');
        b.append("failed: ")
                .append(loop.errors())
                .append(String.format(
                        Locale.ROOT, "; workload: %d unanswered, %d refused%n", work.unanswered(), work.refused()));
        loop.firstErrors().forEach(e -> b.append("  ! ").append(e).append('\n'));
        work.refusals().forEach(e -> b.append("  ! refused: ").append(e).append('\n'));
        b.append(String.format(
                Locale.ROOT,
                "registrations acknowledged: %d; deployments: %d %s%n",
                work.registered().size(),
                work.deployments().size(),
                outcomes));
        double[] load = samples.stream()
                .mapToDouble(Sampler.Sample::load1)
                .filter(v -> !Double.isNaN(v))
                .sorted()
                .toArray();
        double[] busy = samples.stream()
                .mapToDouble(Sampler.Sample::cpuBusy)
                .filter(v -> !Double.isNaN(v))
                .toArray();
        double[] share = samples.stream()
                .mapToDouble(Sampler.Sample::stackShare)
                .filter(v -> !Double.isNaN(v))
                .toArray();
        if (load.length > 0) {
            b.append(String.format(
                    Locale.ROOT,
                    "machine: %d CPUs, load average (1 min) min %.2f median %.2f max %.2f; CPUs busy %.0f %%, of"
                            + " which the stack's processes %.0f %%%n",
                    Runtime.getRuntime().availableProcessors(),
                    load[0],
                    load[load.length / 2],
                    load[load.length - 1],
                    100 * mean(busy),
                    100 * mean(share) / Math.max(1e-9, mean(busy))));
        }
        b.append(verdict.table());
        for (SoakVerdict.Check c : verdict.checks()) {
            b.append(String.format(Locale.ROOT, "  %s %s: %s%n", c.passed() ? "ok  " : "FAIL", c.what(), c.figures()));
        }
        b.append(String.format(
                Locale.ROOT,
                "  %s no credential in the stack's logs: %d files scanned, %d findings%n",
                secrets.isEmpty() ? "ok  " : "FAIL",
                scanned.size(),
                secrets.size()));
        secrets.stream().limit(20).forEach(s -> b.append("    ! ").append(s).append('\n'));
        b.append(verdict.passed() && secrets.isEmpty() ? "RESULT: passed\n" : "RESULT: FAILED\n");
        return b.toString();
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }
}

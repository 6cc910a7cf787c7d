package dev.verdict.launcher.faults;

import dev.verdict.events.EventCodec;
import dev.verdict.events.Topics;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.benchmark.BenchmarkEvents;
import dev.verdict.events.evidence.EvidenceEvents;
import dev.verdict.events.experiment.ExperimentEvents;
import dev.verdict.events.telemetry.TelemetryEvents;
import dev.verdict.launcher.load.Api;
import dev.verdict.launcher.load.Workload;
import dev.verdict.runtime.kafka.TopicScan;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-message reconciliation after a fault run, in the manner of Netflix's Inca: the producer side is every record on
 * every Verdict topic (read from the broker, committed records only), the consumer side is each consumer's own record
 * of what it applied, read from its database; every event a service consumes must have exactly one effect there, or
 * be parked with its reason. Then the users' view: every acknowledged write has its effect, no deployment is left
 * unfinished, the router answers, and every decision's stored evidence status equals a fresh evaluation.
 */
final class Reconciliation {

    /** A consumer of the platform: which topics and event types it applies, and where its effects are. */
    record Consumer(String name, String database, List<String> topics) {}

    static final Consumer EVIDENCE = new Consumer(
            "decision-records.evidence",
            "decisions",
            List.of(Topics.BENCHMARKS, Topics.DEPLOY, Topics.EXPERIMENTS, Topics.TELEMETRY));
    static final Consumer OWNERS = new Consumer("deploy-orchestrator.catalog", "deploy", List.of(Topics.CATALOG));

    /** What the broker holds: one entry per event id, with the number of copies the producers' relays sent. */
    record Produced(String topic, UUID id, String type, int items, int copies) {}

    record Result(
            int records,
            int events,
            int redeliveredCopies,
            Map<String, Integer> eventsByTopic,
            int undecodable,
            Map<String, Integer> consumed,
            int applied,
            int parked,
            List<String> lost,
            List<String> doubled,
            int outboxPending,
            int outboxParked,
            int registrations,
            List<String> registrationsMissing,
            int deployments,
            Map<String, Integer> deploymentOutcomes,
            List<String> deploymentsUnfinished,
            int routerProbes,
            int routerFailures,
            int decisions,
            List<String> decisionMismatches,
            ExperimentRecount.Outcome experiments) {

        boolean clean() {
            return experiments.clean()
                    && lost.isEmpty()
                    && doubled.isEmpty()
                    && outboxPending == 0
                    && registrationsMissing.isEmpty()
                    && deploymentsUnfinished.isEmpty()
                    && routerFailures == 0
                    && decisionMismatches.isEmpty();
        }
    }

    private static final Pattern NUMBER = Pattern.compile("\"number\"\\s*:\\s*(\\d+)");

    private final String jdbcBase;
    private final String bootstrap;
    private final Api api;
    private final String deployUrl;
    private final String decisionsUrl;
    private final String routerUrl;
    private final EventCodec codec = EventCodec.platform();

    Reconciliation(
            String jdbcBase, String bootstrap, Api api, String deployUrl, String decisionsUrl, String routerUrl) {
        this.jdbcBase = jdbcBase;
        this.bootstrap = bootstrap;
        this.api = api;
        this.deployUrl = deployUrl;
        this.decisionsUrl = decisionsUrl;
        this.routerUrl = routerUrl;
    }

    Result reconcile(Workload w) throws SQLException {
        Map<UUID, Produced> produced = new LinkedHashMap<>();
        int[] counts = new int[2]; // records, undecodable
        ExperimentRecount recount = new ExperimentRecount();
        readTopics(produced, counts, recount);
        Map<String, Integer> byTopic = new LinkedHashMap<>();
        int copies = 0;
        for (Produced p : produced.values()) {
            byTopic.merge(p.topic(), 1, Integer::sum);
            copies += p.copies() - 1;
        }
        List<String> lost = new ArrayList<>();
        List<String> doubled = new ArrayList<>();
        Map<String, Integer> consumed = new LinkedHashMap<>();
        int applied = 0;
        int parked = 0;

        // decision-records: an evidence event's effect is its items' evidence rows (the rows are the inbox)
        Map<String, Integer> rows = countBy(
                "decisions",
                "select source_event_id, count(*) from evidence"
                        + " where source_event_id is not null group by source_event_id");
        Set<String> deadEvidence = dead(EVIDENCE);
        for (Produced p : produced.values()) {
            if (!EVIDENCE.topics().contains(p.topic()) || p.items() < 0) {
                continue;
            }
            consumed.merge(EVIDENCE.name(), 1, Integer::sum);
            int n = rows.getOrDefault(p.id().toString(), 0);
            if (deadEvidence.contains(p.id().toString())) {
                parked++;
            } else if (n == 0) {
                lost.add(EVIDENCE.name() + " " + p.type() + " " + p.id());
            } else if (n > p.items()) {
                doubled.add(EVIDENCE.name() + " " + p.id() + ": " + n + " evidence rows for " + p.items() + " items");
            } else {
                applied++;
            }
        }
        // deploy-orchestrator's owner projection records every catalog event in its inbox
        Set<String> inbox = ids("deploy", "select event_id::text from verdict_inbox where consumer = ?", OWNERS.name());
        Set<String> deadOwners = dead(OWNERS);
        for (Produced p : produced.values()) {
            if (!OWNERS.topics().contains(p.topic())) {
                continue;
            }
            consumed.merge(OWNERS.name(), 1, Integer::sum);
            if (inbox.contains(p.id().toString())) {
                applied++;
            } else if (deadOwners.contains(p.id().toString())) {
                parked++;
            } else {
                lost.add(OWNERS.name() + " " + p.type() + " " + p.id());
            }
        }
        // keys stop a second evidence row or link; a second timeline entry for the same item nothing would stop
        doubled.addAll(list(
                "decisions",
                "select (detail->>'evidence') || ' is on the timeline of ADR-' || lpad(decision_number::text, 4, '0') || ' '"
                        + " || count(*) || ' times' from timeline_entry where kind = 'evidence'"
                        + " group by decision_number, detail->>'evidence' having count(*) > 1"));

        // deploy-orchestrator's aggregation: its arm sums against a recount from the raw exposures and observations
        ExperimentRecount.Outcome experiments =
                recount.compare(ids("deploy", "select event_id from experiment_parked"), armStats());
        experiments.lost().forEach(l -> lost.add("deploy-orchestrator.aggregation " + l));
        experiments.doubled().forEach(d -> doubled.add("deploy-orchestrator.aggregation " + d));

        int pending = 0;
        int outboxParked = 0;
        for (String db : List.of("catalog", "deploy", "decisions")) {
            Map<String, Integer> o = countBy(
                    db,
                    "select case when parked_at is not null then 'parked' else 'pending'"
                            + " end, count(*) from verdict_outbox where sent_at is null group by 1");
            pending += o.getOrDefault("pending", 0);
            outboxParked += o.getOrDefault("parked", 0);
        }

        // the users' view
        // one query per side, not a call per registration: this runs every 5 s while the platform settles
        List<String> missing = new ArrayList<>();
        Set<String> inCatalog = ids(
                "catalog",
                "select ref from entities where ref like ?",
                "component:default/" + Workload.NAME_PREFIX + "%");
        Set<String> owners = ids("deploy", "select ref from component_owner where not deleted");
        List<String> registered = w.registered();
        for (String ref : registered) {
            if (!inCatalog.contains(ref)) {
                missing.add(ref + ": not in catalog-service's entities");
            } else if (!owners.contains(ref)) {
                missing.add(ref + ": not in deploy-orchestrator's owner projection");
            }
        }
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        List<String> unfinished = new ArrayList<>();
        for (String id : w.deployments()) {
            Api.Reply r = api.get(deployUrl + "/api/deployments/" + id);
            String status = r.ok() ? r.field("status") : "HTTP " + r.status();
            outcomes.merge(status, 1, Integer::sum);
            if (!Workload.TERMINAL.contains(status)) {
                unfinished.add(id + " " + status);
            }
        }
        int probes = 20;
        int failures = 0;
        for (int i = 0; i < probes; i++) {
            Api.Reply r = api.get(routerUrl);
            failures += r.ok() ? 0 : 1;
        }
        List<String> mismatches = new ArrayList<>();
        int decisions = 0;
        Api.Reply list = api.get(decisionsUrl + "/api/decisions?limit=500");
        Matcher m = NUMBER.matcher(list.body());
        Set<String> seen = new HashSet<>();
        while (m.find()) {
            String id = String.format(java.util.Locale.ROOT, "ADR-%04d", Integer.parseInt(m.group(1)));
            if (!seen.add(id)) {
                continue;
            }
            decisions++;
            Api.Reply stored = api.get(decisionsUrl + "/api/decisions/" + id);
            Api.Reply fresh = api.get(decisionsUrl + "/api/decisions/" + id + "/evaluation");
            String a = stored.field("evidenceStatus");
            String b = fresh.field("status");
            if (!stored.ok() || !fresh.ok() || a == null || !a.equals(b)) {
                mismatches.add(id + ": stored " + a + ", fresh evaluation " + b + " (HTTP " + stored.status() + "/"
                        + fresh.status() + ")");
            }
        }
        return new Result(
                counts[0],
                produced.size(),
                copies,
                byTopic,
                counts[1],
                consumed,
                applied,
                parked,
                lost,
                doubled,
                pending,
                outboxParked,
                registered.size(),
                missing,
                w.deployments().size(),
                outcomes,
                unfinished,
                probes,
                failures,
                decisions,
                mismatches,
                experiments);
    }

    private Map<ExperimentRecount.Arm, ExperimentRecount.Sums> armStats() throws SQLException {
        Map<ExperimentRecount.Arm, ExperimentRecount.Sums> out = new HashMap<>();
        try (Connection c = connect("deploy");
                PreparedStatement s = c.prepareStatement("select experiment, phase, variation, metric,"
                        + " n, sum_y, sum_y2, sum_x, sum_x2, sum_xy from experiment_arm_stats");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(
                        new ExperimentRecount.Arm(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4)),
                        new ExperimentRecount.Sums(
                                rs.getLong(5),
                                rs.getDouble(6),
                                rs.getDouble(7),
                                rs.getDouble(8),
                                rs.getDouble(9),
                                rs.getDouble(10)));
            }
        }
        return out;
    }

    /** Every committed record of every Verdict topic, from the beginning to the end offsets of now. */
    private void readTopics(Map<UUID, Produced> produced, int[] counts, ExperimentRecount recount) {
        TopicScan.everyRecord(bootstrap, Topics.ALL, true, r -> {
            counts[0]++;
            VerdictEvent<?> e;
            try {
                e = codec.decode(r.value());
            } catch (RuntimeException bad) {
                counts[1]++;
                return;
            }
            if (r.topic().equals(Topics.EXPERIMENTS) || r.topic().equals(Topics.TELEMETRY)) {
                e.dataAs(ExperimentEvents.EXPERIMENT_CHANGED).ifPresent(c -> recount.definition(c, r.timestamp()));
                e.dataAs(ExperimentEvents.EXPOSURE_RECORDED)
                        .ifPresent(x -> recount.exposure(e.id(), x, r.partition(), r.offset(), r.timestamp()));
                e.dataAs(TelemetryEvents.METRIC_OBSERVED).ifPresent(m -> recount.observation(e.id(), m, r.timestamp()));
            }
            Produced before = produced.get(e.id());
            produced.put(
                    e.id(),
                    new Produced(r.topic(), e.id(), e.type(), items(e), before == null ? 1 : before.copies() + 1));
        });
    }

    /** How many evidence items decision-records makes of the event; -1 for an event it does not apply. */
    static int items(VerdictEvent<?> e) {
        if (EvidenceEvents.ALL.stream().anyMatch(e::is)) {
            return 1;
        }
        return e.dataAs(BenchmarkEvents.COMPARISON_COMPLETED)
                .map(c -> c.evidence() == null ? 0 : c.evidence().size())
                .orElse(-1);
    }

    private Set<String> dead(Consumer c) throws SQLException {
        return ids(c.database(), "select event_id from verdict_inbox_dead where consumer = ?", c.name());
    }

    private Connection connect(String db) throws SQLException {
        return DriverManager.getConnection(jdbcBase + db, "postgres", "postgres");
    }

    private Set<String> ids(String db, String sql, String... args) throws SQLException {
        return new HashSet<>(list(db, sql, args));
    }

    private List<String> list(String db, String sql, String... args) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(db);
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1) != null) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    private Map<String, Integer> countBy(String db, String sql) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        try (Connection c = connect(db);
                PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }
}

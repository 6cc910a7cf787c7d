package dev.verdict.decisions.evidence.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.verdict.decisions.bench.BenchEvents;
import dev.verdict.decisions.evidence.model.Evidence;
import dev.verdict.decisions.evidence.model.EvidenceDocument;
import dev.verdict.decisions.evidence.service.EvidenceServiceAccess;
import dev.verdict.persistence.CopyRows;
import dev.verdict.testing.TestPostgres;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL cost per evidence event of ways to write a consumer batch (not in the suite; run with
 * {@code -Dtest=WritePathBench}): wall time and the CPU time of the PostgreSQL backend (from /proc) and of the
 * calling thread. Each variant gets a fresh database with the real schema.
 */
class WritePathBench {

    static final int EVENTS = Integer.getInteger("bench.events", 20_000);
    static final int BATCH = Integer.getInteger("bench.batch", 1_000);
    static final int DECISIONS = 50;
    final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    interface Variant {
        void write(Connection c, List<Evidence> batch, List<String> bodies, Instant now) throws Exception;
    }

    @Test
    void run() throws Exception {
        Random rnd = new Random(7);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<Evidence> items = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < EVENTS + 2 * BATCH; i++) {
            String subject = "component:default/bench-" + (i % DECISIONS);
            UUID event = UUID.randomUUID();
            Evidence e =
                    EvidenceServiceAccess.model(event, BenchEvents.evidence(i, EVENTS, subject, null, rnd, now), now);
            items.add(e);
            bodies.add(json.writeValueAsString(EvidenceDocument.of(e)));
        }
        Map<String, Variant> variants = new LinkedHashMap<>();
        variants.put("A batched INSERTs + inbox (before)", this::batchedInserts);
        variants.put("B COPY x3 + inbox", (c, b, bo, n) -> copyAll(c, b, bo, n, true));
        variants.put("B' COPY x3, no inbox (lower bound)", (c, b, bo, n) -> copyAll(c, b, bo, n, false));
        variants.put("C COPY to staging, INSERT..SELECT ON CONFLICT, no inbox", this::staged);
        for (String round : List.of("warm-up", "measured")) {
            for (Map.Entry<String, Variant> v : variants.entrySet()) {
                String db = "wp_" + Math.abs((v.getKey() + round).hashCode());
                measure(db, v.getKey(), round, v.getValue(), items, bodies, now, null);
            }
            measure(
                    "wp_json_" + round.replace("-", ""),
                    "B COPY x3 + inbox, body json not jsonb",
                    round,
                    (c, b, bo, n) -> copyAll(c, b, bo, n, true),
                    items,
                    bodies,
                    now,
                    "alter table evidence alter column body type json");
            measure(
                    "wp_nofk_" + round.replace("-", ""),
                    "B COPY x3 + inbox, no FKs on link/timeline",
                    round,
                    (c, b, bo, n) -> copyAll(c, b, bo, n, true),
                    items,
                    bodies,
                    now,
                    "alter table evidence_link drop constraint evidence_link_evidence_id_fkey;"
                            + "alter table evidence_link drop constraint evidence_link_decision_number_fkey;"
                            + "alter table timeline_entry drop constraint timeline_entry_decision_number_fkey");
        }
    }

    private void measure(
            String db,
            String name,
            String round,
            Variant v,
            List<Evidence> items,
            List<String> bodies,
            Instant now,
            String alter)
            throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.createDatabase(db);
        Flyway.configure()
                .dataSource(url, pg.username(), pg.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        try (Connection c = pg.connect(db);
                Statement s = c.createStatement()) {
            s.execute(
                    "create table if not exists verdict_inbox (consumer text not null, event_id uuid not null,"
                            + " event_type text, processed_at timestamptz not null default now(), primary key (consumer, event_id))");
            s.execute(
                    "truncate evidence_link, timeline_entry, evidence, verdict_inbox, decision_criterion, decision cascade");
            if (alter != null) {
                for (String a : alter.split(";")) {
                    s.execute(a);
                }
            }
            for (int d = 0; d < DECISIONS; d++) {
                s.execute("insert into decision (number, slug, title, status, decided_on, entities, content, version,"
                        + " created_at, updated_at) values (" + (d + 1) + ", 's', 't', 'proposed', current_date,"
                        + " array['component:default/bench-" + d + "'], 'c', 1, now(), now())");
            }
            c.setAutoCommit(false);
            int pid;
            try (ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            c.commit();
            // warm the backend (plans, caches) with the first 2 batches, then measure
            for (int off = 0; off < 2 * BATCH; off += BATCH) {
                v.write(c, items.subList(off, off + BATCH), bodies.subList(off, off + BATCH), now);
                c.commit();
            }
            long pg0 = backendTicks(pid);
            long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int off = 2 * BATCH; off < items.size(); off += BATCH) {
                v.write(c, items.subList(off, off + BATCH), bodies.subList(off, off + BATCH), now);
                c.commit();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double pgUs = (backendTicks(pid) - pg0) * 1e6 / 100 / EVENTS;
            double javaUs = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e3 / EVENTS;
            long rows;
            try (ResultSet rs = s.executeQuery("select (select count(*) from evidence) + (select count(*) from"
                    + " evidence_link) + (select count(*) from timeline_entry)")) {
                rs.next();
                rows = rs.getLong(1);
            }
            c.commit();
            if (round.equals("measured")) {
                System.out.printf(
                        Locale.ROOT,
                        "[write] %-58s %7.0f events/s wall, PostgreSQL backend %6.1f us/event,"
                                + " JDBC thread %5.1f us/event (%d rows, batch %d)%n",
                        name,
                        EVENTS / secs,
                        pgUs,
                        javaUs,
                        rows,
                        BATCH);
            }
        }
    }

    private static long backendTicks(int pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static int decisionOf(Evidence e) {
        return Integer.parseInt(e.subject().substring(e.subject().lastIndexOf('-') + 1)) + 1;
    }

    private static Set<UUID> inbox(Connection c, List<Evidence> batch) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("insert into verdict_inbox (consumer, event_id, event_type)"
                + " select ?, id, type from unnest(?::uuid[], ?::text[]) as t(id, type) on conflict do nothing"
                + " returning event_id")) {
            UUID[] ids = new UUID[batch.size()];
            String[] types = new String[batch.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = UUID.fromString(batch.get(i).provenance().sourceEventId());
                types[i] = "dev.verdict.benchmark.evidence-reported.v1";
            }
            ps.setString(1, "decision-records.evidence");
            ps.setArray(2, c.createArrayOf("uuid", ids));
            ps.setArray(3, c.createArrayOf("text", types));
            Set<UUID> fresh = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fresh.add(rs.getObject(1, UUID.class));
                }
            }
            return fresh;
        }
    }

    private String detail(Evidence e) throws Exception {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("evidence", e.id().toString());
        d.put("kind", e.kind().label());
        d.put("metric", e.metric());
        d.put("contentHash", e.contentHash());
        return json.writeValueAsString(d);
    }

    private static String summary(Evidence e) {
        return e.kind().label() + " evidence " + e.id() + " for \"" + e.metric() + "\"";
    }

    private void batchedInserts(Connection c, List<Evidence> batch, List<String> bodies, Instant now) throws Exception {
        inbox(c, batch);
        try (PreparedStatement ps = c.prepareStatement("insert into evidence (id, kind, subject, decision_ref, metric,"
                + " comparison, observed_at, recorded_at, supersedes, source_event_id, content_hash, body)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            for (int i = 0; i < batch.size(); i++) {
                Evidence e = batch.get(i);
                ps.setObject(1, e.id());
                ps.setString(2, e.kind().label());
                ps.setString(3, e.subject());
                ps.setObject(4, null);
                ps.setString(5, e.metric());
                ps.setString(6, e.comparison());
                ps.setTimestamp(7, Timestamp.from(e.observedAt()));
                ps.setTimestamp(8, Timestamp.from(e.recordedAt()));
                ps.setObject(9, null);
                ps.setString(10, e.provenance().sourceEventId());
                ps.setString(11, e.contentHash());
                ps.setString(12, bodies.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "insert into evidence_link (evidence_id, decision_number,"
                        + " matched_by, kind, metric, comparison, observed_at) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing")) {
            for (Evidence e : batch) {
                ps.setObject(1, e.id());
                ps.setInt(2, decisionOf(e));
                ps.setString(3, "subject-and-criteria");
                ps.setString(4, e.kind().label());
                ps.setString(5, e.metric());
                ps.setString(6, e.comparison());
                ps.setTimestamp(7, Timestamp.from(e.observedAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("insert into timeline_entry (decision_number, at, actor, kind,"
                + " summary, detail) values (?, ?, ?, ?, ?, ?::jsonb)")) {
            for (Evidence e : batch) {
                ps.setInt(1, decisionOf(e));
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setString(3, "system:benchmark-harness");
                ps.setString(4, "evidence");
                ps.setString(5, summary(e));
                ps.setString(6, detail(e));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void copyAll(Connection c, List<Evidence> batch, List<String> bodies, Instant now, boolean withInbox)
            throws Exception {
        if (withInbox) {
            inbox(c, batch);
        }
        CopyRows ev = new CopyRows();
        CopyRows links = new CopyRows();
        CopyRows tl = new CopyRows();
        for (int i = 0; i < batch.size(); i++) {
            Evidence e = batch.get(i);
            ev.value(e.id())
                    .text(e.kind().label())
                    .text(e.subject())
                    .text(null)
                    .text(e.metric())
                    .text(e.comparison())
                    .time(e.observedAt())
                    .time(e.recordedAt())
                    .text(null)
                    .text(e.provenance().sourceEventId())
                    .text(e.contentHash())
                    .text(bodies.get(i))
                    .endRow();
            links.value(e.id())
                    .value(decisionOf(e))
                    .text("subject-and-criteria")
                    .text(e.kind().label())
                    .text(e.metric())
                    .text(e.comparison())
                    .time(e.observedAt())
                    .endRow();
            tl.value(decisionOf(e))
                    .time(now)
                    .text("system:benchmark-harness")
                    .text("evidence")
                    .text(summary(e))
                    .text(detail(e))
                    .endRow();
        }
        ev.copyInto(
                c,
                "copy evidence (id, kind, subject, decision_ref, metric, comparison, observed_at, recorded_at,"
                        + " supersedes, source_event_id, content_hash, body) from stdin");
        links.copyInto(
                c,
                "copy evidence_link (evidence_id, decision_number, matched_by, kind, metric, comparison,"
                        + " observed_at) from stdin");
        tl.copyInto(c, "copy timeline_entry (decision_number, at, actor, kind, summary, detail) from stdin");
    }

    private void staged(Connection c, List<Evidence> batch, List<String> bodies, Instant now) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("create temp table if not exists evidence_stage (like evidence, decision_number integer,"
                    + " producer text) on commit delete rows");
        }
        CopyRows ev = new CopyRows();
        for (int i = 0; i < batch.size(); i++) {
            Evidence e = batch.get(i);
            ev.value(e.id())
                    .text(e.kind().label())
                    .text(e.subject())
                    .text(null)
                    .text(e.metric())
                    .text(e.comparison())
                    .time(e.observedAt())
                    .time(e.recordedAt())
                    .text(null)
                    .text(e.provenance().sourceEventId())
                    .text(e.contentHash())
                    .text(bodies.get(i))
                    .value(decisionOf(e))
                    .text("benchmark-harness")
                    .endRow();
        }
        ev.copyInto(
                c,
                "copy evidence_stage (id, kind, subject, decision_ref, metric, comparison, observed_at,"
                        + " recorded_at, supersedes, source_event_id, content_hash, body, decision_number, producer) from stdin");
        try (PreparedStatement ps = c.prepareStatement("with fresh as (insert into evidence (id, kind, subject,"
                + " decision_ref, metric, comparison, observed_at, recorded_at, supersedes, source_event_id, content_hash,"
                + " body) select id, kind, subject, decision_ref, metric, comparison, observed_at, recorded_at,"
                + " supersedes, source_event_id, content_hash, body from evidence_stage on conflict (id) do nothing"
                + " returning id), links as (insert into evidence_link (evidence_id, decision_number, matched_by, kind,"
                + " metric, comparison, observed_at) select s.id, s.decision_number, 'subject-and-criteria', s.kind,"
                + " s.metric, s.comparison, s.observed_at from evidence_stage s join fresh f on f.id = s.id"
                + " returning evidence_id, decision_number) insert into timeline_entry (decision_number, at, actor,"
                + " kind, summary, detail) select s.decision_number, ?, 'system:' || s.producer, 'evidence',"
                + " s.kind || ' evidence ' || s.id || ' for \"' || s.metric || '\"', jsonb_build_object('evidence',"
                + " s.id, 'kind', s.kind, 'metric', s.metric, 'contentHash', s.content_hash) from evidence_stage s"
                + " join links l on l.evidence_id = s.id")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.executeUpdate();
        }
    }
}

package dev.verdict.decisions.evidence.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.verdict.decisions.bench.BenchEvents;
import dev.verdict.decisions.evidence.model.Evidence;
import dev.verdict.decisions.evidence.model.EvidenceDocument;
import dev.verdict.events.EventCodec;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.canonical.CanonicalJson;
import dev.verdict.events.evidence.EvidenceEvents;
import dev.verdict.events.evidence.EvidenceReported;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * CPU cost per evidence event of each Java-side stage of the ingest path, one thread, no I/O (not in the suite; run
 * with {@code -Dtest=IngestCostsBench}). Prints microseconds per event after warm-up.
 */
class IngestCostsBench {

    static final int N = 20_000;

    @Test
    void run() throws Exception {
        EventCodec codec = EventCodec.platform();
        ObjectMapper json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Random rnd = new Random(7);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<byte[]> wire = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String subject = "component:default/bench-" + (i % 50);
            wire.add(codec.encode(VerdictEvent.create(
                    EvidenceEvents.BENCHMARK_EVIDENCE,
                    "benchmark-harness",
                    subject,
                    BenchEvents.evidence(i, N, subject, null, rnd, now))));
        }
        System.out.println("[costs] event size " + wire.get(0).length + " bytes");
        java.lang.reflect.Method full = EventCodec.class.getDeclaredMethod("decodeFull", byte[].class);
        java.lang.reflect.Method fast = EventCodec.class.getDeclaredMethod("decodeFast", byte[].class);
        full.setAccessible(true);
        fast.setAccessible(true);
        VerdictEvent<?>[] decoded = new VerdictEvent<?>[N];
        Evidence[] models = new Evidence[N];
        String[] bodies = new String[N];
        for (int round = 0; round < 4; round++) {
            String tag = round < 3 ? "warm-up" : "measured";
            time(tag, "decode (EventCodec)", i -> decoded[i] = codec.decode(wire.get(i)));
            time(tag, "decode, full path (tree + SDK)", i -> call(full, codec, wire.get(i)));
            time(tag, "decode, fast path", i -> {
                if (call(fast, codec, wire.get(i)) == null) {
                    throw new IllegalStateException("fast path declined");
                }
            });
            time(tag, "JSON tree only (readTree)", i -> {
                try {
                    json.readTree(wire.get(i));
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
            time(tag, "items + document + model (incl. hash)", i -> {
                VerdictEvent<?> e = decoded[i];
                EvidenceReported r = EvidenceConsumer.evidenceItems(e).get(0);
                models[i] =
                        EvidenceService.document(e.id(), 0, e.service(), r, now).toModel();
            });
            time(tag, "canonical JSON only", i -> models[i].canonicalJson());
            time(tag, "canonical JSON + SHA-256", i -> CanonicalJson.sha256Hex(models[i].canonicalJson()));
            time(tag, "body JSON (Jackson, EvidenceDocument)", i -> {
                try {
                    bodies[i] = json.writeValueAsString(EvidenceDocument.of(models[i]));
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
            time(tag, "body read + model (hash verified)", i -> {
                try {
                    json.readValue(bodies[i], EvidenceDocument.class).toModel();
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
            time(tag, "item id (name-based UUID)", i -> EvidenceService.itemId(decoded[i].id(), 0));
        }
    }

    private static Object call(java.lang.reflect.Method m, Object target, byte[] arg) {
        try {
            return m.invoke(target, (Object) arg);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void time(String tag, String what, IntConsumer stage) {
        long t = System.nanoTime();
        for (int i = 0; i < N; i++) {
            stage.accept(i);
        }
        double us = (System.nanoTime() - t) / 1e3 / N;
        if (tag.equals("measured")) {
            System.out.printf(Locale.ROOT, "[costs] %-45s %8.2f us/event (%,.0f/s)%n", what, us, 1e6 / us);
        }
    }
}

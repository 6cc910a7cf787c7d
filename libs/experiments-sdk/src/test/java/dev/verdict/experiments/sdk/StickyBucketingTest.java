package dev.verdict.experiments.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.verdict.allocation.StickyBuckets;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's sticky bucketing (ADR-0006) against definitions served as the orchestrator's REST API serves them (a
 * local HTTP server answering the two GETs the SDK makes at start): a store keeps every unit's variation through a
 * phase that keeps its bucket version, a phase with a new bucket version re-randomises exactly as a fresh allocation,
 * a minimum bucket version excludes units bucketed before it, and the store is asked only for the unit's document and
 * told only what changed.
 */
class StickyBucketingTest {

    static final String KEY = "sticky-checkout";

    HttpServer server;
    volatile String detail;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/experiments", x -> {
            String path = x.getRequestURI().getPath();
            String body = path.equals("/api/experiments")
                    ? "{\"items\": [{\"key\": \"" + KEY + "\"}], \"page\": 0, \"size\": 200, \"total\": 1}"
                    : detail;
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** The experiment in phase {@code phase} as {@code GET /api/experiments/{key}} shows it. */
    void phase(int phase, String seed, String weights, int bucketVersion, int minBucketVersion) {
        detail = """
                {"summary": {"key": "%1$s", "status": "running", "phase": %2$d},
                 "seed": "%3$s", "definitionHash": "h%2$d",
                 "definition": {"key": "%1$s", "component": "shop-web",
                                "variations": [{"key": "control", "name": "control"},
                                               {"key": "treatment", "name": "treatment"}],
                                "weights": %4$s, "coverage": 1.0, "hashAttribute": "id", "hashVersion": 2,
                                "forced": {"qa-user": 1}},
                 "phases": [{"phase": %2$d, "seed": "%3$s", "bucketVersion": %5$d, "minBucketVersion": %6$d}]}
                """.formatted(KEY, phase, seed, weights, bucketVersion, minBucketVersion);
    }

    VerdictExperiments sdk(StickyBuckets.Store store) {
        var b = VerdictExperiments.builder(
                "http://127.0.0.1:" + server.getAddress().getPort(), () -> "token");
        return (store == null ? b : b.stickyBuckets(store)).start();
    }

    static Map<String, Object> unit(int i) {
        return Map.of("id", "u-" + i);
    }

    /** Each unit's variation from {@code sdk}, with its reason. */
    static List<Assignment> assignAll(VerdictExperiments sdk, int from, int count) {
        List<Assignment> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(sdk.assign(KEY, unit(i)));
        }
        return out;
    }

    @Test
    void aStoreKeepsEveryUnitsVariationThroughAPhaseThatKeepsItsBucketVersion() {
        StickyBuckets.InMemoryStore store = new StickyBuckets.InMemoryStore();
        phase(1, KEY, "[0.5, 0.5]", 0, 0);
        List<Assignment> first;
        try (VerdictExperiments sdk = sdk(store)) {
            first = assignAll(sdk, 0, 10_000);
        }
        assertThat(first).allMatch(a -> a.inExperiment() && a.reason().equals("hashed"));
        phase(2, "second-seed", "[0.5, 0.5]", 0, 0); // a new seed, the same bucket version: "keep"
        List<Assignment> kept;
        List<Assignment> plain;
        try (VerdictExperiments sdk = sdk(store)) {
            kept = assignAll(sdk, 0, 10_000);
        }
        try (VerdictExperiments sdk = sdk(null)) {
            plain = assignAll(sdk, 0, 10_000);
        }
        int moved = 0;
        for (int i = 0; i < first.size(); i++) {
            assertThat(kept.get(i).variation())
                    .as("unit %d", i)
                    .isEqualTo(first.get(i).variation());
            assertThat(kept.get(i).reason()).isEqualTo("sticky");
            assertThat(kept.get(i).phase()).isEqualTo(2);
            moved += plain.get(i).variation() != first.get(i).variation() ? 1 : 0;
        }
        // without the store the new seed moves about half of them: the store is what kept them
        assertThat(moved).isBetween(4_500, 5_500);
    }

    @Test
    void aPhaseWithANewBucketVersionReRandomisesExactlyAsAFreshAllocation() {
        StickyBuckets.InMemoryStore store = new StickyBuckets.InMemoryStore();
        phase(1, KEY, "[0.5, 0.5]", 0, 0);
        try (VerdictExperiments sdk = sdk(store)) {
            assignAll(sdk, 0, 5_000);
        }
        phase(2, "second-seed", "[0.2, 0.8]", 1, 0); // "reassign": the default of a new phase
        List<Assignment> sticky;
        List<Assignment> fresh;
        try (VerdictExperiments sdk = sdk(store)) {
            sticky = assignAll(sdk, 0, 5_000);
        }
        try (VerdictExperiments sdk = sdk(null)) {
            fresh = assignAll(sdk, 0, 5_000);
        }
        assertThat(sticky).isEqualTo(fresh);
        assertThat(sticky).allMatch(a -> a.reason().equals("hashed"));
        long treated = sticky.stream().filter(a -> a.variation() == 1).count();
        assertThat(treated).isBetween(3_800L, 4_200L); // the new 20/80 split, not the old 50/50
        // the unit's document now holds both phases' assignments, each under its bucket version
        Map<String, StickyBuckets.Doc> docs = store.load(Map.of("id", "u-7"));
        assertThat(docs.get("id||u-7").assignments())
                .containsOnlyKeys(KEY + "__0", KEY + "__1")
                .containsEntry(KEY + "__1", sticky.get(7).variationKey());
    }

    @Test
    void aMinimumBucketVersionExcludesUnitsBucketedBeforeItAndEnrollsNewOnes() {
        StickyBuckets.InMemoryStore store = new StickyBuckets.InMemoryStore();
        phase(1, KEY, "[0.5, 0.5]", 0, 0);
        try (VerdictExperiments sdk = sdk(store)) {
            assignAll(sdk, 0, 1_000);
        }
        phase(2, "fixed-bug", "[0.5, 0.5]", 1, 1); // "exclude": who saw phase 1 stays out
        try (VerdictExperiments sdk = sdk(store)) {
            List<Assignment> old = assignAll(sdk, 0, 1_000);
            assertThat(old).allSatisfy(a -> {
                assertThat(a.inExperiment()).isFalse();
                assertThat(a.variation()).isZero();
                assertThat(a.reason()).isEqualTo("excluded: assigned under an earlier bucket version");
            });
            List<Assignment> fresh = assignAll(sdk, 1_000, 1_000);
            assertThat(fresh).allMatch(a -> a.inExperiment() && a.reason().equals("hashed"));
        }
        // an excluded unit gets no assignment of the new version; a new unit does
        assertThat(store.load(Map.of("id", "u-3")).get("id||u-3").assignments()).containsOnlyKeys(KEY + "__0");
        assertThat(store.load(Map.of("id", "u-1003")).get("id||u-1003").assignments())
                .containsOnlyKeys(KEY + "__1");
    }

    /**
     * GrowthBook's fallbackAttribute: an anonymous visitor (a device id, no user id) is bucketed by the device id when a
     * store is on, and keeps that variation once it logs in and has both, as on growthbook.io's sticky bucketing.
     */
    @Test
    void aFallbackAttributeBucketsAnAnonymousUnitAndItKeepsItsVariationAfterLogin() {
        phase(1, KEY, "[0.5, 0.5]", 0, 0);
        detail = detail.replace(
                "\"hashAttribute\": \"id\",", "\"hashAttribute\": \"id\", \"fallbackAttribute\": \"deviceId\",");
        StickyBuckets.InMemoryStore store = new StickyBuckets.InMemoryStore();
        int treated = 0;
        try (VerdictExperiments sdk = sdk(store)) {
            for (int i = 0; i < 2_000; i++) {
                Assignment anonymous = sdk.assign(KEY, Map.of("deviceId", "d-" + i));
                assertThat(anonymous.inExperiment()).as("device %d", i).isTrue();
                assertThat(anonymous.unit()).isEqualTo("d-" + i);
                Assignment loggedIn = sdk.assign(KEY, Map.of("id", "u-" + i, "deviceId", "d-" + i));
                assertThat(loggedIn.variation()).as("device %d after login", i).isEqualTo(anonymous.variation());
                assertThat(loggedIn.reason()).isEqualTo("sticky");
                assertThat(loggedIn.unit()).isEqualTo("u-" + i);
                treated += anonymous.variation();
            }
        }
        assertThat(treated).isBetween(900, 1_100);
        assertThat(store.load(Map.of("deviceId", "d-5"))).containsKey("deviceId||d-5");
        // without a store the fallback is not used (GrowthBook's rule): the anonymous unit is not in the experiment
        try (VerdictExperiments sdk = sdk(null)) {
            Assignment a = sdk.assign(KEY, Map.of("deviceId", "d-1"));
            assertThat(a.inExperiment()).isFalse();
            assertThat(a.reason()).isEqualTo("no id attribute");
        }
        // and without the fallback in the definition a store does not help it either
        phase(1, KEY, "[0.5, 0.5]", 0, 0);
        try (VerdictExperiments sdk = sdk(new StickyBuckets.InMemoryStore())) {
            assertThat(sdk.assign(KEY, Map.of("deviceId", "d-1")).inExperiment())
                    .isFalse();
        }
    }

    @Test
    void theStoreIsAskedForTheUnitsDocumentAndToldOnlyWhatChanged() {
        List<Map<String, String>> loads = new ArrayList<>();
        List<StickyBuckets.Doc> saves = new ArrayList<>();
        Map<String, StickyBuckets.Doc> held = new HashMap<>();
        StickyBuckets.Store counting = new StickyBuckets.Store() {
            @Override
            public Map<String, StickyBuckets.Doc> load(Map<String, String> attributeValues) {
                loads.add(attributeValues);
                Map<String, StickyBuckets.Doc> out = new HashMap<>();
                attributeValues.forEach((n, v) -> {
                    StickyBuckets.Doc d = held.get(n + "||" + v);
                    if (d != null) {
                        out.put(d.key(), d);
                    }
                });
                return out;
            }

            @Override
            public void save(StickyBuckets.Doc doc) {
                saves.add(doc);
                held.put(doc.key(), doc);
            }
        };
        phase(1, KEY, "[0.5, 0.5]", 0, 0);
        try (VerdictExperiments sdk = sdk(counting)) {
            Assignment a = sdk.assign(KEY, Map.of("id", "u-1", "country", "NL"));
            assertThat(loads).containsExactly(Map.of("id", "u-1"));
            assertThat(saves).singleElement().satisfies(d -> {
                assertThat(d.key()).isEqualTo("id||u-1");
                assertThat(d.assignments()).containsExactly(Map.entry(KEY + "__0", a.variationKey()));
            });
            Assignment again = sdk.assign(KEY, unit(1));
            assertThat(again.variation()).isEqualTo(a.variation());
            assertThat(again.reason()).isEqualTo("sticky");
            assertThat(saves).hasSize(1); // nothing changed, nothing saved
            // a forced QA unit is not bucketed, so nothing is recorded for it; a unit without an id loads nothing
            assertThat(sdk.assign(KEY, Map.of("id", "qa-user")).reason()).isEqualTo("forced");
            assertThat(sdk.assign(KEY, Map.of("deviceId", "d-1")).reason()).isEqualTo("no id attribute");
            assertThat(saves).hasSize(1);
            assertThat(loads).hasSize(3);

            // documents the caller keeps give what the store gives, and name what to save
            StickyBuckets mine = new StickyBuckets(Map.of());
            Assignment b = sdk.assign(KEY, unit(2), mine);
            assertThat(mine.changed())
                    .singleElement()
                    .satisfies(
                            d -> assertThat(d.assignments()).containsExactly(Map.entry(KEY + "__0", b.variationKey())));
            Assignment viaStore = sdk.assign(KEY, unit(2));
            assertThat(viaStore).isEqualTo(b);
            assertThat(held.get("id||u-2")).isEqualTo(mine.changed().get(0));
            assertThat(sdk.assign(KEY, unit(3), null).reason()).isEqualTo("hashed");
        }
    }
}

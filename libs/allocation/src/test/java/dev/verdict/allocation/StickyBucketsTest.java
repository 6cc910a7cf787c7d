package dev.verdict.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StickyBucketsTest {

    static final int UNITS = 10_000;

    static Experiment checkout(double treatment, String seed, Experiment.Sticky sticky) {
        return new Experiment(
                "new-checkout",
                List.of("control", "treatment"),
                new double[] {1 - treatment, treatment},
                1,
                null,
                null,
                null,
                null,
                null,
                "id",
                2,
                seed,
                true,
                sticky);
    }

    static Experiment.Sticky version(int bucketVersion, int minBucketVersion) {
        return new Experiment.Sticky(
                List.of("control", "treatment"), "anonymousId", bucketVersion, minBucketVersion, false);
    }

    /** Every unit allocated once under {@code e}, its documents saved in {@code store}; the variations by unit. */
    static Map<String, Integer> allocate(Experiment e, StickyBuckets.Store store) {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < UNITS; i++) {
            String unit = "u-" + i;
            StickyBuckets sticky = new StickyBuckets(store.load(Map.of("id", unit)));
            Assigner.Outcome o = Assigner.assign(e, Map.of(), Map.of("id", unit), sticky);
            sticky.changed().forEach(store::save);
            out.put(unit, o.inExperiment() ? o.variation() : -1);
        }
        return out;
    }

    @Test
    void unitsKeepTheirVariationWhenTheSplitAndSeedChangeUntilTheBucketVersionIsRaised() {
        StickyBuckets.Store store = new StickyBuckets.InMemoryStore();
        Map<String, Integer> first = allocate(checkout(0.5, "phase-1", version(0, 0)), store);
        assertThat(first.values()).doesNotContain(-1);

        // without sticky buckets, a 50/50 → 20/80 split with a new seed moves about half the units
        Map<String, Integer> unsticky =
                allocate(checkout(0.8, "phase-2", version(0, 0)), new StickyBuckets.InMemoryStore());
        long moved = first.keySet().stream()
                .filter(u -> !first.get(u).equals(unsticky.get(u)))
                .count();
        assertThat(moved).isBetween(4_000L, 6_000L);

        // with them, nobody moves, and every unit was decided by its document
        Map<String, Integer> kept = allocate(checkout(0.8, "phase-2", version(0, 0)), store);
        assertThat(kept).isEqualTo(first);
        Assigner.Outcome o = Assigner.assign(
                checkout(0.8, "phase-2", version(0, 0)),
                Map.of(),
                Map.of("id", "u-1"),
                new StickyBuckets(store.load(Map.of("id", "u-1"))));
        assertThat(o.reason()).isEqualTo(Assigner.STICKY);

        // a new bucket version re-randomises everyone, exactly as a fresh allocation would
        Map<String, Integer> reset = allocate(checkout(0.8, "phase-2", version(1, 0)), store);
        assertThat(reset).isEqualTo(unsticky);
    }

    @Test
    void aMinimumBucketVersionExcludesUnitsAssignedBeforeItAndEnrollsNewOnes() {
        StickyBuckets.Store store = new StickyBuckets.InMemoryStore();
        Experiment v0 = checkout(0.5, "s", version(0, 0));
        StickyBuckets old = StickyBuckets.empty();
        assertThat(Assigner.assign(v0, Map.of(), Map.of("id", "old-unit"), old).inExperiment())
                .isTrue();
        old.changed().forEach(store::save);

        Experiment v1 = checkout(0.5, "s", version(1, 1));
        Assigner.Outcome blocked = Assigner.assign(
                v1, Map.of(), Map.of("id", "old-unit"), new StickyBuckets(store.load(Map.of("id", "old-unit"))));
        assertThat(blocked).isEqualTo(new Assigner.Outcome(0, false, Assigner.BLOCKED));
        assertThat(Assigner.assign(v1, Map.of(), Map.of("id", "new-unit"), StickyBuckets.empty())
                        .inExperiment())
                .isTrue();
    }

    @Test
    void anAnonymousUnitKeepsItsVariationAfterSigningIn() {
        Experiment e = checkout(0.5, "s", version(0, 0));
        StickyBuckets.Store store = new StickyBuckets.InMemoryStore();
        int before = -1;
        int kept = 0;
        for (int i = 0; i < 1_000; i++) {
            String anon = "anon-" + i;
            StickyBuckets s1 = new StickyBuckets(store.load(Map.of("anonymousId", anon)));
            Allocator.Allocation a = Allocator.run(e, Map.of("anonymousId", anon), s1);
            assertThat(a.inExperiment()).isTrue();
            s1.changed().forEach(store::save);
            before = a.variation();

            // signed in: the id hashes elsewhere, but the anonymous id's document decides, and the id gets one too
            Map<String, String> both = Map.of("id", "user-" + i, "anonymousId", anon);
            StickyBuckets s2 = new StickyBuckets(store.load(both));
            Allocator.Allocation after = Allocator.run(e, both, s2);
            assertThat(after.variation()).isEqualTo(before);
            assertThat(after.stickyBucketUsed()).isTrue();
            assertThat(s2.changed()).extracting(StickyBuckets.Doc::key).containsExactly("id||user-" + i);
            s2.changed().forEach(store::save);
            if (Allocator.run(e, Map.of("id", "user-" + i), null).variation() == before) {
                kept++;
            }
        }
        // the check has teeth: the id alone would have put about half of them elsewhere
        assertThat(kept).isBetween(400, 600);
    }

    @Test
    void aUnitWithNeitherTheHashNorTheFallbackAttributeIsToldWhichAttributeIsMissing() {
        Experiment e = checkout(0.5, "s", version(0, 0));
        assertThat(Assigner.assign(e, Map.of(), Map.of("country", "NL"), StickyBuckets.empty()))
                .isEqualTo(new Assigner.Outcome(0, false, "no id attribute"));
        assertThat(Assigner.assign(e, Map.of(), Map.of("anonymousId", "a-1"), StickyBuckets.empty())
                        .reason())
                .isEqualTo(Assigner.HASHED);
    }

    @Test
    void anExperimentThatDisablesStickyBucketingIgnoresTheDocumentsAndWritesNone() {
        StickyBuckets sticky = new StickyBuckets(
                Map.of("id||u-7", new StickyBuckets.Doc("id", "u-7", Map.of("new-checkout__0", "treatment"))));
        Experiment allControl = new Experiment(
                "new-checkout",
                List.of("control", "treatment"),
                new double[] {1, 0},
                1,
                null,
                null,
                null,
                null,
                null,
                "id",
                2,
                "s",
                true,
                new Experiment.Sticky(List.of("control", "treatment"), null, 0, 0, true));
        Allocator.Allocation a = Allocator.run(allControl, Map.of("id", "u-7"), sticky);
        assertThat(a.variation()).isZero();
        assertThat(a.stickyBucketUsed()).isFalse();
        assertThat(sticky.changed()).isEmpty();
    }
}

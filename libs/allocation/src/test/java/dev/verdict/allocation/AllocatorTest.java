package dev.verdict.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocatorTest {

    static Experiment checkout(double coverage, Experiment.Namespace ns, Integer force, boolean active) {
        return new Experiment(
                "new-checkout",
                List.of("control", "treatment"),
                new double[] {0.5, 0.5},
                coverage,
                null,
                Map.of("country", Map.of("$in", List.of("DE", "AT"))),
                ns,
                null,
                force,
                "id",
                2,
                "seed-phase-1",
                active);
    }

    @Test
    void a_unit_gets_the_same_variation_every_time_and_units_split_by_the_weights() {
        Experiment e = checkout(1, null, null, true);
        int treatment = 0;
        for (int u = 0; u < 20_000; u++) {
            Allocator.Context ctx = Allocator.Context.of(Map.of("id", "user-" + u, "country", "DE"));
            Allocator.Allocation a = Allocator.run(e, ctx);
            assertThat(Allocator.run(e, ctx)).isEqualTo(a);
            assertThat(a.inExperiment()).isTrue();
            assertThat(a.hashUsed()).isTrue();
            treatment += a.variation();
        }
        assertThat(treatment).isBetween(9_700, 10_300);
    }

    @Test
    void bucket_ranges_are_derived_once_with_the_definition_and_explicit_ones_are_kept() {
        Experiment e = checkout(0.5, null, null, true);
        assertThat(e.ranges()).containsExactly(0, 0.25, 0.5, 0.75);
        assertThat(e.ranges()).isSameAs(e.ranges());
        double[] given = {0, 0.1, 0.9, 1};
        Experiment explicit = new Experiment(
                "k", List.of("a", "b"), null, Double.NaN, given, null, null, null, null, "id", 1, null, true);
        assertThat(explicit.ranges()).isSameAs(given);
    }

    @Test
    void a_new_seed_re_randomises_and_the_same_seed_does_not() {
        Experiment phase1 = checkout(1, null, null, true);
        Experiment phase2 = new Experiment(
                phase1.key(),
                phase1.variations(),
                phase1.weights(),
                1,
                null,
                phase1.condition(),
                null,
                null,
                null,
                "id",
                2,
                "seed-phase-2",
                true);
        int moved = 0;
        for (int u = 0; u < 10_000; u++) {
            Allocator.Context ctx = Allocator.Context.of(Map.of("id", "user-" + u, "country", "AT"));
            moved += Allocator.run(phase1, ctx).variation()
                            == Allocator.run(phase2, ctx).variation()
                    ? 0
                    : 1;
        }
        assertThat(moved).isBetween(4_700, 5_300); // independent: half change
    }

    @Test
    void every_way_out_is_variation_zero_not_in_the_experiment_and_not_hashed() {
        Map<String, Object> de = Map.of("id", "user-1", "country", "DE");
        List<Allocator.Allocation> outs = List.of(
                Allocator.run(checkout(1, null, null, false), Allocator.Context.of(de)), // inactive
                Allocator.run(checkout(1, null, null, true), Allocator.Context.of(Map.of("country", "DE"))), // no id
                Allocator.run(checkout(1, null, null, true), Allocator.Context.of(Map.of("id", "u", "country", "FR"))),
                Allocator.run(checkout(0, null, null, true), Allocator.Context.of(de)), // no coverage
                Allocator.run(
                        checkout(1, new Experiment.Namespace("checkout", 0, 0), null, true), Allocator.Context.of(de)),
                Allocator.run(
                        checkout(1, null, null, true),
                        new Allocator.Context(de, true, Map.of(), true, null, Map.of()))); // QA mode
        assertThat(outs).allSatisfy(a -> {
            assertThat(a.variation()).isZero();
            assertThat(a.value()).isEqualTo("control");
            assertThat(a.inExperiment()).isFalse();
            assertThat(a.hashUsed()).isFalse();
        });
    }

    @Test
    void forced_variations_win_but_are_not_hashed_assignments() {
        Map<String, Object> de = Map.of("id", "user-1", "country", "DE");
        Allocator.Allocation byUrl = Allocator.run(
                checkout(1, null, null, true),
                new Allocator.Context(
                        de, true, Map.of(), false, "https://shop.example/cart?x=2&new-checkout=1#top", Map.of()));
        Allocator.Allocation byCaller = Allocator.run(
                checkout(1, null, null, true),
                new Allocator.Context(de, true, Map.of("new-checkout", 1), false, null, Map.of()));
        Allocator.Allocation byDefinition = Allocator.run(checkout(1, null, 1, true), Allocator.Context.of(de));
        assertThat(List.of(byUrl, byCaller, byDefinition)).allSatisfy(a -> {
            assertThat(a.value()).isEqualTo("treatment");
            assertThat(a.inExperiment()).isTrue();
            assertThat(a.hashUsed()).isFalse();
        });
        // an override to a variation that does not exist is ignored
        assertThat(Allocator.urlOverride("new-checkout", "https://x/?new-checkout=5", 2))
                .isNull();
    }
}

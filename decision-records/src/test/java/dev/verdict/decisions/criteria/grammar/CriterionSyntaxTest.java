package dev.verdict.decisions.criteria.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.decisions.shared.EvidenceKind;
import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CriterionSyntaxTest {

    @Test
    void parsesTheFullForm() {
        Criterion c = CriterionSyntax.parse(
                "benchmark \"cpu-time-per-op\" ratio(jdk25/jdk17) estimate <= 0.90 with n >= 10 and gates passed within 30d");
        assertThat(c.kind()).isEqualTo(EvidenceKind.BENCHMARK);
        assertThat(c.metric()).isEqualTo("cpu-time-per-op");
        assertThat(c.comparison()).isEqualTo("ratio(jdk25/jdk17)");
        assertThat(c.statistic()).isEqualTo(Statistic.ESTIMATE);
        assertThat(c.comparator()).isEqualTo(Comparator.LE);
        assertThat(c.numericThreshold()).isEqualByComparingTo(new BigDecimal("0.9"));
        assertThat(c.threshold()).isEqualTo("0.90");
        assertThat(c.minSamples()).isEqualTo(10);
        assertThat(c.requireGates()).isTrue();
        assertThat(c.maxAge()).isEqualTo(new MaxAge(30, 'd'));
        assertThat(c.id()).isNull();
    }

    @Test
    void parsesShortFormsAndIds() {
        Criterion c = CriterionSyntax.parse("latency: canary p99-latency classification != High within 14d");
        assertThat(c.id()).isEqualTo("latency");
        assertThat(c.metric()).isEqualTo("p99-latency");
        assertThat(c.comparison()).isNull();
        assertThat(c.minSamples()).isNull();
        assertThat(c.requireGates()).isFalse();
        Criterion g = CriterionSyntax.parse(
                "experiment \"conversion\" lift(treatment/control) ci.lower > 0 with gates passed");
        assertThat(g.requireGates()).isTrue();
        assertThat(g.minSamples()).isNull();
        assertThat(CriterionSyntax.format(g))
                .isEqualTo("experiment \"conversion\" lift(treatment/control) ci.lower > 0 with gates passed");
    }

    @Test
    void parsesAndFormatsEquivalence() {
        String text =
                "benchmark \"cpu-time-per-op\" ratio(jdk25/jdk17) equivalent within 3% with gates passed within 30d";
        Criterion c = CriterionSyntax.parse(text);
        assertThat(c.statistic()).isEqualTo(Statistic.EQUIVALENT);
        assertThat(c.comparator()).isEqualTo(Comparator.WITHIN);
        assertThat(c.numericThreshold()).isEqualByComparingTo("0.03");
        assertThat(c.maxAge()).hasToString("30d");
        assertThat(CriterionSyntax.format(c)).isEqualTo(text);
        assertThat(CriterionSyntax.parse("benchmark x equivalent within 0.05").numericThreshold())
                .isEqualByComparingTo("0.05");
        assertThatThrownBy(() -> CriterionSyntax.parse("benchmark x equivalent <= 3%"))
                .isInstanceOf(CriterionException.class)
                .hasMessageContaining("equivalent is compared with 'within'");
        assertThatThrownBy(() -> CriterionSyntax.parse("benchmark x estimate within 0.9"))
                .isInstanceOf(CriterionException.class)
                .hasMessageContaining("'within' compares only the statistic equivalent");
        assertThatThrownBy(() -> CriterionSyntax.parse("benchmark x equivalent within -3%"))
                .isInstanceOf(CriterionException.class)
                .hasMessageContaining("positive percentage");
    }

    @Test
    void errorsSayWhereAndWhat() {
        record Case(String text, String field, int column, String message) {}
        Case[] cases = {
            new Case("benchmrk \"x\" estimate <= 1", "kind", 1, "unknown evidence kind 'benchmrk'"),
            new Case("benchmark \"x\" median <= 1", "statistic", 15, "unknown statistic 'median'"),
            new Case("benchmark \"x\" estimate =< 1", "comparator", 24, "unknown comparator '=<'"),
            new Case("benchmark \"x\" estimate <= fast", "threshold", 27, "must be a decimal number"),
            new Case("canary \"x\" classification <= High", "comparator", 27, "only be compared with == or !="),
            new Case("benchmark \"x\" estimate <=", "threshold", 26, "missing threshold"),
            new Case("benchmark \"x\" ratio(a-b) estimate <= 1", "comparison", 15, "is not a comparison"),
            new Case("benchmark \"x\" estimate <= 1 within 30 days", "max-age", 36, "max-age must be"),
            new Case("benchmark \"x\" estimate <= 1 with n >= ten", "min-samples", 39, "whole number"),
            new Case("benchmark \"x\" estimate <= 1 extra", "criterion", 29, "unexpected 'extra'"),
            new Case("benchmark \"x\" p-value < 5", "threshold", 25, "between 0 and 1"),
            new Case("benchmark \"x estimate <= 1", "metric", 11, "unterminated"),
        };
        for (Case c : cases) {
            assertThatThrownBy(() -> CriterionSyntax.parse(c.text))
                    .as(c.text)
                    .isInstanceOfSatisfying(CriterionException.class, e -> {
                        assertThat(e.field()).isEqualTo(c.field);
                        assertThat(e.column()).isEqualTo(c.column);
                        assertThat(e.getMessage()).contains(c.message);
                        assertThat(e.grammar()).contains("criterion  := ").contains("comparator := ");
                    });
        }
    }

    @Property(tries = 300)
    void formatAndParseAreInverse(@ForAll("criteria") Criterion c) {
        assertThat(CriterionSyntax.parse(CriterionSyntax.format(c))).isEqualTo(c);
    }

    @Provide
    Arbitrary<Criterion> criteria() {
        return Arbitraries.of(Statistic.class)
                .flatMap(st -> Combinators.combine(
                                Arbitraries.of("c1", "cpu-ratio").injectNull(0.5),
                                Arbitraries.of(EvidenceKind.class),
                                Arbitraries.of("cpu-time-per-op", "p99 latency", "gc.pause/ms", "x"),
                                Arbitraries.of("ratio(jdk25/jdk17)", "diff(canary/baseline)")
                                        .injectNull(0.5),
                                st == Statistic.CLASSIFICATION
                                        ? Arbitraries.of(Comparator.EQ, Comparator.NE)
                                        : st == Statistic.EQUIVALENT
                                                ? Arbitraries.of(Comparator.WITHIN)
                                                : Arbitraries.of(Comparator.class)
                                                        .filter(c -> c != Comparator.WITHIN),
                                st == Statistic.CLASSIFICATION
                                        ? Arbitraries.of("High", "Low")
                                        : st == Statistic.EQUIVALENT
                                                ? Arbitraries.of("3%", "0.05", "12.5%")
                                                : st == Statistic.P_VALUE
                                                        ? Arbitraries.of("0.05", "1", "0.001")
                                                        : Arbitraries.of("0.90", "-3", "1000.125", "0"),
                                Arbitraries.integers().between(1, 500).injectNull(0.5),
                                Arbitraries.of(true, false))
                        .flatAs((id, kind, metric, cmpn, cmp, thr, n, gates) -> Arbitraries.of("30d", "2w", "90m")
                                .injectNull(0.5)
                                .map(age -> new Criterion(
                                        id,
                                        kind,
                                        metric,
                                        cmpn,
                                        st,
                                        cmp,
                                        thr,
                                        n,
                                        gates,
                                        age == null ? null : MaxAge.parse(age)))));
    }
}

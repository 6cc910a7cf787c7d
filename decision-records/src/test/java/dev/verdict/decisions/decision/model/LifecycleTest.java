package dev.verdict.decisions.decision.model;

import static dev.verdict.decisions.decision.model.DecisionStatus.ACCEPTED;
import static dev.verdict.decisions.decision.model.DecisionStatus.DEPRECATED;
import static dev.verdict.decisions.decision.model.DecisionStatus.PROPOSED;
import static dev.verdict.decisions.decision.model.DecisionStatus.REJECTED;
import static dev.verdict.decisions.decision.model.DecisionStatus.SUPERSEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.decisions.shared.DecisionNumber;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private static Decision decision(int n, DecisionStatus status) {
        return Decision.builder(DecisionNumber.of(n), "Decision " + n)
                .status(status)
                .date(LocalDate.of(2025, 1, 1))
                .build();
    }

    @Test
    void allowedTransitionsAreExactlyTheLifecycle() {
        assertThat(Lifecycle.allowedFrom(PROPOSED)).containsExactlyInAnyOrder(ACCEPTED, REJECTED);
        assertThat(Lifecycle.allowedFrom(ACCEPTED)).containsExactlyInAnyOrder(DEPRECATED, SUPERSEDED);
        assertThat(Lifecycle.allowedFrom(REJECTED)).containsExactly(PROPOSED);
        assertThat(Lifecycle.allowedFrom(DEPRECATED)).isEmpty();
        assertThat(Lifecycle.allowedFrom(SUPERSEDED)).isEmpty();
    }

    @Test
    void illegalTransitionNamesTheAllowedOnes() {
        assertThatThrownBy(() -> decision(1, PROPOSED).transition(SUPERSEDED))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage(
                        "a decision cannot go from proposed to superseded; allowed from proposed: accepted, rejected")
                .satisfies(e -> assertThat(((IllegalTransitionException) e).allowed())
                        .containsExactlyInAnyOrder(ACCEPTED, REJECTED));
        assertThatThrownBy(() -> decision(1, SUPERSEDED).transition(ACCEPTED))
                .hasMessageContaining("allowed from superseded: none (superseded is final)");
    }

    @Test
    void legalTransitionChangesOnlyTheStatus() {
        Decision d = decision(4, PROPOSED);
        Decision accepted = d.transition(ACCEPTED);
        assertThat(accepted.status()).isEqualTo(ACCEPTED);
        assertThat(accepted.toBuilder().status(PROPOSED).build()).isEqualTo(d);
    }

    @Test
    void supersedingUpdatesBothRecords() {
        Decision old = decision(3, ACCEPTED);
        Decision successor = decision(7, PROPOSED);
        Supersession.Result r = Supersession.apply(old, successor);
        assertThat(r.superseded().status()).isEqualTo(SUPERSEDED);
        assertThat(r.superseded().supersededBy()).containsExactly(DecisionNumber.of(7));
        assertThat(r.successor().supersedes()).containsExactly(DecisionNumber.of(3));
        assertThat(r.successor().status()).isEqualTo(PROPOSED);
    }

    @Test
    void onlyAcceptedDecisionsCanBeSuperseded() {
        assertThatThrownBy(() -> Supersession.apply(decision(3, PROPOSED), decision(7, PROPOSED)))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> Supersession.apply(decision(3, ACCEPTED), decision(7, REJECTED)))
                .hasMessageContaining("only a proposed or accepted decision can supersede");
        assertThatThrownBy(() -> Supersession.apply(decision(3, ACCEPTED), decision(3, ACCEPTED)))
                .hasMessageContaining("cannot supersede itself");
    }

    @Test
    void numbersParseInTheUsualForms() {
        assertThat(List.of("ADR-0007", "adr-7", "ADR 7", "0007", "7").stream().map(DecisionNumber::parse))
                .allMatch(n -> n.equals(DecisionNumber.of(7)));
        assertThat(DecisionNumber.of(12).toString()).isEqualTo("ADR-0012");
        assertThatThrownBy(() -> DecisionNumber.parse("ADR-x")).hasMessageContaining("not a decision number");
        assertThatThrownBy(() -> DecisionNumber.parse("0")).hasMessageContaining("between 1 and");
    }

    @Test
    void textBlocksThatWouldBreakTheFileAreRefused() {
        assertThatThrownBy(() -> decision(1, PROPOSED).toBuilder()
                        .context("intro\n## Sneaky\nmore")
                        .build())
                .hasMessageContaining("level-2 heading");
        assertThatThrownBy(() ->
                        decision(1, PROPOSED).toBuilder().context("```\ncode").build())
                .hasMessageContaining("never closed");
        assertThatThrownBy(() -> decision(1, PROPOSED).toBuilder()
                        .outcome("ok\n### Consequences\nx")
                        .build())
                .hasMessageContaining("'### Consequences'");
        // a heading inside a code block is fine
        assertThat(decision(1, PROPOSED).toBuilder()
                        .context("```\n## not a heading\n```")
                        .build()
                        .context())
                .isEqualTo("```\n## not a heading\n```");
    }
}

package dev.verdict.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.launcher.stack.StackException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTest {

    @Test
    void anOptionIsTheValueAfterItsNameOrTheFallback() {
        List<String> a = List.of("--seed", "7", "--gap");
        assertThat(Command.option(a, "--seed", "x")).isEqualTo("7");
        assertThat(Command.option(a, "--gap", "20"))
                .as("a name without a value")
                .isEqualTo("20");
        assertThat(Command.number(a, "--faults", 6)).isEqualTo(6);
        assertThat(Command.number(a, "--seed", 0)).isEqualTo(7);
    }

    @Test
    void aNumberOptionThatIsNoNumberIsAUsageErrorNamingIt() {
        assertThatThrownBy(() -> Command.number(List.of("--faults", "six"), "--faults", 6))
                .isInstanceOf(StackException.class)
                .hasMessage("--faults must be a whole number, got 'six'");
    }
}

package dev.verdict.launcher.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StackPortsTest {

    @Test
    void offsetIsZeroUnlessSetAndMustBeASmallInteger() {
        assertThat(StackPorts.offset(null)).isZero();
        assertThat(StackPorts.offset(" ")).isZero();
        assertThat(StackPorts.offset("100")).isEqualTo(100);
        assertThatThrownBy(() -> StackPorts.offset("abc")).hasMessageContaining("VERDICT_PORT_OFFSET");
        assertThatThrownBy(() -> StackPorts.offset("-1")).hasMessageContaining("between 0 and 40000");
    }
}

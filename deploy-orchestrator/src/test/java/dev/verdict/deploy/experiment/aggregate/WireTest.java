package dev.verdict.deploy.experiment.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The topology's binary forms read back what they wrote, and still read the JSON an older release wrote. */
class WireTest {

    static final Instant AT = Instant.parse("2026-03-01T10:00:00.123456789Z");

    static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }

    @Test
    void binaryFormsRoundTripAndOlderJsonStillReads() {
        ArmStats stats = new ArmStats("new-checkout", 2, 1, "order-value", 7, 1.5, 2.25, -3, 9, 0.25, AT);
        ArmDelta delta = new ArmDelta("new-checkout", 2, 1, "order-value", 1, 0.5, 0.25, 0, 0, 0, AT);
        Definition definition = new Definition("new-checkout", "running", 2, 3, List.of("order-value", "sessions"));
        assertThat(roundTrip(ArmStats.STORE_SERDE, stats)).isEqualTo(stats);
        assertThat(roundTrip(ArmDelta.SERDE, delta)).isEqualTo(delta);
        assertThat(roundTrip(Definition.STORE_SERDE, definition)).isEqualTo(definition);
        // what the previous release kept in these stores and topics: JSON
        assertThat(ArmStats.STORE_SERDE
                        .deserializer()
                        .deserialize("t", JsonSerde.ARM_STATS.serializer().serialize("t", stats)))
                .isEqualTo(stats);
        assertThat(Definition.STORE_SERDE
                        .deserializer()
                        .deserialize("t", JsonSerde.DEFINITION.serializer().serialize("t", definition)))
                .isEqualTo(definition);
        assertThat(ArmDelta.SERDE
                        .deserializer()
                        .deserialize(
                                "t", JsonSerde.of(ArmDelta.class).serializer().serialize("t", delta)))
                .isEqualTo(delta);
        // binary is smaller than the JSON it replaces, and needs no text parsing
        assertThat(ArmStats.STORE_SERDE.serializer().serialize("t", stats).length)
                .isLessThan(JsonSerde.ARM_STATS.serializer().serialize("t", stats).length);
        assertThatThrownBy(() -> ArmStats.STORE_SERDE.deserializer().deserialize("t", new byte[] {9, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("version 9");
    }

    @Test
    void aUnitEventKeepsWhatThePerUnitStageNeeds() {
        UnitEvent exposure = UnitEvent.exposure(
                AggregationTopics.EXPERIMENTS,
                "u1",
                java.util.UUID.randomUUID(),
                "dev.verdict.experiment.exposure-recorded.v1",
                AT,
                "new-checkout",
                2,
                1,
                AT.minusSeconds(1),
                new byte[] {1, 2, 3});
        UnitEvent back = roundTrip(UnitEvent.SERDE, exposure);
        assertThat(back).usingRecursiveComparison().isEqualTo(exposure);
        UnitEvent observation = UnitEvent.observation(
                AggregationTopics.TELEMETRY, null, java.util.UUID.randomUUID(), "t", AT, "order-value", 42.5, AT);
        assertThat(roundTrip(UnitEvent.SERDE, observation))
                .usingRecursiveComparison()
                .isEqualTo(observation);
    }
}

package dev.verdict.deploy.experiment.aggregate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** Jackson serdes for the topology's JSON records: instants as ISO-8601 strings, unknown fields skipped. */
final class JsonSerde {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // adding a field to a record must not break a reader of the older shape (or a restore of an old store)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static final Serde<ArmStats> ARM_STATS = of(ArmStats.class);
    static final Serde<ArmDelta> ARM_DELTA = of(ArmDelta.class);
    static final Serde<Parked> PARKED = of(Parked.class);
    static final Serde<Definition> DEFINITION = of(Definition.class);

    private JsonSerde() {}

    static <T> Serde<T> of(Class<T> type) {
        Serializer<T> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return MAPPER.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " to " + topic, e);
            }
        };
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return MAPPER.readValue(bytes, type);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic, e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}

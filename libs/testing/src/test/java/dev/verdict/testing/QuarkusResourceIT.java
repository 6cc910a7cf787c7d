package dev.verdict.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The resource as a service uses it: a Quarkus app whose datasource and Kafka address come from
 * {@link PostgresKafkaResource}, and a test that stops and restarts the broker through the static accessor.
 */
@QuarkusTest
@WithTestResource(
        value = PostgresKafkaResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_ARG, value = "quarkus_it"))
class QuarkusResourceIT {

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void datasourcePointsAtTheSharedPostgres() throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select current_database(), inet_server_port()")) {
            assertTrue(rs.next());
            assertEquals("quarkus_it", rs.getString(1));
            assertEquals(PostgresKafkaResource.postgres().port(), rs.getInt(2));
        }
    }

    @Test
    void testCanStopAndRestartTheAppsBroker() throws Exception {
        TestKafka kafka = PostgresKafkaResource.kafka();
        assertEquals(kafka.bootstrapServers(), bootstrapServers, "the app and the accessor see the same broker");
        String topic = "quarkus-it";
        kafka.createTopic(topic, 2);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v1")).get(30, TimeUnit.SECONDS);
            kafka.stop();
            assertFalse(kafka.isRunning());
            kafka.start();
            RecordMetadata after =
                    producer.send(new ProducerRecord<>(topic, "k", "v2")).get(30, TimeUnit.SECONDS);
            assertEquals(1, after.offset(), "the record written before the stop is still at offset 0");
        }
    }
}

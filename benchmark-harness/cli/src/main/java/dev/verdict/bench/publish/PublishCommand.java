package dev.verdict.bench.publish;

import dev.verdict.bench.BenchException;
import dev.verdict.bench.Json;
import dev.verdict.bench.compare.Comparison;
import dev.verdict.events.EventCodec;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.benchmark.BenchmarkEvents;
import dev.verdict.events.benchmark.ComparisonCompleted;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code publish}: sends a comparison as {@code dev.verdict.benchmark.comparison-completed.v1} evidence. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Publish a comparison as evidence (dev.verdict.benchmark.comparison-completed.v1 on "
                + "verdict.benchmarks.v1), optionally linked to a decision. Publishing the same comparison again "
                + "sends the same event id, which decision-records stores once.")
public class PublishCommand implements Callable<Integer> {

    static final String DEFAULT_SUBJECT = "component:default/verdict-bench-workloads";

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "COMPARISON",
            description = "comparison.json, or a run directory holding one.")
    Path input;

    @Option(names = "--subject", description = "Catalog entity ref the evidence is about (default ${DEFAULT-VALUE}).")
    String subject = DEFAULT_SUBJECT;

    @Option(names = "--decision", description = "Decision the evidence is for, e.g. ADR-0007.")
    String decision;

    @Option(
            names = "--bootstrap-servers",
            description = "Kafka bootstrap servers (default: $VERDICT_KAFKA_BOOTSTRAP or localhost:19092).")
    String bootstrapServers;

    @Option(names = "--topic", description = "Topic (default ${DEFAULT-VALUE}).")
    String topic = BenchmarkEvents.TOPIC;

    @Option(
            names = "--timeout",
            description = "Seconds to wait for the broker's acknowledgement (default ${DEFAULT-VALUE}).")
    int timeoutSeconds = 30;

    @Option(
            names = "--code-revision",
            description = "Revision of the measured code (default: the benchmarks jar's SHA-256).")
    String codeRevision;

    @Option(
            names = "--allow-incomplete",
            description = "Publish a comparison of an interrupted run (marked complete=false).")
    boolean allowIncomplete;

    @Option(names = "--kafka-property", description = "Extra producer property key=value (e.g. security settings).")
    Map<String, String> kafkaProperties = Map.of();

    @Option(names = "--dry-run", description = "Print the event (CloudEvents JSON) instead of sending it.")
    boolean dryRun;

    @Override
    public Integer call() {
        Path file = Files.isDirectory(input) ? input.resolve("comparison.json") : input;
        Comparison c = Json.read(file, Comparison.class, "comparison file");
        if (!c.complete() && !allowIncomplete) {
            throw new BenchException("the comparison in " + file + " is incomplete (" + c.incompleteReason()
                    + "); finish the run, or publish it marked incomplete with --allow-incomplete");
        }
        VerdictEvent<ComparisonCompleted> event = EvidenceMapper.event(c, subject, decision, codeRevision);
        var out = spec.commandLine().getOut();
        if (dryRun) {
            out.println(EventCodec.platform().encodeToString(event));
            out.flush();
            return 0;
        }
        String servers = bootstrapServers != null
                ? bootstrapServers
                : System.getenv().getOrDefault("VERDICT_KAFKA_BOOTSTRAP", "localhost:19092");
        Properties extra = new Properties();
        extra.putAll(kafkaProperties);
        KafkaPublisher.Delivery d =
                KafkaPublisher.publish(servers, topic, event, Duration.ofSeconds(timeoutSeconds), extra);
        out.println("published " + event.type() + " id " + event.id() + " ("
                + event.data().evidence().size() + " evidence items) to " + d.topic() + "-" + d.partition() + "@"
                + d.offset());
        out.flush();
        return 0;
    }
}

package dev.verdict.decisions.evidence.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where evidence came from and under which conditions it was measured.
 *
 * @param producer      the producing system or person, e.g. {@code benchmark-harness} or a user name
 * @param runId         the producer's id of the run (benchmark job, canary, experiment)
 * @param sourceEventId the CloudEvents id of the event it came in, if it came through Kafka
 * @param config        the run's configuration as flat key/value pairs
 * @param configHash    the producer's hash of its full configuration
 * @param environment   the environment fingerprint
 * @param codeRevision  the code revision measured (git commit)
 * @param window        when the measurements were taken
 */
public record Provenance(
        String producer,
        String runId,
        String sourceEventId,
        Map<String, String> config,
        String configHash,
        Environment environment,
        String codeRevision,
        TimeWindow window) {

    public Provenance {
        if (producer == null || producer.isBlank()) {
            throw new IllegalArgumentException("provenance.producer is required");
        }
        if (window == null) {
            throw new IllegalArgumentException("provenance.window is required");
        }
        config = config == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(config));
        environment = environment == null ? Environment.unknown() : environment;
    }
}

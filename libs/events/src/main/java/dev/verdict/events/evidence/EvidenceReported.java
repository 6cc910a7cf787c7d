package dev.verdict.events.evidence;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The data of an {@code ...evidence-reported.v1} event: one piece of measured evidence as a producer (benchmark
 * harness, deploy orchestrator, experiment analysis, telemetry) reports it. decision-records stores it with
 * provenance, links it to a decision (by {@code decision}, or by subject and the decisions' fitness criteria) and
 * re-evaluates those decisions. The envelope's id becomes the evidence's source event id.
 *
 * @param kind        canary | experiment | benchmark | telemetry | chaos | manual
 * @param subject     catalog entity ref the measurement is about, e.g. {@code component:default/payments-api}
 * @param decision    optional explicit decision ref, e.g. {@code ADR-0007}
 * @param metric      metric or benchmark name, e.g. {@code cpu-time-per-op}
 * @param comparison  optional {@code ratio(candidate/baseline)}, {@code diff(…)} or {@code lift(…)}
 * @param supersedes  optional id of an earlier evidence item this one corrects or replaces ({@link #itemId}); only
 *                    the newest of such a chain counts
 */
public record EvidenceReported(
        String kind,
        String subject,
        String decision,
        String metric,
        String comparison,
        Provenance provenance,
        Measurements measurements,
        Result result,
        List<Gate> gates,
        String supersedes,
        String notes) {

    /**
     * The id decision-records gives item {@code item} of event {@code eventId} (0 for an {@code evidence-reported}
     * event): a name-based UUID, so a redelivered event maps to the same item, and a producer that chose its event
     * ids can name an earlier item in {@link #supersedes} without asking decision-records.
     */
    public static UUID itemId(UUID eventId, int item) {
        return UUID.nameUUIDFromBytes(("verdict-evidence|" + eventId + "|" + item).getBytes(StandardCharsets.UTF_8));
    }

    /** Who produced it, under which configuration, in which environment, over which time window. */
    public record Provenance(
            String producer,
            String runId,
            Map<String, String> config,
            String configHash,
            Environment environment,
            String codeRevision,
            Instant windowStart,
            Instant windowEnd) {}

    /** JDK vendor and version, CPU, OS, and further facts. */
    public record Environment(String jdkVendor, String jdkVersion, String cpu, String os, Map<String, String> other) {}

    /** The unit and one entry per measured group. */
    public record Measurements(String unit, List<Group> groups) {}

    /** One group: sample count, summary statistics, raw samples inline or a pointer to them. */
    public record Group(String name, long n, Map<String, Double> summary, List<Double> samples, String samplesRef) {}

    /** The statistical result: method, estimate, CI, p-value, sample sizes, classification label. */
    public record Result(
            String method,
            Double estimate,
            Double ciLower,
            Double ciUpper,
            Double ciLevel,
            Double pValue,
            Long baselineN,
            Long candidateN,
            String classification) {}

    /** A quality gate of the producer: passed or not, and why. */
    public record Gate(String name, boolean passed, String detail) {}
}

package dev.verdict.decisions.evidence;

import dev.verdict.decisions.evidence.model.Environment;
import dev.verdict.decisions.evidence.model.Evidence;
import dev.verdict.decisions.evidence.model.MeasurementGroup;
import dev.verdict.decisions.evidence.model.Measurements;
import dev.verdict.decisions.evidence.model.Provenance;
import dev.verdict.decisions.evidence.model.QualityGate;
import dev.verdict.decisions.evidence.model.StatisticalResult;
import dev.verdict.decisions.evidence.model.TimeWindow;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.decisions.shared.EvidenceKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders of realistic evidence items for tests. */
public final class EvidenceFixtures {

    private EvidenceFixtures() {}

    public static Provenance provenance(String runId, Instant end) {
        return new Provenance(
                "benchmark-harness",
                runId,
                "evt-" + runId,
                Map.of("forks", "5", "iterations", "10", "suite", "payments"),
                "cfg-sha-1",
                new Environment("Eclipse Adoptium", "25.0.1", "Intel Xeon 8375C", "Linux 6.1", Map.of("gc", "G1")),
                "9f2c1ab",
                new TimeWindow(end.minusSeconds(3600), end));
    }

    public static Evidence benchmark(
            UUID id, Instant end, double estimate, double lower, double upper, long n, boolean gatesPassed) {
        return Evidence.create(
                id,
                EvidenceKind.BENCHMARK,
                "component:default/payments-api",
                DecisionNumber.of(7),
                "cpu-time-per-op",
                "ratio(jdk25/jdk17)",
                provenance("run-" + end.getEpochSecond(), end),
                new Measurements(
                        "ns/op",
                        List.of(
                                new MeasurementGroup(
                                        "jdk17",
                                        n,
                                        Map.of("median", 812.5, "p99", 990.0),
                                        List.of(),
                                        "s3://bench/jdk17"),
                                new MeasurementGroup(
                                        "jdk25",
                                        n,
                                        Map.of("median", 731.0, "p99", 901.0),
                                        List.of(),
                                        "s3://bench/jdk25"))),
                new StatisticalResult("bootstrap ratio of medians", estimate, lower, upper, 0.95, null, n, n, null),
                List.of(
                        new QualityGate("steady-state", gatesPassed, gatesPassed ? null : "warm-up not reached"),
                        new QualityGate("no-outlier-forks", true, null)),
                List.of(),
                null,
                null,
                end.plusSeconds(60));
    }

    public static Evidence canary(UUID id, Instant end, String classification) {
        return Evidence.create(
                id,
                EvidenceKind.CANARY,
                "component:default/payments-api",
                DecisionNumber.of(7),
                "p99-latency",
                null,
                new Provenance(
                        "deploy-orchestrator",
                        "canary-42",
                        null,
                        Map.of(),
                        null,
                        null,
                        "9f2c1ab",
                        new TimeWindow(end.minusSeconds(1800), end)),
                Measurements.none(),
                new StatisticalResult("mann-whitney", 3.5, -1.0, 8.0, 0.95, 0.21, 120L, 118L, classification),
                List.of(),
                List.of(),
                null,
                null,
                end.plusSeconds(5));
    }
}

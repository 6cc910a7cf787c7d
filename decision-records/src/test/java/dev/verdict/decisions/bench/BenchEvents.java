package dev.verdict.decisions.bench;

import dev.verdict.events.evidence.EvidenceReported;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The evidence events of the ingest benchmark: a benchmark-harness JDK comparison result per event, seeded. */
public final class BenchEvents {

    private BenchEvents() {}

    /** Event {@code i} of {@code n} for {@code subject}; its time window ends {@code n - i} seconds before {@code now}. */
    public static EvidenceReported evidence(int i, int n, String subject, String decision, Random rnd, Instant now) {
        double upper = 0.90 + rnd.nextDouble() * 0.07;
        Instant end = now.minusSeconds(n - i);
        return new EvidenceReported(
                "benchmark",
                subject,
                decision,
                "cpu-time-per-op",
                "ratio(jdk25/jdk17)",
                new EvidenceReported.Provenance(
                        "benchmark-harness",
                        "bench-" + i,
                        Map.of("forks", "5"),
                        "cfg",
                        new EvidenceReported.Environment("Eclipse Adoptium", "25.0.1", "Xeon", "Linux", Map.of()),
                        "9f2c1ab",
                        end.minusSeconds(600),
                        end),
                new EvidenceReported.Measurements(
                        "ns/op",
                        List.of(
                                new EvidenceReported.Group("jdk17", 20, Map.of("median", 812.0), List.of(), null),
                                new EvidenceReported.Group("jdk25", 20, Map.of("median", 731.0), List.of(), null))),
                new EvidenceReported.Result(
                        "bootstrap ratio of medians", upper - 0.03, upper - 0.06, upper, 0.95, null, 20L, 20L, null),
                List.of(new EvidenceReported.Gate("steady-state", rnd.nextInt(20) != 0, null)),
                null,
                null);
    }
}

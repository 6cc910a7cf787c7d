package dev.verdict.allocation.bench;

import dev.verdict.allocation.Assigner;
import dev.verdict.allocation.Experiment;
import dev.verdict.allocation.StickyBuckets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What sticky bucketing (ADR-0006) adds to one assignment, against the same assignment without it, in one run: the
 * same experiment (50/50, hash version 2, sticky bucketing on) and the same 1,024 units. {@code stickyHit} is a
 * returning unit (its document loaded, its stored variation used, as the SDK does per call with the unit's documents
 * from the store); {@code stickyFirst} is a unit seen for the first time (hashed, the assignment recorded in a new
 * document to save). Setup checks that the stored variations are the hashed ones.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Xms1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StickyAssignmentBenchmarks {

    static final int UNITS = 1024;

    Experiment experiment;
    Map<String, Object>[] attributes;
    Map<String, StickyBuckets.Doc>[] docs;
    int next;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() {
        experiment = new Experiment(
                "new-checkout",
                List.of("control", "treatment"),
                new double[] {0.5, 0.5},
                1,
                null,
                null,
                null,
                null,
                null,
                "id",
                2,
                "phase-1-seed",
                true,
                new Experiment.Sticky(List.of("control", "treatment"), null, 0, 0, false));
        attributes = new Map[UNITS];
        docs = new Map[UNITS];
        for (int i = 0; i < UNITS; i++) {
            attributes[i] = Map.of("id", "user-" + i);
            StickyBuckets first = StickyBuckets.empty();
            Assigner.Outcome hashed = Assigner.assign(experiment, Map.of(), attributes[i], first);
            StickyBuckets.Doc doc = first.changed().get(0);
            docs[i] = Map.of(doc.key(), doc);
            Assigner.Outcome again =
                    Assigner.assign(experiment, Map.of(), attributes[i], new StickyBuckets(docs[i]));
            if (!Assigner.STICKY.equals(again.reason()) || again.variation() != hashed.variation()) {
                throw new IllegalStateException("unit " + i + ": stored " + again + ", hashed " + hashed);
            }
        }
    }

    /** The baseline: the same assignment without sticky documents. */
    @Benchmark
    public Assigner.Outcome hashedOnly() {
        return Assigner.assign(experiment, Map.of(), attributes[next++ & (UNITS - 1)]);
    }

    @Benchmark
    public Assigner.Outcome stickyHit() {
        int i = next++ & (UNITS - 1);
        return Assigner.assign(experiment, Map.of(), attributes[i], new StickyBuckets(docs[i]));
    }

    @Benchmark
    public Assigner.Outcome stickyFirst() {
        return Assigner.assign(experiment, Map.of(), attributes[next++ & (UNITS - 1)], StickyBuckets.empty());
    }
}

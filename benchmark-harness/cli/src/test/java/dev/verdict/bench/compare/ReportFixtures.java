package dev.verdict.bench.compare;

import static dev.verdict.bench.compare.Samples.around;
import static dev.verdict.bench.compare.Samples.bench;
import static dev.verdict.bench.compare.Samples.map;
import static dev.verdict.bench.compare.Samples.set;

import java.util.List;
import java.util.Map;

/** A comparison with one benchmark of each kind of outcome, for report and evidence tests. */
public final class ReportFixtures {

    private ReportFixtures() {}

    public static Comparison mixed(boolean complete) {
        ResultSet.Samples failed = new ResultSet.Samples(
                "x.Odd.fails",
                "x.Odd.fails",
                Map.of(),
                "avgt",
                "us/op",
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                5,
                List.of("fork 1 failed: java.lang.NoSuchMethodError"),
                null);
        ResultSet a = set(
                "jdk17",
                17,
                map(
                        bench("x.Json.serialize", "us/op", around(50, 0.01, 5), around(52_000, 0.01, 5)),
                        bench("x.Regex.parse", "us/op", around(100, 0.01, 5), around(101_000, 0.01, 5)),
                        bench("x.Hash.lookups", "us/op", around(20, 0.05, 5), around(21_000, 0.05, 5)),
                        bench("x.Queue.thrpt", "ops/ms", around(300, 0.02, 5), around(3_300, 0.02, 5)),
                        bench("x.Evil.<b>x", "us/op", around(10, 0.02, 5), around(10_000, 0.02, 5)),
                        bench("x.Odd.fails", "us/op", around(10, 0.02, 5), List.of())));
        ResultSet b = set(
                "jdk25",
                25,
                map(
                        bench("x.Json.serialize", "us/op", around(40, 0.01, 5), around(41_000, 0.01, 5)),
                        bench("x.Regex.parse", "us/op", around(120, 0.01, 5), around(121_000, 0.01, 5)),
                        bench("x.Hash.lookups", "us/op", around(20.2, 0.05, 5), around(21_100, 0.05, 5)),
                        bench("x.Queue.thrpt", "ops/ms", around(330, 0.02, 5), around(3_000, 0.02, 5)),
                        bench("x.Evil.<b>x", "us/op", around(10, 0.02, 5), around(10_000, 0.02, 5)),
                        failed));
        if (!complete) {
            a = new ResultSet(
                    a.label(),
                    a.jdk(),
                    a.environment(),
                    a.runId(),
                    a.source(),
                    false,
                    "interrupted (Ctrl-C / SIGTERM): 30 of 60 forks completed",
                    a.config(),
                    a.windowStart(),
                    a.windowEnd(),
                    a.alternated(),
                    a.maxLoad(),
                    a.benchmarks());
        }
        return Comparer.compare(a, b, Comparer.defaults());
    }
}

package dev.verdict.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A directory that looks like a JDK (a {@code release} file and an executable {@code bin/java}) whose "java" is a
 * shell script behaving like a JMH host: {@code -l} lists two benchmarks, a run prints JMH-like console lines and
 * writes a JMH JSON result to the {@code -rff} file. Its behaviour comes from {@code fake.conf} in the JDK home:
 * {@code SCORE} (us/op), {@code FAIL} (regex of benchmarks that fail), {@code CORRUPT=1} (write truncated JSON),
 * {@code HANG_FROM=n} (the n-th run and later ones hang, for Ctrl-C tests; the hanging pid is in {@code hang.pid}),
 * {@code SCORE_BETA} (beta's score, if it differs), {@code NOISE} (width of the uniform iteration noise, 0.01).
 * Runs are counted in {@code runs}.
 */
public final class FakeJdk {

    public static final String ALPHA = "fake.FakeBench.alpha";
    public static final String BETA = "fake.FakeBench.beta";

    private static final String SCRIPT = """
            #!/bin/bash
            HOME_DIR="$(cd "$(dirname "$0")/.." && pwd)"
            SCORE=100; FAIL='^$'; CORRUPT=0; HANG_FROM=0; SCORE_BETA=""; NOISE=0.01
            [ -f "$HOME_DIR/fake.conf" ] && . "$HOME_DIR/fake.conf"
            RFF=""; PATTERN=""; LIST=0; PREV=""; AFTER_MAIN=0
            for a in "$@"; do
              if [ "$PREV" = "-rff" ]; then RFF="$a"; fi
              if [ "$AFTER_MAIN" = 1 ] && [ -z "$PATTERN" ] && [ "${a:0:1}" != "-" ] && [ "$PREV" != "-l" ]; then PATTERN="$a"; fi
              if [ "$a" = "org.openjdk.jmh.Main" ]; then AFTER_MAIN=1; fi
              if [ "$a" = "-l" ]; then LIST=1; fi
              PREV="$a"
            done
            if [ "$LIST" = 1 ]; then
              echo "Benchmarks: "
              echo "fake.FakeBench.alpha"
              echo "fake.FakeBench.beta"
              exit 0
            fi
            N=$(( $(cat "$HOME_DIR/runs" 2>/dev/null || echo 0) + 1 )); echo $N > "$HOME_DIR/runs.tmp"; mv "$HOME_DIR/runs.tmp" "$HOME_DIR/runs"
            BENCH=$(echo "$PATTERN" | sed -e 's/^\\^//' -e 's/\\$$//' -e 's/\\\\//g')
            echo "# JMH version: 1.37"
            echo "# Benchmark: $BENCH"
            echo ""
            echo "# Fork: 1 of 1"
            if [ "$HANG_FROM" -gt 0 ] && [ "$N" -ge "$HANG_FROM" ]; then echo $$ > "$HOME_DIR/hang.pid"; exec sleep 300; fi
            if echo "$BENCH" | grep -Eq "$FAIL"; then
              echo "# Warmup Iteration   1: <failure>"
              echo ""
              echo "java.lang.UnsupportedOperationException: not on this fake JDK"
              echo "	at fake.FakeBench.alpha(FakeBench.java:1)"
              exit 1
            fi
            case "$BENCH" in *beta) [ -n "$SCORE_BETA" ] && SCORE=$SCORE_BETA;; esac
            S1=$(awk -v s="$SCORE" -v w="$NOISE" -v r="$RANDOM" 'BEGIN{srand(r); printf "%.4f", s*(1+(rand()-0.5)*w)}')
            S2=$(awk -v s="$SCORE" -v w="$NOISE" -v r="$RANDOM" 'BEGIN{srand(r+7); printf "%.4f", s*(1+(rand()-0.5)*w)}')
            M=$(awk -v a="$S1" -v b="$S2" 'BEGIN{printf "%.4f", (a+b)/2}')
            C=$(awk -v m="$M" 'BEGIN{printf "%.2f", m*1000*0.9}')
            echo "# Warmup Iteration   1: $S1 us/op"
            echo "Iteration   1: $S1 us/op"
            echo "Iteration   2: $S2 us/op"
            if [ "$CORRUPT" = 1 ]; then printf '[ { "benchmark" : "%s", "mode" : "avgt", "primaryMetric" : { "score" : ' "$BENCH" > "$RFF"; exit 0; fi
            cat > "$RFF" <<JSON
            [ { "jmhVersion" : "1.37", "benchmark" : "$BENCH", "mode" : "avgt", "threads" : 1, "forks" : 1,
                "jvmArgs" : [ "-Xmx64m" ], "jdkVersion" : "$FAKE_VERSION", "vmName" : "Fake VM", "vmVersion" : "$FAKE_VERSION",
                "primaryMetric" : { "score" : $M, "scoreError" : "NaN", "scoreUnit" : "us/op", "rawData" : [ [ $S1, $S2 ] ] },
                "secondaryMetrics" : {
                  "gc.alloc.rate.norm" : { "score" : 1024.0, "scoreError" : "NaN", "scoreUnit" : "B/op", "rawData" : [ [ 1024.0, 1024.0 ] ] },
                  "gc.count" : { "score" : 1.0, "scoreError" : "NaN", "scoreUnit" : "counts", "rawData" : [ [ 0.0, 1.0 ] ] },
                  "cpu.time.norm" : { "score" : $C, "scoreError" : "NaN", "scoreUnit" : "ns/op", "rawData" : [ [ $C, $C ] ] },
                  "rss.peak" : { "score" : 65536.0, "scoreError" : "NaN", "scoreUnit" : "KiB", "rawData" : [ [ 65000.0, 65536.0 ] ] }
                } } ]
            JSON
            echo "Benchmark result is saved to $RFF"
            """;

    private FakeJdk() {}

    public static Path create(Path parent, String name, String vendor, String version, String conf) throws IOException {
        Path home = parent.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(
                home.resolve("release"),
                "IMPLEMENTOR=\"" + vendor + "\"\nJAVA_VERSION=\"" + version + "\"\nJAVA_RUNTIME_VERSION=\"" + version
                        + "+1\"\n");
        Path java = home.resolve("bin").resolve("java");
        Files.writeString(java, SCRIPT);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("fake.conf"), "FAKE_VERSION=" + version + "\n" + (conf == null ? "" : conf));
        return home;
    }

    /** The pid of the hanging "benchmark" (HANG_FROM), or -1. */
    public static long hangPid(Path home) throws IOException {
        Path f = home.resolve("hang.pid");
        return Files.exists(f) ? Long.parseLong(Files.readString(f).strip()) : -1;
    }

    public static int runs(Path home) throws IOException {
        Path f = home.resolve("runs");
        // the script replaces the file atomically (mv), so a reader sees the old count or the new one
        return Files.exists(f) ? Integer.parseInt(Files.readString(f).strip()) : 0;
    }
}

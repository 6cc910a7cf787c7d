package dev.verdict.bench.workloads;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

/** Parsing 200 access-log lines with a capturing regex, and masking e-mail addresses with replaceAll. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RegexBench {

    static final Pattern LOG = Pattern.compile(
            "^(\\d{1,3}(?:\\.\\d{1,3}){3}) - (\\S+) \\[([^\\]]+)] \"(GET|POST|PUT|DELETE) (\\S+) HTTP/1\\.1\" (\\d{3}) (\\d+) (\\d+)ms$");
    static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

    List<String> lines;

    @Setup
    public void setup() {
        lines = Data.logLines(new SplittableRandom(11), 200);
    }

    /** Sum of response sizes of the server errors: every line is matched and two groups are read. */
    @Benchmark
    public long parseLogLines() {
        long bytes = 0;
        for (String line : lines) {
            Matcher m = LOG.matcher(line);
            if (m.matches() && m.group(6).charAt(0) == '5') {
                bytes += Long.parseLong(m.group(7));
            }
        }
        return bytes;
    }

    @Benchmark
    public int maskEmails() {
        int length = 0;
        for (String line : lines) {
            length += EMAIL.matcher(line).replaceAll("<redacted>").length();
        }
        return length;
    }
}

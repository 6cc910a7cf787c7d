package dev.verdict.bench.run;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows JMH's console output of one invocation line by line: which benchmarks (and parameter combinations) ran,
 * which failed ({@code <failure>} and the stack trace after it), and whether JMH refused to start because another
 * JMH run holds the machine-wide JMH lock. (CPU time and RSS are measured inside the benchmark JVM by
 * {@code CpuTimeProfiler}, not from here: reading them from outside depends on when this process gets to read a
 * line, which on a loaded machine is late.)
 */
final class ForkMonitor {

    private static final Pattern BENCHMARK = Pattern.compile("^# Benchmark: (\\S+)");
    private static final Pattern PARAMETERS = Pattern.compile("^# Parameters: (\\(.*\\))");
    private static final int FAILURE_LINES = 25;

    /** What was seen of one benchmark (parameter combination) in this invocation. */
    static final class Observation {
        final String benchmark;
        String params = "";
        boolean failed;
        final List<String> failure = new ArrayList<>();

        Observation(String benchmark) {
            this.benchmark = benchmark;
        }
    }

    private final List<Observation> observations = new ArrayList<>();
    private Observation current;
    private int failureLinesLeft;
    private boolean lockBusy;

    void line(String line) {
        if (line.contains("Unable to acquire the JMH lock")) {
            lockBusy = true;
        }
        Matcher m;
        if ((m = BENCHMARK.matcher(line)).find()) {
            current = new Observation(m.group(1));
            observations.add(current);
            failureLinesLeft = 0;
            return;
        }
        if (current == null) {
            return;
        }
        if (failureLinesLeft > 0) {
            if (!line.isBlank()) {
                current.failure.add(line.strip());
                failureLinesLeft--;
            }
            return;
        }
        if (line.contains("<failure>")) {
            current.failed = true;
            failureLinesLeft = FAILURE_LINES;
            return;
        }
        if ((m = PARAMETERS.matcher(line)).find()) {
            current.params = m.group(1);
        }
    }

    List<Observation> observations() {
        return observations;
    }

    boolean lockBusy() {
        return lockBusy;
    }

    /** The failure text JMH printed, if a benchmark failed. */
    String failureText() {
        StringBuilder sb = new StringBuilder();
        for (Observation o : observations) {
            if (o.failed) {
                sb.append(sb.length() == 0 ? "" : "; ")
                        .append(o.benchmark)
                        .append(o.params.isEmpty() ? "" : " " + o.params)
                        .append(" failed: ")
                        .append(String.join(" | ", o.failure));
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}

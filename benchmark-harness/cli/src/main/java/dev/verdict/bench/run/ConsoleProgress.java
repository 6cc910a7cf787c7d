package dev.verdict.bench.run;

import java.io.PrintStream;
import java.time.Duration;

/**
 * The terminal progress bar with ETA. On a terminal one line is redrawn in place; otherwise (CI logs, a Kubernetes
 * Job) one line per fork is printed. The ETA is the remaining forks times the mean wall time of the forks so far
 * (before the first one finishes: the settings' warm-up plus measurement time plus a JVM start-up allowance).
 */
public final class ConsoleProgress implements ProgressListener {

    private static final int WIDTH = 28;

    private final PrintStream out;
    private final boolean inPlace;
    private final long startNanos = System.nanoTime();
    private long expectedPerFork;
    private long measuredMillis;
    private int measuredForks;
    private boolean lineOpen;

    public ConsoleProgress(PrintStream out, boolean inPlace) {
        this.out = out;
        this.inPlace = inPlace;
    }

    @Override
    public synchronized void planned(int total, long expectedMillisPerFork) {
        this.expectedPerFork = expectedMillisPerFork;
        out.println("benchmark-harness: " + total + " forks planned, about "
                + format(Duration.ofMillis(total * expectedMillisPerFork)) + " (estimate)");
    }

    @Override
    public synchronized void forkStarted(Schedule.Slot slot, String jdkLabel, int done, int total) {
        String text =
                bar(done, total) + " " + shortName(slot.benchmark()) + " " + jdkLabel + " fork " + slot.forkIndex();
        if (inPlace) {
            out.print("\r" + pad(text));
            out.flush();
            lineOpen = true;
        }
    }

    @Override
    public synchronized void forkFinished(RunRecord.ForkRecord fork, int done, int total) {
        if (!"SKIPPED".equals(fork.status())) {
            measuredMillis += fork.wallMillis();
            measuredForks++;
        }
        String text = bar(done, total) + " " + shortName(fork.benchmark()) + " " + fork.jdk() + " fork "
                + fork.forkIndex() + " " + fork.status()
                + (fork.results() != null && !fork.results().isEmpty()
                        ? String.format(
                                " %.4g %s",
                                fork.results().get(0).score(),
                                fork.results().get(0).unit())
                        : "");
        if (inPlace) {
            out.print("\r" + pad(text));
            out.flush();
            lineOpen = true;
        } else {
            out.println(text);
        }
    }

    @Override
    public synchronized void message(String text) {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
        out.println(text);
    }

    @Override
    public synchronized void finished(RunRecord run) {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
        out.println("benchmark-harness: run " + run.status().name().toLowerCase() + " after "
                + format(Duration.ofNanos(System.nanoTime() - startNanos)));
    }

    private String bar(int done, int total) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        long perFork = measuredForks > 0 ? measuredMillis / measuredForks : expectedPerFork;
        Duration eta = Duration.ofMillis((long) (total - done) * perFork);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " "
                + (total == 0 ? 100 : 100 * done / total) + "% elapsed " + format(elapsed) + " ETA " + format(eta);
    }

    static String format(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600
                ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }

    static String shortName(String benchmark) {
        String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
    }

    private static String pad(String s) {
        return s.length() >= 110 ? s : s + " ".repeat(110 - s.length());
    }
}

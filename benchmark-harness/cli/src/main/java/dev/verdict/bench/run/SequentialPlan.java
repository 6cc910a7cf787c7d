package dev.verdict.bench.run;

import dev.verdict.bench.compare.Classification;
import dev.verdict.bench.compare.Comparer;
import dev.verdict.bench.compare.Comparison;
import dev.verdict.bench.compare.ResultSet;
import dev.verdict.bench.compare.ResultSets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A budgeted sequential run ({@code run --budget 15m}): a pilot of a few forks per JDK for every benchmark, then
 * rounds that add forks only where the comparison is still undecided, until every benchmark is decided, reaches
 * the maximum, or the time budget ends. Looking after every round is safe because the comparison's intervals are
 * anytime-valid ({@code MarginDecision}); the same data compared later gives the same answer.
 *
 * <p>After the pilot and after each round the plan compares the run so far, reads each undecided benchmark's
 * {@code forksNeeded} (how many forks per JDK would decide it if estimate and noise stayed as measured), and spends
 * the remaining budget on the cheapest benchmarks to decide first: forks needed x JDKs x the benchmark's measured
 * fork time. A benchmark whose ratio sits at the margin (no fork count decides it) is served last.
 */
public final class SequentialPlan implements ForkPlan {

    private final RunSettings.Sequential settings;
    private final int jdkCount;
    private final Comparison.StatsSettings stats;
    private final Path runFile;
    private final long startNanos = System.nanoTime();

    private List<String> benchmarks = List.of();
    private int sequence;
    private int planned;
    private Map<String, Integer> pilotNeeded = new LinkedHashMap<>();
    private final List<RunRecord.Round> rounds = new ArrayList<>();
    private List<String> decided = List.of();
    private List<String> undecided = List.of();
    private String stopReason;

    public SequentialPlan(RunSettings.Sequential settings, int jdkCount, Comparison.StatsSettings stats, Path runFile) {
        if (jdkCount < 2) {
            throw new IllegalArgumentException("a sequential run compares JDKs: give at least two --jdk");
        }
        this.settings = settings;
        this.jdkCount = jdkCount;
        this.stats = stats;
        this.runFile = runFile;
    }

    @Override
    public List<Schedule.Slot> first(List<String> names) {
        benchmarks = List.copyOf(names);
        List<Schedule.Slot> pilot = Schedule.alternating(benchmarks, jdkCount, settings.pilotForks());
        sequence = pilot.size();
        planned = pilot.size();
        rounds.add(new RunRecord.Round(0, 0, benchmarks));
        undecided = benchmarks;
        return pilot;
    }

    @Override
    public List<Schedule.Slot> next(RunRecord soFar) {
        long elapsed = elapsedMillis();
        Map<String, State> states = states(soFar);
        if (rounds.size() == 1) {
            pilotNeeded = new LinkedHashMap<>();
            for (String b : benchmarks) {
                State s = states.get(b);
                pilotNeeded.put(b, s == null ? -1 : s.needed);
            }
        }
        decided = benchmarks.stream()
                .filter(b -> states.get(b) != null && states.get(b).decided)
                .toList();
        undecided = benchmarks.stream().filter(b -> !decided.contains(b)).toList();
        List<State> open = new ArrayList<>();
        for (String b : undecided) {
            State s = states.get(b);
            if (s != null && s.forks < settings.maxForks()) {
                open.add(s);
            }
        }
        if (undecided.isEmpty()) {
            return stop("all decided");
        }
        if (open.isEmpty()) {
            return stop("max forks (" + settings.maxForks() + " per JDK) reached by every undecided benchmark");
        }
        long left = settings.budgetSeconds() * 1000 - elapsed;
        // cheapest to decide first; benchmarks at the margin (needed < 0) last
        open.sort(Comparator.comparing((State s) -> s.needed < 0).thenComparingDouble(s -> s.costMillis()));
        List<State> chosen = new ArrayList<>();
        long committed = 0;
        for (State s : open) {
            long cost = Math.max(s.roundMillis(), s.costMillis());
            if (committed + cost <= left) {
                chosen.add(s);
                committed += cost;
            }
        }
        if (chosen.isEmpty()) {
            // no benchmark can be finished in what is left: one more round each for as many as fit
            for (State s : open) {
                if (committed + s.roundMillis() <= left) {
                    chosen.add(s);
                    committed += s.roundMillis();
                }
            }
        }
        if (chosen.isEmpty()) {
            return stop("budget: " + undecided.size() + " benchmark(s) undecided when the budget ended");
        }
        List<Schedule.Slot> slots = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (State s : chosen) {
            names.add(s.benchmark);
            for (int k = 0; k < settings.stepForks(); k++) {
                int forkIndex = s.nextForkIndex + k;
                List<Integer> order = new ArrayList<>();
                for (int j = 0; j < jdkCount; j++) {
                    order.add(j);
                }
                // keep A B B A: the direction alternates with the fork index, as in the pilot
                if ((forkIndex - 1) % 2 == 1) {
                    Collections.reverse(order);
                }
                for (int j : order) {
                    slots.add(new Schedule.Slot(++sequence, s.benchmark, j, forkIndex));
                }
            }
        }
        planned += slots.size();
        rounds.add(new RunRecord.Round(rounds.size(), elapsed / 1000, List.copyOf(names)));
        return slots;
    }

    @Override
    public void stopped(RunRecord soFar, String reason) {
        Map<String, State> states = states(soFar);
        decided = benchmarks.stream()
                .filter(b -> states.get(b) != null && states.get(b).decided)
                .toList();
        undecided = benchmarks.stream().filter(b -> !decided.contains(b)).toList();
        stopReason = undecided.isEmpty() ? "all decided" : reason + ": " + undecided.size() + " benchmark(s) undecided";
    }

    @Override
    public boolean admits(long elapsedMillis, long expectedMillis) {
        return elapsedMillis + expectedMillis <= settings.budgetSeconds() * 1000;
    }

    @Override
    public int planned() {
        return planned;
    }

    @Override
    public RunRecord.SequentialProgress progress() {
        return new RunRecord.SequentialProgress(
                settings.budgetSeconds(), pilotNeeded, List.copyOf(rounds), decided, undecided, stopReason);
    }

    private List<Schedule.Slot> stop(String reason) {
        stopReason = reason;
        return List.of();
    }

    private long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Where one benchmark stands after the forks so far. */
    private final class State {
        final String benchmark;
        boolean decided = true;
        int needed;
        int forks = Integer.MAX_VALUE;
        int nextForkIndex = 1;
        long forkMillis;

        State(String benchmark) {
            this.benchmark = benchmark;
        }

        long roundMillis() {
            return (long) settings.stepForks() * jdkCount * forkMillis;
        }

        /** Time to reach the forks needed on every JDK at this benchmark's fork time. */
        long costMillis() {
            int target = needed < 0 ? settings.maxForks() : Math.min(needed, settings.maxForks());
            return (long) Math.max(0, target - forks) * jdkCount * forkMillis;
        }
    }

    private Map<String, State> states(RunRecord soFar) {
        Map<String, State> states = new HashMap<>();
        Map<String, Long> wall = new HashMap<>();
        Map<String, Integer> wallN = new HashMap<>();
        Map<String, Map<String, Integer>> ok = new HashMap<>();
        Map<String, Integer> maxIndex = new HashMap<>();
        for (RunRecord.ForkRecord f : soFar.forks()) {
            maxIndex.merge(f.benchmark(), f.forkIndex(), Math::max);
            if ("OK".equals(f.status())) {
                wall.merge(f.benchmark(), f.wallMillis(), Long::sum);
                wallN.merge(f.benchmark(), 1, Integer::sum);
                ok.computeIfAbsent(f.benchmark(), k -> new HashMap<>()).merge(f.jdk(), 1, Integer::sum);
            }
        }
        for (String b : benchmarks) {
            State s = new State(b);
            s.nextForkIndex = maxIndex.getOrDefault(b, 0) + 1;
            Map<String, Integer> perJdk = ok.getOrDefault(b, Map.of());
            s.forks = soFar.jdks().stream()
                    .mapToInt(j -> perJdk.getOrDefault(j.label(), 0))
                    .min()
                    .orElse(0);
            s.forkMillis = wallN.containsKey(b) ? wall.get(b) / wallN.get(b) : 2_500;
            states.put(b, s);
        }
        List<ResultSet> sets = ResultSets.fromRun(soFar, runFile);
        for (int i = 1; i < sets.size(); i++) {
            Comparison c = Comparer.compare(sets.get(0), sets.get(i), stats);
            for (Comparison.BenchmarkComparison bc : c.benchmarks()) {
                State s = states.get(bc.benchmark());
                if (s == null) {
                    continue;
                }
                for (Comparison.Effect e : effects(bc)) {
                    if (e == null) {
                        // unsupported on a JDK: nothing more to learn; insufficient data: more forks will tell
                        if (bc.classification() == Classification.INSUFFICIENT_DATA) {
                            s.decided = false;
                            s.needed = Math.max(s.needed, settings.pilotForks());
                        }
                        continue;
                    }
                    if (e.classification() == Classification.UNDECIDED
                            || e.classification() == Classification.INSUFFICIENT_DATA) {
                        s.decided = false;
                        int n = e.forksNeeded() == null ? settings.pilotForks() : e.forksNeeded();
                        s.needed = s.needed < 0 || n < 0 ? -1 : Math.max(s.needed, n);
                    }
                }
            }
        }
        return states;
    }

    /** The effects the run decides on. */
    private List<Comparison.Effect> effects(Comparison.BenchmarkComparison bc) {
        List<Comparison.Effect> out = new ArrayList<>();
        if (!settings.decideOn().equals("cpu")) {
            out.add(bc.score());
        }
        if (!settings.decideOn().equals("score")) {
            out.add(bc.cpuPerOp() != null ? bc.cpuPerOp() : bc.score());
        }
        return out;
    }
}

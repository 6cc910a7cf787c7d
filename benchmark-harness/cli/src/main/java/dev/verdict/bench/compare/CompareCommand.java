package dev.verdict.bench.compare;

import dev.verdict.bench.BenchException;
import dev.verdict.bench.StatsOptions;
import dev.verdict.bench.report.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code compare}: two result sets (from one run with two JDKs, two runs, or JMH JSON files). */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Compare two result sets: a run directory (or run.json) with two JDKs, two run directories, or "
                + "two JMH JSON result files (-rf json; one sample per fork). Writes comparison.json, report.md "
                + "and report.html.")
public class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..2", paramLabel = "RESULTS", description = "Run directory, run.json or JMH JSON file.")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--baseline", description = "Label of the baseline (default: the first result set).")
    String baseline;

    @Option(names = "--candidate", description = "Label of the candidate (default: the other result set).")
    String candidate;

    @Option(
            names = "--labels",
            split = ",",
            description = "Labels for JMH JSON inputs, in order (default: file names).")
    List<String> labels = new ArrayList<>();

    @Option(names = "--out", description = "Output directory (default: the first input's directory).")
    Path out;

    @Option(
            names = "--name",
            description = "Base name of the outputs (default: comparison.json, report.md, report.html).")
    String name;

    @Mixin
    StatsOptions stats = new StatsOptions();

    @Override
    public Integer call() {
        List<ResultSet> sets = new ArrayList<>();
        int labelIndex = 0;
        for (Path in : inputs) {
            String label = labelIndex < labels.size() ? labels.get(labelIndex) : null;
            List<ResultSet> loaded = ResultSets.load(in, label);
            if (loaded.size() == 1 && loaded.get(0).runId() == null) {
                labelIndex++;
            }
            sets.addAll(loaded);
        }
        ResultSet base = pick(sets, baseline, null, "--baseline");
        ResultSet cand = pick(sets, candidate, base, "--candidate");
        Comparison c = Comparer.compare(base, cand, stats.settings());
        Path first = inputs.get(0);
        Path dir = out != null
                ? out
                : Files.isDirectory(first) ? first : first.toAbsolutePath().getParent();
        String comparisonName = name != null ? name : "comparison";
        String reportName = name != null ? name + "-report" : "report";
        Reports.Written w = Reports.write(c, dir, comparisonName, reportName);
        var o = spec.commandLine().getOut();
        o.println(summary(c));
        o.println("comparison: " + w.json());
        o.println("report: " + w.markdown() + " and " + w.html());
        o.flush();
        return 0;
    }

    static String summary(Comparison c) {
        StringBuilder s = new StringBuilder();
        s.append(c.candidate().label())
                .append(" vs ")
                .append(c.baseline().label())
                .append(c.complete() ? "" : " (INCOMPLETE)")
                .append(": ");
        s.append(c.classifications().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey().replace('-', ' '))
                .collect(Collectors.joining(", ")));
        for (Comparison.Overall o : c.overall()) {
            if (o.estimate() != null) {
                s.append(String.format(
                        Locale.ROOT,
                        "; %s geomean %.3f [%.3f, %.3f] %s",
                        o.metric(),
                        o.estimate(),
                        o.ciLower(),
                        o.ciUpper(),
                        o.classification().words()));
            }
        }
        return s.toString();
    }

    private static ResultSet pick(List<ResultSet> sets, String label, ResultSet not, String option) {
        if (label != null) {
            return sets.stream()
                    .filter(s -> s.label().equals(label))
                    .findFirst()
                    .orElseThrow(() -> new BenchException(
                            option + " '" + label + "' is not among the result sets: " + labels(sets)));
        }
        List<ResultSet> rest = sets.stream().filter(s -> s != not).toList();
        if (rest.isEmpty()) {
            throw new BenchException("need two result sets to compare, found " + labels(sets)
                    + "; give a run with two JDKs or two inputs");
        }
        if (not != null && rest.size() > 1) {
            throw new BenchException("more than two result sets (" + labels(sets) + "): choose with --candidate");
        }
        if (not != null && rest.get(0).label().equals(not.label())) {
            throw new BenchException(
                    "both result sets are labelled '" + not.label() + "'; set --labels for JMH" + " JSON files");
        }
        return rest.get(0);
    }

    private static String labels(List<ResultSet> sets) {
        return sets.stream().map(ResultSet::label).collect(Collectors.joining(", "));
    }
}

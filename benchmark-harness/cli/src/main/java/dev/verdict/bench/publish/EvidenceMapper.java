package dev.verdict.bench.publish;

import dev.verdict.bench.BenchException;
import dev.verdict.bench.compare.Comparison;
import dev.verdict.bench.run.HostEnvironment;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.benchmark.BenchmarkEvents;
import dev.verdict.events.benchmark.ComparisonCompleted;
import dev.verdict.events.evidence.EvidenceReported;
import dev.verdict.jdks.Jdk;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@link Comparison} into the {@code dev.verdict.benchmark.comparison-completed.v1} event: evidence items
 * of kind {@code benchmark} in the shape decision-records stores (subject, decision ref, provenance with the
 * environment fingerprint, measurements with the per-fork samples inline, the statistical result and the quality
 * gates). Pure: the same comparison, subject and decision always give the same event, id and time included, so a
 * re-publish is a duplicate the consumer's inbox drops.
 */
public final class EvidenceMapper {

    public static final String SERVICE = "benchmark-harness";
    static final String PRODUCER = "benchmark-harness";
    private static final Pattern DECISION = Pattern.compile("(?i)(?:ADR[- ]?)?0*(\\d{1,6})");
    private static final Pattern SUBJECT =
            Pattern.compile("[A-Za-z][A-Za-z0-9-]*:(?:[a-z0-9][a-z0-9._-]*/)?[A-Za-z0-9][A-Za-z0-9._-]*");

    private EvidenceMapper() {}

    public static VerdictEvent<ComparisonCompleted> event(
            Comparison c, String subject, String decision, String codeRevision) {
        String normalizedDecision = decision(decision);
        validateSubject(subject);
        ComparisonCompleted data = data(c, subject, normalizedDecision, codeRevision);
        UUID id = eventId(c.contentHash(), subject, normalizedDecision);
        Instant time = (c.windowEnd() != null ? c.windowEnd() : c.createdAt()).truncatedTo(ChronoUnit.MICROS);
        return new VerdictEvent<>(
                id, "/verdict/" + SERVICE, BenchmarkEvents.COMPARISON_COMPLETED.name(), subject, time, data);
    }

    /** A name-based UUID of the comparison's content hash, subject and decision. */
    public static UUID eventId(String contentHash, String subject, String decision) {
        return UUID.nameUUIDFromBytes((BenchmarkEvents.COMPARISON_COMPLETED.name() + "|" + contentHash + "|" + subject
                        + "|" + (decision == null ? "" : decision))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** {@code ADR-0007} for "ADR-7", "adr 7", "0007" or "7"; null stays null. */
    public static String decision(String ref) {
        if (ref == null || ref.isBlank()) {
            return null;
        }
        Matcher m = DECISION.matcher(ref.strip());
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1) {
            throw new BenchException("invalid decision ref '" + ref + "': use ADR-0007 (or 7)");
        }
        return String.format(Locale.ROOT, "ADR-%04d", Integer.parseInt(m.group(1)));
    }

    static void validateSubject(String subject) {
        if (subject == null || !SUBJECT.matcher(subject).matches()) {
            throw new BenchException("invalid subject '" + subject + "': use a catalog entity ref such as "
                    + "component:default/payments-api");
        }
    }

    static ComparisonCompleted data(Comparison c, String subject, String decision, String codeRevision) {
        String comparison =
                "ratio(" + c.candidate().label() + "/" + c.baseline().label() + ")";
        EvidenceReported.Provenance provenance = provenance(c, codeRevision);
        List<EvidenceReported.Gate> runGates = gates(c.gates());
        List<EvidenceReported> items = new ArrayList<>();
        for (Comparison.Overall o : c.overall()) {
            if (o.estimate() == null) {
                continue;
            }
            Map<String, Double> summary = new LinkedHashMap<>();
            summary.put("geometricMean", o.estimate());
            o.ratios().stream().mapToDouble(Double::doubleValue).min().ifPresent(v -> summary.put("min", v));
            o.ratios().stream().mapToDouble(Double::doubleValue).max().ifPresent(v -> summary.put("max", v));
            List<EvidenceReported.Gate> gates = new ArrayList<>(runGates);
            long all = c.benchmarks().size();
            gates.add(
                    new EvidenceReported.Gate("coverage", o.n() == all, o.n() + " of " + all + " benchmarks compared"));
            items.add(new EvidenceReported(
                    "benchmark",
                    subject,
                    decision,
                    o.metric(),
                    comparison,
                    provenance,
                    new EvidenceReported.Measurements(
                            "ratio",
                            List.of(new EvidenceReported.Group(
                                    "ratios(" + c.candidate().label() + "/"
                                            + c.baseline().label() + ")",
                                    o.n(),
                                    summary,
                                    o.ratios(),
                                    null))),
                    new EvidenceReported.Result(
                            o.method(),
                            o.estimate(),
                            o.ciLower(),
                            o.ciUpper(),
                            o.ciLevel(),
                            null,
                            (long) o.n(),
                            (long) o.n(),
                            o.classification().label()),
                    gates,
                    null,
                    c.complete() ? null : "incomplete run: " + c.incompleteReason()));
        }
        for (Comparison.BenchmarkComparison b : c.benchmarks()) {
            List<EvidenceReported.Gate> gates = new ArrayList<>(runGates);
            gates.addAll(gates(b.gates()));
            items.add(item(
                    subject,
                    decision,
                    b.key(),
                    comparison,
                    provenance,
                    b.unit(),
                    b.baselineGroup(),
                    b.candidateGroup(),
                    false,
                    b.score(),
                    b.classification().label(),
                    gates,
                    notes(b.detail(), b.score())));
            if (b.cpuPerOp() != null) {
                items.add(item(
                        subject,
                        decision,
                        b.key() + ":cpu-time-per-op",
                        comparison,
                        provenance,
                        "ns/op",
                        b.baselineGroup(),
                        b.candidateGroup(),
                        true,
                        b.cpuPerOp(),
                        b.cpuPerOp().classification().label(),
                        gates,
                        notes(null, b.cpuPerOp())));
            }
        }
        return new ComparisonCompleted(
                c.contentHash(),
                provenance.runId(),
                subject,
                decision,
                c.baseline().label(),
                c.candidate().label(),
                c.complete(),
                c.classifications(),
                items);
    }

    /** The benchmark's detail and, when undecided, how many forks would tell. */
    private static String notes(String detail, Comparison.Effect e) {
        String needed = dev.verdict.bench.report.MarkdownReport.needed(e).strip();
        if (needed.isEmpty()) {
            return detail;
        }
        needed = "undecided " + needed;
        return detail == null ? needed : detail + "; " + needed;
    }

    private static EvidenceReported item(
            String subject,
            String decision,
            String metric,
            String comparison,
            EvidenceReported.Provenance provenance,
            String unit,
            Comparison.Group base,
            Comparison.Group cand,
            boolean cpu,
            Comparison.Effect e,
            String classification,
            List<EvidenceReported.Gate> gates,
            String notes) {
        EvidenceReported.Result result = e == null
                ? new EvidenceReported.Result(
                        "not compared",
                        null,
                        null,
                        null,
                        null,
                        null,
                        (long) (base == null ? 0 : base.n()),
                        (long) (cand == null ? 0 : cand.n()),
                        classification)
                : new EvidenceReported.Result(
                        e.method(),
                        e.ratio(),
                        e.ciLower(),
                        e.ciUpper(),
                        e.ciLevel(),
                        e.pAdjusted() != null ? e.pAdjusted() : e.pValue(),
                        (long) e.baselineN(),
                        (long) e.candidateN(),
                        classification);
        return new EvidenceReported(
                "benchmark",
                subject,
                decision,
                metric,
                comparison,
                provenance,
                new EvidenceReported.Measurements(unit, List.of(group(base, cpu), group(cand, cpu))),
                result,
                gates,
                null,
                notes);
    }

    private static EvidenceReported.Group group(Comparison.Group g, boolean cpu) {
        List<Double> samples = cpu ? g.cpuNanosPerOp() : g.scores();
        Map<String, Double> summary = new LinkedHashMap<>();
        if (cpu) {
            put(summary, "mean", g.cpuNanosPerOpMean());
        } else {
            put(summary, "mean", g.mean());
            put(summary, "median", g.median());
            put(summary, "sd", g.sd());
            put(summary, "cv", g.cv());
            put(summary, "min", g.min());
            put(summary, "max", g.max());
            put(summary, "allocBytesPerOp", g.allocBytesPerOp());
            put(summary, "gcCountPerFork", g.gcCountPerFork());
            put(summary, "gcTimeMillisPerFork", g.gcTimeMillisPerFork());
            put(
                    summary,
                    "peakRssKb",
                    g.peakRssKb() == null ? null : g.peakRssKb().doubleValue());
        }
        return new EvidenceReported.Group(g.label(), samples.size(), summary, samples, null);
    }

    private static void put(Map<String, Double> m, String k, Double v) {
        if (v != null && Double.isFinite(v)) {
            m.put(k, v);
        }
    }

    private static List<EvidenceReported.Gate> gates(List<Comparison.Gate> gates) {
        return gates.stream()
                .map(g -> new EvidenceReported.Gate(g.name(), g.passed(), g.detail()))
                .toList();
    }

    static EvidenceReported.Provenance provenance(Comparison c, String codeRevision) {
        Jdk cand = c.candidate().jdk();
        Jdk base = c.baseline().jdk();
        HostEnvironment env = c.environment();
        Map<String, String> other = new LinkedHashMap<>();
        other.put("candidate.label", c.candidate().label());
        other.put("baseline.label", c.baseline().label());
        if (base != null) {
            other.put("baseline.jdkVendor", base.vendor());
            other.put("baseline.jdkVersion", base.runtimeVersion() != null ? base.runtimeVersion() : base.version());
            other.put("baseline.jdkHome", base.home());
        }
        if (cand != null) {
            other.put("candidate.jdkHome", cand.home());
        }
        if (env != null) {
            other.put("cores", String.valueOf(env.cores()));
            other.put("kernel", env.kernel());
            other.put("arch", env.arch());
            other.put("host", env.host());
            if (env.memTotalKb() != null) {
                other.put("memTotalKb", String.valueOf(env.memTotalKb()));
            }
            if (env.loadAtStart() != null) {
                other.put("loadAtStart", String.format(Locale.ROOT, "%.2f", env.loadAtStart()));
            }
        }
        Double maxLoad = c.baseline().maxLoad();
        if (maxLoad == null || c.candidate().maxLoad() != null && c.candidate().maxLoad() > maxLoad) {
            maxLoad = c.candidate().maxLoad();
        }
        if (maxLoad != null) {
            other.put("maxLoadAtForkStart", String.format(Locale.ROOT, "%.2f", maxLoad));
        }
        other.put("jdkFlags", c.config().getOrDefault("forkJvmArgs", ""));
        EvidenceReported.Environment environment = new EvidenceReported.Environment(
                cand == null ? null : cand.vendor(),
                cand == null ? null : cand.runtimeVersion() != null ? cand.runtimeVersion() : cand.version(),
                env == null ? null : env.cpuModel(),
                env == null ? null : env.describeOs(),
                other);
        String runId = c.baseline().runId() == null
                        || c.baseline().runId().equals(c.candidate().runId())
                ? c.candidate().runId() != null ? c.candidate().runId() : c.contentHash()
                : c.baseline().runId() + "+" + c.candidate().runId();
        String revision = codeRevision != null && !codeRevision.isBlank()
                ? codeRevision
                : c.config().get("benchmarksJarSha256") != null
                        ? "benchmarks.jar sha256:" + c.config().get("benchmarksJarSha256")
                        : null;
        return new EvidenceReported.Provenance(
                PRODUCER, runId, c.config(), c.configHash(), environment, revision, c.windowStart(), c.windowEnd());
    }
}

package dev.verdict.decisions.evidence.model;

import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.decisions.shared.EvidenceKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON form of an evidence item (REST responses and the stored {@code body}): plain types only, so the domain
 * model stays free of serialization annotations. {@link #toModel()} re-checks the content hash.
 */
public record EvidenceDocument(
        String id,
        String kind,
        String subject,
        String decision,
        String metric,
        String comparison,
        ProvenanceDoc provenance,
        MeasurementsDoc measurements,
        ResultDoc result,
        List<GateDoc> gates,
        List<AttachmentDoc> attachments,
        String supersedes,
        String notes,
        Instant recordedAt,
        String contentHash) {

    public record ProvenanceDoc(
            String producer,
            String runId,
            String sourceEventId,
            Map<String, String> config,
            String configHash,
            EnvironmentDoc environment,
            String codeRevision,
            Instant windowStart,
            Instant windowEnd) {}

    public record EnvironmentDoc(
            String jdkVendor, String jdkVersion, String cpu, String os, Map<String, String> other) {}

    public record MeasurementsDoc(String unit, List<GroupDoc> groups) {}

    public record GroupDoc(String name, long n, Map<String, Double> summary, List<Double> samples, String samplesRef) {}

    public record ResultDoc(
            String method,
            Double estimate,
            Double ciLower,
            Double ciUpper,
            Double ciLevel,
            Double pValue,
            Long baselineN,
            Long candidateN,
            String classification) {}

    public record GateDoc(String name, boolean passed, String detail) {}

    public record AttachmentDoc(String name, String mediaType, long size, String sha256) {}

    public static EvidenceDocument of(Evidence e) {
        Provenance p = e.provenance();
        Environment env = p.environment();
        Measurements m = e.measurements();
        StatisticalResult r = e.result();
        return new EvidenceDocument(
                e.id().toString(),
                e.kind().label(),
                e.subject(),
                e.decision() == null ? null : e.decision().toString(),
                e.metric(),
                e.comparison(),
                new ProvenanceDoc(
                        p.producer(),
                        p.runId(),
                        p.sourceEventId(),
                        p.config(),
                        p.configHash(),
                        new EnvironmentDoc(env.jdkVendor(), env.jdkVersion(), env.cpu(), env.os(), env.other()),
                        p.codeRevision(),
                        p.window().start(),
                        p.window().end()),
                new MeasurementsDoc(
                        m.unit(),
                        m.groups().stream()
                                .map(g -> new GroupDoc(g.name(), g.n(), g.summary(), g.samples(), g.samplesRef()))
                                .toList()),
                r == null
                        ? null
                        : new ResultDoc(
                                r.method(),
                                r.estimate(),
                                r.ciLower(),
                                r.ciUpper(),
                                r.ciLevel(),
                                r.pValue(),
                                r.baselineN(),
                                r.candidateN(),
                                r.classification()),
                e.gates().stream()
                        .map(g -> new GateDoc(g.name(), g.passed(), g.detail()))
                        .toList(),
                e.attachments().stream()
                        .map(a -> new AttachmentDoc(a.name(), a.mediaType(), a.size(), a.sha256()))
                        .toList(),
                e.supersedes() == null ? null : e.supersedes().toString(),
                e.notes(),
                e.recordedAt(),
                e.contentHash());
    }

    /**
     * The model. With {@code contentHash} null (new evidence) the hash is computed; otherwise it is verified.
     *
     * @throws IllegalArgumentException for invalid content
     */
    public Evidence toModel() {
        EvidenceKind k = EvidenceKind.fromLabel(kind)
                .orElseThrow(() -> new IllegalArgumentException(
                        "kind must be one of canary, experiment, benchmark, telemetry, chaos, manual; was '" + kind
                                + "'"));
        if (provenance == null) {
            throw new IllegalArgumentException("provenance is required");
        }
        EnvironmentDoc env = provenance.environment();
        Provenance p = new Provenance(
                provenance.producer(),
                provenance.runId(),
                provenance.sourceEventId(),
                provenance.config(),
                provenance.configHash(),
                env == null
                        ? null
                        : new Environment(env.jdkVendor(), env.jdkVersion(), env.cpu(), env.os(), env.other()),
                provenance.codeRevision(),
                window(provenance.windowStart(), provenance.windowEnd()));
        Measurements meas = measurements == null
                ? null
                : new Measurements(
                        measurements.unit(),
                        measurements.groups() == null
                                ? List.of()
                                : measurements.groups().stream()
                                        .map(g -> new MeasurementGroup(
                                                g.name(), g.n(), g.summary(), g.samples(), g.samplesRef()))
                                        .toList());
        StatisticalResult res = result == null
                ? null
                : new StatisticalResult(
                        result.method(),
                        result.estimate(),
                        result.ciLower(),
                        result.ciUpper(),
                        result.ciLevel(),
                        result.pValue(),
                        result.baselineN(),
                        result.candidateN(),
                        result.classification());
        List<QualityGate> gs = gates == null
                ? List.of()
                : gates.stream()
                        .map(g -> new QualityGate(g.name(), g.passed(), g.detail()))
                        .toList();
        List<Attachment> as = attachments == null
                ? List.of()
                : attachments.stream()
                        .map(a -> new Attachment(a.name(), a.mediaType(), a.size(), a.sha256()))
                        .toList();
        return new Evidence(
                UUID.fromString(id),
                k,
                subject,
                decision == null ? null : DecisionNumber.parse(decision),
                metric,
                comparison,
                p,
                meas,
                res,
                gs,
                as,
                supersedes == null ? null : UUID.fromString(supersedes),
                notes,
                recordedAt,
                contentHash);
    }

    private static TimeWindow window(Instant start, Instant end) {
        if (start == null && end == null) {
            throw new IllegalArgumentException("provenance.windowStart and windowEnd are required");
        }
        return new TimeWindow(start == null ? end : start, end == null ? start : end);
    }
}

package dev.verdict.decisions.evidence;

import dev.verdict.decisions.decision.model.DecisionNumber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One immutable piece of evidence (see ARCHITECTURE.md "Evidence"): what was measured, about which catalog entity,
 * for which decision, with full provenance, the measurements, the statistical result and the producer's quality
 * gates. The SHA-256 {@code contentHash} is computed over {@link #canonicalJson()} and checked whenever an item is
 * constructed, so a changed stored row is detected. A correction is a new item whose {@code supersedes} names the
 * old one; nothing is ever updated.
 *
 * @param id          the item's id (not part of the hashed content)
 * @param decision    the decision this evidence is for, if the producer named one
 * @param comparison  {@code ratio(candidate/baseline)}, {@code diff(…)} or {@code lift(…)}, if it compares two groups
 * @param result      the statistical result; may be absent for manual evidence
 * @param notes       free text, e.g. an architect's assessment for manual evidence
 * @param recordedAt  when Verdict stored it (not part of the hashed content)
 */
public record Evidence(UUID id, EvidenceKind kind, String subject, DecisionNumber decision, String metric,
        String comparison, Provenance provenance, Measurements measurements, StatisticalResult result,
        List<QualityGate> gates, List<Attachment> attachments, UUID supersedes, String notes, Instant recordedAt,
        String contentHash) {

    public Evidence {
        if (id == null) {
            throw new IllegalArgumentException("evidence id is required");
        }
        if (kind == null) {
            throw new IllegalArgumentException("evidence kind is required");
        }
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("evidence subject (a catalog entity ref) is required");
        }
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("evidence metric is required");
        }
        if (provenance == null) {
            throw new IllegalArgumentException("evidence provenance is required");
        }
        if (kind != EvidenceKind.MANUAL && result == null) {
            throw new IllegalArgumentException(kind.label() + " evidence needs a statistical result");
        }
        if (supersedes != null && supersedes.equals(id)) {
            throw new IllegalArgumentException("evidence cannot supersede itself");
        }
        measurements = measurements == null ? Measurements.none() : measurements;
        gates = gates == null ? List.of() : List.copyOf(gates);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        if (recordedAt == null) {
            throw new IllegalArgumentException("recordedAt is required");
        }
        recordedAt = recordedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        String expected = CanonicalJson.sha256Hex(CanonicalJson.write(content(kind, subject, decision, metric,
                comparison, provenance, measurements, result, gates, attachments, supersedes, notes)));
        if (contentHash == null) {
            contentHash = expected;
        } else if (!contentHash.equals(expected)) {
            throw new EvidenceIntegrityException(id, contentHash, expected);
        }
    }

    /** A new item: the hash is computed. */
    public static Evidence create(UUID id, EvidenceKind kind, String subject, DecisionNumber decision, String metric,
            String comparison, Provenance provenance, Measurements measurements, StatisticalResult result,
            List<QualityGate> gates, List<Attachment> attachments, UUID supersedes, String notes, Instant recordedAt) {
        return new Evidence(id, kind, subject, decision, metric, comparison, provenance, measurements, result, gates,
                attachments, supersedes, notes, recordedAt, null);
    }

    /** True if every quality gate passed (and there is at least none failed). */
    public boolean gatesPassed() {
        return gates.stream().allMatch(QualityGate::passed);
    }

    /** The instant the evidence's age is measured from: the end of its time window. */
    public Instant observedAt() {
        return provenance.window().end();
    }

    /** The canonical JSON that {@link #contentHash} is the SHA-256 of. */
    public String canonicalJson() {
        return CanonicalJson.write(content(kind, subject, decision, metric, comparison, provenance, measurements,
                result, gates, attachments, supersedes, notes));
    }

    private static Map<String, Object> content(EvidenceKind kind, String subject, DecisionNumber decision,
            String metric, String comparison, Provenance p, Measurements m, StatisticalResult r,
            List<QualityGate> gates, List<Attachment> attachments, UUID supersedes, String notes) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("kind", kind.label());
        c.put("subject", subject);
        c.put("decision", decision == null ? null : decision.toString());
        c.put("metric", metric);
        c.put("comparison", comparison);
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("producer", p.producer());
        prov.put("runId", p.runId());
        prov.put("sourceEventId", p.sourceEventId());
        prov.put("config", emptyToNull(p.config()));
        prov.put("configHash", p.configHash());
        Environment e = p.environment();
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("jdkVendor", e.jdkVendor());
        env.put("jdkVersion", e.jdkVersion());
        env.put("cpu", e.cpu());
        env.put("os", e.os());
        env.put("other", emptyToNull(e.other()));
        prov.put("environment", env);
        prov.put("codeRevision", p.codeRevision());
        prov.put("window", Map.of("start", p.window().start().toString(), "end", p.window().end().toString()));
        c.put("provenance", prov);
        Map<String, Object> meas = new LinkedHashMap<>();
        meas.put("unit", m.unit());
        List<Object> groups = new ArrayList<>();
        for (MeasurementGroup g : m.groups()) {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("name", g.name());
            gm.put("n", g.n());
            gm.put("summary", emptyToNull(g.summary()));
            gm.put("samples", g.samples().isEmpty() ? null : g.samples());
            gm.put("samplesRef", g.samplesRef());
            groups.add(gm);
        }
        meas.put("groups", groups.isEmpty() ? null : groups);
        c.put("measurements", meas);
        if (r != null) {
            Map<String, Object> res = new LinkedHashMap<>();
            res.put("method", r.method());
            res.put("estimate", r.estimate());
            res.put("ciLower", r.ciLower());
            res.put("ciUpper", r.ciUpper());
            res.put("ciLevel", r.ciLevel());
            res.put("pValue", r.pValue());
            res.put("baselineN", r.baselineN());
            res.put("candidateN", r.candidateN());
            res.put("classification", r.classification());
            c.put("result", res);
        }
        c.put("gates", gates.isEmpty() ? null : gates.stream().map(g -> {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("name", g.name());
            gm.put("passed", g.passed());
            gm.put("detail", g.detail());
            return (Object) gm;
        }).toList());
        c.put("attachments", attachments.isEmpty() ? null : attachments.stream().map(a -> {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("name", a.name());
            am.put("mediaType", a.mediaType());
            am.put("size", a.size());
            am.put("sha256", a.sha256());
            return (Object) am;
        }).toList());
        c.put("supersedes", supersedes == null ? null : supersedes.toString());
        c.put("notes", notes);
        return c;
    }

    private static Object emptyToNull(Map<String, ?> m) {
        return m == null || m.isEmpty() ? null : m;
    }
}

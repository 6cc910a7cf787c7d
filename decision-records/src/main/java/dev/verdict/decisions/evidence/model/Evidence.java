package dev.verdict.decisions.evidence.model;

import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.decisions.shared.EvidenceKind;
import dev.verdict.events.canonical.CanonicalJson;
import java.time.Instant;
import java.util.List;
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
public record Evidence(
        UUID id,
        EvidenceKind kind,
        String subject,
        DecisionNumber decision,
        String metric,
        String comparison,
        Provenance provenance,
        Measurements measurements,
        StatisticalResult result,
        List<QualityGate> gates,
        List<Attachment> attachments,
        UUID supersedes,
        String notes,
        Instant recordedAt,
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
        String expected = CanonicalJson.sha256Hex(canonical(
                kind,
                subject,
                decision,
                metric,
                comparison,
                provenance,
                measurements,
                result,
                gates,
                attachments,
                supersedes,
                notes));
        if (contentHash == null) {
            contentHash = expected;
        } else if (!contentHash.equals(expected)) {
            throw new EvidenceIntegrityException(id, contentHash, expected);
        }
    }

    /** A new item: the hash is computed. */
    public static Evidence create(
            UUID id,
            EvidenceKind kind,
            String subject,
            DecisionNumber decision,
            String metric,
            String comparison,
            Provenance provenance,
            Measurements measurements,
            StatisticalResult result,
            List<QualityGate> gates,
            List<Attachment> attachments,
            UUID supersedes,
            String notes,
            Instant recordedAt) {
        return new Evidence(
                id,
                kind,
                subject,
                decision,
                metric,
                comparison,
                provenance,
                measurements,
                result,
                gates,
                attachments,
                supersedes,
                notes,
                recordedAt,
                null);
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
        return canonical(
                kind,
                subject,
                decision,
                metric,
                comparison,
                provenance,
                measurements,
                result,
                gates,
                attachments,
                supersedes,
                notes);
    }

    /**
     * The canonical JSON of the hashed content, written directly (members in code-point order of their names, null
     * and empty members left out), which is about 5 times cheaper than building maps and sorting them. It must equal
     * {@code CanonicalJson.write} of the content as maps byte for byte ({@code EvidenceCanonicalFormTest} checks that
     * on random items against the map form).
     */
    private static String canonical(
            EvidenceKind kind,
            String subject,
            DecisionNumber decision,
            String metric,
            String comparison,
            Provenance p,
            Measurements m,
            StatisticalResult r,
            List<QualityGate> gates,
            List<Attachment> attachments,
            UUID supersedes,
            String notes) {
        StringBuilder sb = new StringBuilder(768);
        CanonicalJson.Obj c = new CanonicalJson.Obj(sb);
        if (!attachments.isEmpty()) {
            c.key("attachments");
            sb.append('[');
            for (int i = 0; i < attachments.size(); i++) {
                Attachment a = attachments.get(i);
                if (i > 0) {
                    sb.append(',');
                }
                new CanonicalJson.Obj(sb)
                        .string("mediaType", a.mediaType())
                        .string("name", a.name())
                        .string("sha256", a.sha256())
                        .number("size", a.size())
                        .end();
            }
            sb.append(']');
        }
        c.string("comparison", comparison).string("decision", decision == null ? null : decision.toString());
        if (!gates.isEmpty()) {
            c.key("gates");
            sb.append('[');
            for (int i = 0; i < gates.size(); i++) {
                QualityGate g = gates.get(i);
                if (i > 0) {
                    sb.append(',');
                }
                new CanonicalJson.Obj(sb)
                        .string("detail", g.detail())
                        .string("name", g.name())
                        .bool("passed", g.passed())
                        .end();
            }
            sb.append(']');
        }
        c.string("kind", kind.label());
        c.key("measurements");
        CanonicalJson.Obj meas = new CanonicalJson.Obj(sb);
        if (!m.groups().isEmpty()) {
            meas.key("groups");
            sb.append('[');
            for (int i = 0; i < m.groups().size(); i++) {
                MeasurementGroup g = m.groups().get(i);
                if (i > 0) {
                    sb.append(',');
                }
                CanonicalJson.Obj go =
                        new CanonicalJson.Obj(sb).number("n", g.n()).string("name", g.name());
                if (!g.samples().isEmpty()) {
                    go.key("samples");
                    CanonicalJson.write(sb, g.samples());
                }
                go.string("samplesRef", g.samplesRef());
                if (!g.summary().isEmpty()) {
                    go.key("summary");
                    CanonicalJson.write(sb, g.summary());
                }
                go.end();
            }
            sb.append(']');
        }
        meas.string("unit", m.unit()).end();
        c.string("metric", metric).string("notes", notes);
        c.key("provenance");
        CanonicalJson.Obj prov = new CanonicalJson.Obj(sb).string("codeRevision", p.codeRevision());
        if (!p.config().isEmpty()) {
            prov.key("config");
            CanonicalJson.write(sb, p.config());
        }
        prov.string("configHash", p.configHash());
        Environment e = p.environment();
        prov.key("environment");
        CanonicalJson.Obj env = new CanonicalJson.Obj(sb)
                .string("cpu", e.cpu())
                .string("jdkVendor", e.jdkVendor())
                .string("jdkVersion", e.jdkVersion())
                .string("os", e.os());
        if (!e.other().isEmpty()) {
            env.key("other");
            CanonicalJson.write(sb, e.other());
        }
        env.end();
        prov.string("producer", p.producer()).string("runId", p.runId()).string("sourceEventId", p.sourceEventId());
        prov.key("window");
        new CanonicalJson.Obj(sb)
                .string("end", p.window().end().toString())
                .string("start", p.window().start().toString())
                .end();
        prov.end();
        if (r != null) {
            c.key("result");
            new CanonicalJson.Obj(sb)
                    .number("baselineN", r.baselineN())
                    .number("candidateN", r.candidateN())
                    .number("ciLevel", r.ciLevel())
                    .number("ciLower", r.ciLower())
                    .number("ciUpper", r.ciUpper())
                    .string("classification", r.classification())
                    .number("estimate", r.estimate())
                    .string("method", r.method())
                    .number("pValue", r.pValue())
                    .end();
        }
        c.string("subject", subject).string("supersedes", supersedes == null ? null : supersedes.toString());
        c.end();
        return sb.toString();
    }
}

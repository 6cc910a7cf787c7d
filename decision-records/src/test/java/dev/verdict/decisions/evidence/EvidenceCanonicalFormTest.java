package dev.verdict.decisions.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.decisions.evidence.model.Attachment;
import dev.verdict.decisions.evidence.model.Environment;
import dev.verdict.decisions.evidence.model.Evidence;
import dev.verdict.decisions.evidence.model.MeasurementGroup;
import dev.verdict.decisions.evidence.model.Measurements;
import dev.verdict.decisions.evidence.model.Provenance;
import dev.verdict.decisions.evidence.model.QualityGate;
import dev.verdict.decisions.evidence.model.StatisticalResult;
import dev.verdict.decisions.evidence.model.TimeWindow;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.decisions.shared.EvidenceKind;
import dev.verdict.events.canonical.CanonicalJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The directly written canonical form of evidence (what the content hash is computed over) equals the generic
 * {@link CanonicalJson#write} of the content as maps, byte for byte, on random items: every member present or
 * absent, empty and non-empty maps with keys needing code-point order, extreme and infinite numbers.
 */
class EvidenceCanonicalFormTest {

    private static final String[] KEYS = {
        "a", "B", "z", "é", "\uD83D\uDE00x", "\uFFFDy", "config", "configHash", "n", "", "a b", "\"q\"", "tab\t"
    };
    private static final double[] NUMBERS = {
        0.1,
        0.95,
        -0.0,
        0.0,
        1e22,
        1e21,
        123456789012345678901.0,
        1e-7,
        5e-324,
        Double.MAX_VALUE,
        -2.5,
        812.0,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        0.9333333333333333
    };

    @Test
    void directFormEqualsTheMapForm() {
        Random rnd = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            Evidence e = random(rnd);
            assertThat(e.canonicalJson()).as("item %d", i).isEqualTo(CanonicalJson.write(content(e)));
        }
    }

    private static Evidence random(Random rnd) {
        EvidenceKind kind = EvidenceKind.values()[rnd.nextInt(EvidenceKind.values().length)];
        Instant end = Instant.ofEpochSecond(1_700_000_000L + rnd.nextInt(100_000_000), rnd.nextInt(1_000_000_000));
        Provenance p = new Provenance(
                str(rnd, false),
                str(rnd, true),
                str(rnd, true),
                map(rnd, false),
                str(rnd, true),
                rnd.nextBoolean()
                        ? null
                        : new Environment(
                                str(rnd, true), str(rnd, true), str(rnd, true), str(rnd, true), map(rnd, false)),
                str(rnd, true),
                new TimeWindow(end.minusSeconds(rnd.nextInt(10_000)), end));
        List<MeasurementGroup> groups = new ArrayList<>();
        for (int g = rnd.nextInt(3); g > 0; g--) {
            List<Double> samples = new ArrayList<>();
            for (int k = rnd.nextInt(3); k > 0; k--) {
                double d = num(rnd);
                samples.add(Double.isInfinite(d) ? 1.0 : d);
            }
            groups.add(
                    new MeasurementGroup(str(rnd, false), rnd.nextInt(1000), map(rnd, true), samples, str(rnd, true)));
        }
        StatisticalResult r = kind == EvidenceKind.MANUAL && rnd.nextBoolean()
                ? null
                : new StatisticalResult(
                        str(rnd, false),
                        rnd.nextBoolean() ? null : finite(rnd),
                        rnd.nextBoolean() ? null : (rnd.nextBoolean() ? -1e300 : Double.NEGATIVE_INFINITY),
                        rnd.nextBoolean() ? null : Math.abs(num(rnd)),
                        rnd.nextBoolean() ? null : 0.95,
                        rnd.nextBoolean() ? null : 0.21,
                        rnd.nextBoolean() ? null : (long) rnd.nextInt(100),
                        rnd.nextBoolean() ? null : Long.MAX_VALUE,
                        str(rnd, true));
        List<QualityGate> gates = new ArrayList<>();
        for (int g = rnd.nextInt(3); g > 0; g--) {
            gates.add(new QualityGate(str(rnd, false), rnd.nextBoolean(), str(rnd, true)));
        }
        List<Attachment> attachments = new ArrayList<>();
        for (int a = rnd.nextInt(2); a > 0; a--) {
            attachments.add(new Attachment(str(rnd, false), str(rnd, true), rnd.nextInt(10_000), "ab".repeat(32)));
        }
        return Evidence.create(
                UUID.randomUUID(),
                kind,
                str(rnd, false),
                rnd.nextBoolean() ? null : DecisionNumber.of(1 + rnd.nextInt(9999)),
                str(rnd, false),
                str(rnd, true),
                p,
                rnd.nextBoolean() ? null : new Measurements(str(rnd, true), groups),
                r,
                gates,
                attachments,
                rnd.nextBoolean() ? null : UUID.randomUUID(),
                str(rnd, true),
                Instant.now());
    }

    private static double finite(Random rnd) {
        double d = num(rnd);
        return Double.isInfinite(d) ? 7.0 : d;
    }

    private static double num(Random rnd) {
        return rnd.nextBoolean()
                ? NUMBERS[rnd.nextInt(NUMBERS.length)]
                : (rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(40) - 20);
    }

    private static String str(Random rnd, boolean nullable) {
        if (nullable && rnd.nextInt(3) == 0) {
            return null;
        }
        return (nullable ? "" : "s")
                + KEYS[rnd.nextInt(KEYS.length)]
                + (rnd.nextBoolean() ? "" : "-\u0001\\/\n" + rnd.nextInt(100));
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> map(Random rnd, boolean numbers) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = rnd.nextInt(4); k > 0; k--) {
            m.put(KEYS[rnd.nextInt(KEYS.length)], numbers ? (Object) num(rnd) : str(rnd, true));
        }
        return (Map<String, V>) m;
    }

    /** The content as maps: the form the hash was first defined over (kept here as the reference). */
    static Map<String, Object> content(Evidence e) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("kind", e.kind().label());
        c.put("subject", e.subject());
        c.put("decision", e.decision() == null ? null : e.decision().toString());
        c.put("metric", e.metric());
        c.put("comparison", e.comparison());
        Provenance p = e.provenance();
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("producer", p.producer());
        prov.put("runId", p.runId());
        prov.put("sourceEventId", p.sourceEventId());
        prov.put("config", emptyToNull(p.config()));
        prov.put("configHash", p.configHash());
        Environment env = p.environment();
        Map<String, Object> em = new LinkedHashMap<>();
        em.put("jdkVendor", env.jdkVendor());
        em.put("jdkVersion", env.jdkVersion());
        em.put("cpu", env.cpu());
        em.put("os", env.os());
        em.put("other", emptyToNull(env.other()));
        prov.put("environment", em);
        prov.put("codeRevision", p.codeRevision());
        prov.put(
                "window",
                Map.of(
                        "start",
                        p.window().start().toString(),
                        "end",
                        p.window().end().toString()));
        c.put("provenance", prov);
        Measurements m = e.measurements();
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
        StatisticalResult r = e.result();
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
        c.put(
                "gates",
                e.gates().isEmpty()
                        ? null
                        : e.gates().stream()
                                .map(g -> {
                                    Map<String, Object> gm = new LinkedHashMap<>();
                                    gm.put("name", g.name());
                                    gm.put("passed", g.passed());
                                    gm.put("detail", g.detail());
                                    return (Object) gm;
                                })
                                .toList());
        c.put(
                "attachments",
                e.attachments().isEmpty()
                        ? null
                        : e.attachments().stream()
                                .map(a -> {
                                    Map<String, Object> am = new LinkedHashMap<>();
                                    am.put("name", a.name());
                                    am.put("mediaType", a.mediaType());
                                    am.put("size", a.size());
                                    am.put("sha256", a.sha256());
                                    return (Object) am;
                                })
                                .toList());
        c.put("supersedes", e.supersedes() == null ? null : e.supersedes().toString());
        c.put("notes", e.notes());
        return c;
    }

    private static Object emptyToNull(Map<String, ?> m) {
        return m == null || m.isEmpty() ? null : m;
    }
}

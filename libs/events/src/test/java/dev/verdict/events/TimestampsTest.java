package dev.verdict.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The hand-written timestamp parser agrees with the JDK's on every string, valid or not. */
class TimestampsTest {

    private static final List<String> EDGES = List.of(
            "2026-03-01T10:00:00Z",
            "2026-03-01T10:00:00.1Z",
            "2026-03-01T10:00:00.123456Z",
            "2026-03-01T10:00:00.123456789Z",
            "2026-03-01T10:00:00.1234567890Z",
            "2026-03-01T10:00:00.Z",
            "2026-03-01T10:00Z",
            "2026-03-01t10:00:00z",
            "2026-03-01T10:00:00+02:00",
            "2026-03-01T10:00:00.5-05:30",
            "2026-03-01T10:00:00+18:00",
            "2026-03-01T10:00:00+18:01",
            "2026-03-01T10:00:00-00:00",
            "2026-03-01T10:00:00+02:00:30",
            "2026-03-01T10:00:00+0200",
            "2026-02-29T10:00:00Z",
            "2024-02-29T10:00:00Z",
            "2026-02-30T10:00:00Z",
            "2026-13-01T10:00:00Z",
            "2026-00-01T10:00:00Z",
            "2026-03-01T24:00:00Z",
            "2026-03-01T23:60:00Z",
            "2026-03-01T23:59:60Z",
            "2026-03-01T23:59:59.999999999Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "+12026-03-01T10:00:00Z",
            "-2026-03-01T10:00:00Z",
            "2026-3-01T10:00:00Z",
            "2026-03-01 10:00:00Z",
            "2026-03-01T10:00:00",
            "2026-03-01T10:00:00ZZ",
            "2026-03-01T1a:00:00Z",
            "２026-03-01T10:00:00Z",
            "");

    @Test
    void agreesWithOffsetDateTimeParseOnEdgesAndMutations() {
        int fast = check(
                Timestamps::parseOffsetDateTime, s -> OffsetDateTime.parse(s).toInstant());
        assertThat(fast).as("strings the fast path read itself").isGreaterThan(1_000);
    }

    @Test
    void agreesWithInstantParseOnEdgesAndMutations() {
        int fast = check(Timestamps::parseInstant, Instant::parse);
        assertThat(fast).as("strings the fast path read itself").isGreaterThan(500);
    }

    /** Returns how many inputs the fast path answered itself (so the test is not passing through the fallback). */
    private static int check(Function<String, Instant> ours, Function<String, Instant> jdk) {
        List<String> inputs = new ArrayList<>(EDGES);
        Random random = new Random(20261203);
        String alphabet = "0123456789-:.TZtz+ ";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(EDGES.get(random.nextInt(12)));
            int edits = 1 + random.nextInt(2);
            for (int e = 0; e < edits && b.length() > 0; e++) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(3)) {
                    case 0 -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> b.deleteCharAt(at);
                    default -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            inputs.add(b.toString());
        }
        int fastCount = 0;
        for (String s : inputs) {
            assertThat(outcome(ours, s)).as(s).isEqualTo(outcome(jdk, s));
            if (Timestamps.fast(s, true) != null) {
                fastCount++;
            }
        }
        return fastCount;
    }

    private static Object outcome(Function<String, Instant> parse, String s) {
        try {
            return parse.apply(s);
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }
}

package dev.verdict.demo;

import java.util.Locale;
import java.util.Map;

/**
 * How a version behaves, read from its version string's suffixes and overridable by environment: {@code 1.1.0} is
 * the plain service, {@code 1.1.0-slow} adds 30 % latency, {@code -errors} answers 2 % of requests with 500,
 * {@code -cpu} burns twice the CPU per request, {@code -jittery} keeps the mean latency but swings it between half and
 * one and a half of it in alternate seconds (stalls that come and go: the spread over time grows, the mean does not).
 * Suffixes combine ({@code 2.0.0-slow-errors}).
 *
 * @param latencyMillis mean service time of a request
 * @param jitter the latency's spread as a share of the mean (uniform, so the mean is kept)
 * @param errorRate share of requests answered with 500
 * @param cpuRounds SHA-256 rounds per request (CPU work the runtime can be faster or slower at)
 * @param swing share of the mean latency added in odd seconds and taken away in even ones
 */
record Behaviour(double latencyMillis, double jitter, double errorRate, int cpuRounds, double swing) {

    static final double BASE_LATENCY_MS = 20;
    static final double BASE_JITTER = 0.25;
    static final int BASE_CPU_ROUNDS = 200;

    static Behaviour of(String version, Map<String, String> env) {
        String v = version == null ? "" : version.toLowerCase(Locale.ROOT);
        double latency = number(env, "DEMO_LATENCY_MS", BASE_LATENCY_MS);
        double jitter = number(env, "DEMO_JITTER", BASE_JITTER);
        double errors = number(env, "DEMO_ERROR_RATE", 0);
        int cpu = (int) number(env, "DEMO_CPU_ROUNDS", BASE_CPU_ROUNDS);
        double swing = number(env, "DEMO_SWING", 0);
        if (v.contains("-slow")) {
            latency *= 1.30;
        }
        if (v.contains("-errors")) {
            errors = Math.max(errors, 0.02);
        }
        if (v.contains("-cpu")) {
            cpu *= 2;
        }
        if (v.contains("-jittery")) {
            swing = Math.max(swing, 0.5);
        }
        if (latency < 0
                || jitter < 0
                || jitter >= 1
                || errors < 0
                || errors > 1
                || cpu < 0
                || swing < 0
                || swing >= 1) {
            throw new IllegalArgumentException("DEMO_LATENCY_MS >= 0, 0 <= DEMO_JITTER < 1, 0 <= DEMO_ERROR_RATE <= 1,"
                    + " DEMO_CPU_ROUNDS >= 0 and 0 <= DEMO_SWING < 1 are required; got " + latency + ", " + jitter
                    + ", " + errors + ", " + cpu + ", " + swing);
        }
        return new Behaviour(latency, jitter, errors, cpu, swing);
    }

    private static double number(Map<String, String> env, String key, double fallback) {
        String s = env.get(key);
        if (s == null || s.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + s + "'");
        }
    }

    /**
     * The service time of a request with {@code u} uniform in [0, 1), in second {@code epochSecond}: uniform around
     * the second's mean, which swings around the overall mean, so the mean over any two seconds stays the same.
     */
    long latencyMicros(double u, long epochSecond) {
        double mean = latencyMillis * (1 + (epochSecond % 2 == 0 ? -swing : swing));
        return Math.round(mean * 1000 * (1 + jitter * (2 * u - 1)));
    }
}

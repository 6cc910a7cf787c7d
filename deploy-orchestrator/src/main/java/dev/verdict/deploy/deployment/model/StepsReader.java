package dev.verdict.deploy.deployment.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.judge.config.ConfigError;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a canary's steps, Argo Rollouts' shape: {@code [{"setWeight": 20}, {"pause": {"duration": "30s"}},
 * {"analysis": {"interval": "1m", "count": 3}}]}. Every bad field is reported with its JSON pointer.
 */
public final class StepsReader {

    /** canary and baseline get the weight each, so one step's weight is at most half of the traffic */
    public static final int MAX_WEIGHT = 50;

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private StepsReader() {}

    public static List<Step> read(JsonNode node, String at, List<ConfigError> errors) {
        List<Step> out = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty()) {
            errors.add(new ConfigError(at, "must be a non-empty array of setWeight, pause and analysis steps"));
            return out;
        }
        boolean analysed = false;
        for (int i = 0; i < node.size(); i++) {
            String p = at + "/" + i;
            JsonNode s = node.get(i);
            if (!s.isObject() || s.size() != 1) {
                errors.add(new ConfigError(p, "must be an object with exactly one of setWeight, pause, analysis"));
                continue;
            }
            String kind = s.fieldNames().next();
            JsonNode v = s.get(kind);
            switch (kind) {
                case "setWeight" -> {
                    if (!v.isInt() || v.asInt() < 1 || v.asInt() > MAX_WEIGHT) {
                        errors.add(new ConfigError(
                                p + "/setWeight",
                                "must be an integer 1.." + MAX_WEIGHT + " (canary and baseline each get it), not "
                                        + v));
                    } else {
                        out.add(new Step.SetWeight(v.asInt()));
                    }
                }
                case "pause" -> {
                    if (!v.isObject()) {
                        errors.add(new ConfigError(p + "/pause", "must be an object: {} or {\"duration\": \"30s\"}"));
                    } else if (v.has("duration")) {
                        Duration d = duration(v.get("duration"), p + "/pause/duration", errors);
                        if (d != null) {
                            out.add(new Step.Pause(d));
                        }
                    } else {
                        out.add(new Step.Pause(null));
                    }
                }
                case "analysis" -> {
                    Step.Analysis a = analysis(v, p + "/analysis", errors);
                    if (a != null) {
                        out.add(a);
                        analysed = true;
                    }
                }
                default ->
                    errors.add(new ConfigError(
                            p + "/" + kind, "unknown step '" + kind + "'; expected setWeight, pause or analysis"));
            }
        }
        if (errors.isEmpty() && !analysed) {
            errors.add(new ConfigError(at, "needs at least one analysis step: a canary nobody judges is not a canary"));
        }
        if (errors.isEmpty() && !(out.get(0) instanceof Step.SetWeight)) {
            errors.add(
                    new ConfigError(at + "/0", "must be a setWeight: an analysis or pause at weight 0 sees no data"));
        }
        return out;
    }

    private static Step.Analysis analysis(JsonNode v, String p, List<ConfigError> errors) {
        if (!v.isObject()) {
            errors.add(new ConfigError(p, "must be an object with interval and count"));
            return null;
        }
        int before = errors.size();
        Duration interval = duration(v.get("interval"), p + "/interval", errors);
        int count = integer(v, "count", 1, 1, 1000, p, errors);
        int failureLimit = integer(v, "failureLimit", 0, 0, 1000, p, errors);
        int inconclusiveLimit = integer(v, "inconclusiveLimit", 0, 0, 1000, p, errors);
        Duration initialDelay = Duration.ZERO;
        if (v.has("initialDelay")) {
            initialDelay = duration(v.get("initialDelay"), p + "/initialDelay", errors, Duration.ZERO);
        }
        boolean perInterval = true;
        JsonNode pi = v.get("perInterval");
        if (pi != null && !pi.isNull()) {
            if (!pi.isBoolean()) {
                errors.add(new ConfigError(p + "/perInterval", "must be true or false"));
            } else {
                perInterval = pi.asBoolean();
            }
        }
        return errors.size() > before
                ? null
                : new Step.Analysis(interval, count, perInterval, failureLimit, inconclusiveLimit, initialDelay);
    }

    private static int integer(
            JsonNode v, String field, int fallback, int min, int max, String p, List<ConfigError> e) {
        JsonNode n = v.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isInt() || n.asInt() < min || n.asInt() > max) {
            e.add(new ConfigError(p + "/" + field, "must be an integer " + min + ".." + max + ", not " + n));
            return fallback;
        }
        return n.asInt();
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 500ms} (Argo's duration strings), or ISO-8601 {@code PT30S}. */
    static Duration duration(JsonNode n, String p, List<ConfigError> errors) {
        return duration(n, p, errors, Duration.ofSeconds(1));
    }

    static Duration duration(JsonNode n, String p, List<ConfigError> errors, Duration min) {
        if (n == null || !n.isTextual()) {
            errors.add(new ConfigError(p, "is required: a duration such as \"30s\", \"5m\" or \"1h\""));
            return null;
        }
        String s = n.asText().trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(s);
        Duration d = null;
        if (m.matches()) {
            long x = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(x);
                case "s" -> Duration.ofSeconds(x);
                case "m" -> Duration.ofMinutes(x);
                default -> Duration.ofHours(x);
            };
        } else {
            try {
                d = Duration.parse(n.asText().trim());
            } catch (DateTimeParseException ignored) {
                // reported below
            }
        }
        if (d == null || d.compareTo(min) < 0 || d.compareTo(Duration.ofDays(7)) > 0) {
            errors.add(new ConfigError(
                    p,
                    "must be a duration from " + (min.isZero() ? "0s" : "1s") + " to 7d such as \"30s\", \"5m\", not "
                            + n));
            return null;
        }
        return d;
    }

    /** The steps back as JSON text, in the shape they were read from (stored with the deployment). */
    public static String write(List<Step> steps) {
        StringBuilder sb = new StringBuilder("[");
        for (Step s : steps) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            if (s instanceof Step.SetWeight w) {
                sb.append("{\"setWeight\":").append(w.percent()).append('}');
            } else if (s instanceof Step.Pause pause) {
                sb.append(
                        pause.duration() == null
                                ? "{\"pause\":{}}"
                                : "{\"pause\":{\"duration\":\""
                                        + pause.duration().toMillis() + "ms\"}}");
            } else if (s instanceof Step.Analysis a) {
                sb.append("{\"analysis\":{\"interval\":\"")
                        .append(a.interval().toMillis())
                        .append("ms\",\"count\":")
                        .append(a.count())
                        .append(",\"perInterval\":")
                        .append(a.perInterval())
                        .append(",\"failureLimit\":")
                        .append(a.failureLimit())
                        .append(",\"inconclusiveLimit\":")
                        .append(a.inconclusiveLimit())
                        .append(",\"initialDelay\":\"")
                        .append(a.initialDelay().toMillis())
                        .append("ms\"}}");
            }
        }
        return sb.append(']').toString();
    }
}

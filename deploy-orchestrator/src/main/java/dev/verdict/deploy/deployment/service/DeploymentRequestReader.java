package dev.verdict.deploy.deployment.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.deploy.deployment.model.DeploymentRequest;
import dev.verdict.deploy.deployment.model.Step;
import dev.verdict.deploy.deployment.model.StepsReader;
import dev.verdict.judge.config.CanaryConfig;
import dev.verdict.judge.config.CanaryConfigReader;
import dev.verdict.judge.config.ConfigError;
import dev.verdict.judge.config.InvalidConfigException;
import dev.verdict.judge.config.Thresholds;
import dev.verdict.plugin.Artifact;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code POST /api/deployments}: every bad field at once, by JSON pointer. What is left out has a default:
 * the artifact, runtime and instance count of the component's current release, the built-in router canary config
 * (latency mean, p99 and error rate from the router's own records), thresholds {@code {pass: 95, marginal: 75}} and
 * the steps 20 % → two 30 s analysis windows → 50 % → two more.
 */
public final class DeploymentRequestReader {

    static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    static final Pattern REF = Pattern.compile("(component:)?([a-z0-9][a-z0-9._-]{0,62}/)?[a-z0-9][a-z0-9._-]{0,62}");
    public static final Pattern DECISION = Pattern.compile("ADR-\\d{1,6}");
    static final int MAX_INSTANCES = 20;

    /** What the component runs now, for the defaults; empty for a component's first deployment. */
    public record Current(Artifact artifact, String runtime, int instances) {}

    private final ObjectMapper json;
    private final JsonNode defaultConfig;
    private final JsonNode defaultSteps;
    private final java.util.Set<String> metricTypes;

    /** {@code metricTypes}: the metric sources this orchestrator has, which a config's {@code query.type} must name. */
    public DeploymentRequestReader(ObjectMapper json, java.util.Set<String> metricTypes) {
        this.json = json;
        this.metricTypes = new java.util.TreeSet<>(metricTypes);
        this.defaultConfig = resource("/canary/default-config.json");
        this.defaultSteps = resource("/canary/default-steps.json");
    }

    private JsonNode resource(String name) {
        try (InputStream in = DeploymentRequestReader.class.getResourceAsStream(name)) {
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /** The component ref of a request, canonical, or null if it is missing or malformed (reported by {@link #read}). */
    public static String component(JsonNode body) {
        JsonNode c = body == null ? null : body.get("component");
        return c == null || !c.isTextual() ? null : componentRef(c.asText());
    }

    /**
     * {@code payments-api}, {@code default/payments-api} or {@code component:default/payments-api} as the canonical
     * ref; null when it is none of those.
     */
    public static String componentRef(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (!REF.matcher(s).matches()) {
            return null;
        }
        if (!s.startsWith("component:")) {
            s = "component:" + s;
        }
        return s.indexOf('/') < 0 ? s.replace("component:", "component:default/") : s;
    }

    public DeploymentRequest read(JsonNode body, Optional<Current> current) {
        List<ConfigError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new InvalidConfigException(List.of(new ConfigError(
                    "/", "must be an object with component, version and optionally artifact, config, steps")));
        }
        String component = component(body);
        if (component == null) {
            errors.add(new ConfigError(
                    "/component", "is required: a component ref such as component:default/payments-api"));
        }
        String version = text(body, "version");
        if (version == null || !VERSION.matcher(version).matches()) {
            errors.add(new ConfigError(
                    "/version", "is required: letters, digits and . _ + - (at most 64), such as 1.1.0"));
        }
        Artifact artifact = artifact(body.get("artifact"), current, errors);
        String runtime = text(body, "runtime");
        if (runtime == null) {
            runtime = current.map(Current::runtime).orElse(null);
        }
        int instances = current.map(Current::instances).orElse(1);
        JsonNode n = body.get("instances");
        if (n != null && !n.isNull()) {
            if (!n.isInt() || n.asInt() < 1 || n.asInt() > MAX_INSTANCES) {
                errors.add(new ConfigError("/instances", "must be an integer 1.." + MAX_INSTANCES + ", not " + n));
            } else {
                instances = n.asInt();
            }
        }
        JsonNode configJson = present(body.get("config")) ? body.get("config") : defaultConfig;
        CanaryConfig config = collect(errors, () -> CanaryConfigReader.read(configJson, "/config"));
        if (config != null) {
            sources(config, errors);
        }
        JsonNode t = body.get("thresholds");
        Thresholds thresholds = present(t)
                ? collect(errors, () -> CanaryConfigReader.thresholds(t, "/thresholds"))
                : new Thresholds(95, 75);
        JsonNode s = present(body.get("steps")) ? body.get("steps") : defaultSteps;
        List<Step> steps = StepsReader.read(s, "/steps", errors);
        String decision = text(body, "decision");
        if (decision != null && !DECISION.matcher(decision).matches()) {
            errors.add(new ConfigError("/decision", "must be a decision ref such as ADR-0002, not '" + decision + "'"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
        return new DeploymentRequest(
                component, version, artifact, runtime, instances, config, configJson, thresholds, steps, decision);
    }

    /** Each metric's source is one this orchestrator has, and a named filter template is one of the config's. */
    private void sources(CanaryConfig config, List<ConfigError> errors) {
        for (int i = 0; i < config.metrics().size(); i++) {
            java.util.Map<String, Object> q = config.metrics().get(i).query();
            String at = "/config/metrics/" + i + "/query";
            Object type = q.get("type");
            if (!(type instanceof String t) || !metricTypes.contains(t)) {
                errors.add(new ConfigError(
                        at + "/type",
                        "must name a metric source of this orchestrator, one of " + metricTypes
                                + (type == null ? "" : ", not '" + type + "'")));
            }
            Object template = q.get("customFilterTemplate");
            if (template != null && !config.templates().containsKey(String.valueOf(template))) {
                errors.add(new ConfigError(
                        at + "/customFilterTemplate",
                        "names no template of this config (templates: "
                                + config.templates().keySet() + ")"));
            }
        }
    }

    private static Artifact artifact(JsonNode a, Optional<Current> current, List<ConfigError> errors) {
        if (!present(a)) {
            if (current.isEmpty()) {
                errors.add(new ConfigError(
                        "/artifact",
                        "is required for a component's first deployment ({\"type\": \"jar\" | \"command\" |"
                                + " \"image\", \"value\": ...}), unless its catalog entity names the image"
                                + " in the annotation verdict.dev/image"));
                return null;
            }
            return current.get().artifact();
        }
        String type = a.path("type").asText("").toUpperCase(Locale.ROOT);
        Artifact.Type t;
        try {
            t = Artifact.Type.valueOf(type);
        } catch (IllegalArgumentException e) {
            errors.add(new ConfigError(
                    "/artifact/type",
                    "must be jar, command or image, not '" + a.path("type").asText() + "'"));
            return null;
        }
        try {
            return new Artifact(t, a.path("value").asText(null));
        } catch (IllegalArgumentException e) {
            errors.add(new ConfigError("/artifact/value", e.getMessage()));
            return null;
        }
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isNull();
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || !n.isTextual() || n.asText().isBlank()
                ? null
                : n.asText().trim();
    }

    private static <T> T collect(List<ConfigError> errors, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (InvalidConfigException e) {
            errors.addAll(e.errors());
            return null;
        }
    }
}

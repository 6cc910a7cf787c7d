package dev.verdict.k8s;

import dev.verdict.plugin.Setting;
import dev.verdict.plugin.kubernetes.KubernetesTargetFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a rendered set of manifests must hold for Verdict's service modules, as a list of problems (empty: fine), so
 * the tests can show both that the real manifests pass and that a broken one is caught.
 */
final class ManifestRules {

    /** Read by the JVM or by Quarkus itself rather than through a service's application.properties. */
    static final Set<String> PLATFORM_ENV = Set.of("JAVA_TOOL_OPTIONS", "QUARKUS_CONFIG_LOCATIONS");

    private static final Pattern READS = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern PORT = Pattern.compile("(?m)^quarkus\\.http\\.port=(\\d+)");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    /** A service module: one of the root pom's modules that serves HTTP on a port of its own. */
    record ServiceModule(String name, int port, Set<String> reads) {}

    private ManifestRules() {}

    static List<ServiceModule> serviceModules(Path repo) throws IOException {
        List<ServiceModule> out = new ArrayList<>();
        Matcher m = MODULE.matcher(Files.readString(repo.resolve("pom.xml")));
        while (m.find()) {
            Path props = repo.resolve(m.group(1)).resolve("src/main/resources/application.properties");
            if (!Files.exists(props)) {
                continue;
            }
            String text = Files.readString(props);
            Matcher port = PORT.matcher(text);
            if (!port.find()) {
                continue;
            }
            Set<String> reads = new TreeSet<>();
            Matcher r = READS.matcher(text);
            while (r.find()) {
                reads.add(r.group(1));
            }
            out.add(new ServiceModule(
                    Path.of(m.group(1)).getFileName().toString(), Integer.parseInt(port.group(1)), reads));
        }
        return out;
    }

    /** The variables of README's "Running against your own PostgreSQL, Kafka and Keycloak" table. */
    static Set<String> sharedVariables(Path repo) throws IOException {
        String readme = Files.readString(repo.resolve("README.md"));
        int from = readme.indexOf("## Running against your own");
        int to = readme.indexOf("\n## ", from + 1);
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("`(VERDICT_[A-Z0-9_]+)`").matcher(readme.substring(from, to));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static List<String> check(List<HasMetadata> objects, List<ServiceModule> modules, Set<String> shared) {
        List<String> problems = new ArrayList<>();
        Map<String, Deployment> deployments = byName(objects, Deployment.class);
        Map<String, ConfigMap> configMaps = byName(objects, ConfigMap.class);
        List<PodDisruptionBudget> budgets = of(objects, PodDisruptionBudget.class);
        List<Service> services = of(objects, Service.class);
        for (ServiceModule module : modules) {
            Deployment d = deployments.get(module.name());
            if (d == null) {
                problems.add(module.name() + " has no Deployment");
                continue;
            }
            String at = "Deployment " + module.name();
            Map<String, String> podLabels =
                    d.getSpec().getTemplate().getMetadata().getLabels();
            if (d.getSpec().getReplicas() == null || d.getSpec().getReplicas() < 2) {
                problems.add(
                        at + ": needs at least 2 replicas, has " + d.getSpec().getReplicas());
            }
            if (budgets.stream()
                    .noneMatch(b -> selects(b.getSpec().getSelector().getMatchLabels(), podLabels))) {
                problems.add(at + ": no PodDisruptionBudget selects its pods");
            }
            if (services.stream().noneMatch(s -> selects(s.getSpec().getSelector(), podLabels))) {
                problems.add(at + ": no Service selects its pods");
            }
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            if (c.getPorts().stream().noneMatch(p -> p.getContainerPort() == module.port())) {
                problems.add(
                        at + ": the container does not expose " + module.port() + ", the module's quarkus.http.port");
            }
            probe(problems, at, "readiness", c.getReadinessProbe(), "/q/health/ready");
            probe(problems, at, "liveness", c.getLivenessProbe(), "/q/health/live");
            var res = c.getResources();
            for (String kind : List.of("cpu", "memory")) {
                if (res == null
                        || res.getRequests() == null
                        || !res.getRequests().containsKey(kind)) {
                    problems.add(at + ": no " + kind + " request");
                }
                if (res == null || res.getLimits() == null || !res.getLimits().containsKey("memory")) {
                    problems.add(at + ": no memory limit");
                    break;
                }
            }
            Set<String> set = new TreeSet<>();
            for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                set.add(e.getName());
                if (!module.reads().contains(e.getName()) && !PLATFORM_ENV.contains(e.getName())) {
                    problems.add(at + ": sets " + e.getName() + ", which " + module.name() + " does not read");
                }
                var ref = e.getValueFrom() == null ? null : e.getValueFrom().getConfigMapKeyRef();
                if (ref != null) {
                    ConfigMap cm = configMaps.get(ref.getName());
                    if (cm == null || cm.getData() == null || !cm.getData().containsKey(ref.getKey())) {
                        problems.add(at + ": " + e.getName() + " refers to ConfigMap " + ref.getName() + " key "
                                + ref.getKey() + ", which the manifests do not have");
                    }
                }
                if ("QUARKUS_CONFIG_LOCATIONS".equals(e.getName())) {
                    configFile(problems, at, d, c, e.getValue(), configMaps);
                }
            }
            for (String v : shared) {
                if (module.reads().contains(v) && !set.contains(v)) {
                    problems.add(at + ": does not set " + v + ", which " + module.name() + " reads (README's table)");
                }
            }
        }
        return problems;
    }

    /** A config file a service reads must be mounted from a ConfigMap, and the target settings in it must exist. */
    private static void configFile(
            List<String> problems, String at, Deployment d, Container c, String path, Map<String, ConfigMap> cms) {
        Path file = Path.of(path);
        VolumeMount mount = c.getVolumeMounts().stream()
                .filter(m -> file.getParent().equals(Path.of(m.getMountPath())))
                .findFirst()
                .orElse(null);
        var volume = mount == null
                ? null
                : d.getSpec().getTemplate().getSpec().getVolumes().stream()
                        .filter(v -> v.getName().equals(mount.getName()) && v.getConfigMap() != null)
                        .findFirst()
                        .orElse(null);
        ConfigMap cm = volume == null ? null : cms.get(volume.getConfigMap().getName());
        String text = cm == null || cm.getData() == null
                ? null
                : cm.getData().get(file.getFileName().toString());
        if (text == null) {
            problems.add(at + ": QUARKUS_CONFIG_LOCATIONS names " + path + ", which no mounted ConfigMap provides");
            return;
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Set<String> known = new KubernetesTargetFactory()
                .settings().stream().map(Setting::key).collect(Collectors.toSet());
        String prefix = "verdict.deploy.target.settings.kubernetes.";
        for (String key :
                new TreeMap<>(p).keySet().stream().map(Object::toString).toList()) {
            if (key.startsWith(prefix) && !known.contains(key.substring(prefix.length()))) {
                problems.add(at + ": " + path + " sets " + key + ", which the kubernetes target does not have");
            }
        }
    }

    private static void probe(List<String> problems, String at, String kind, Probe p, String path) {
        if (p == null || p.getHttpGet() == null || !path.equals(p.getHttpGet().getPath())) {
            problems.add(at + ": no " + kind + " probe on " + path);
        }
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null
                && !selector.isEmpty()
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static <T extends HasMetadata> List<T> of(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> Map<String, T> byName(List<HasMetadata> objects, Class<T> type) {
        Map<String, T> out = new TreeMap<>();
        of(objects, type).forEach(o -> out.put(o.getMetadata().getName(), o));
        return out;
    }
}

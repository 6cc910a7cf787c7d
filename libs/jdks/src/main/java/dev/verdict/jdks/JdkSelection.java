package dev.verdict.jdks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns {@code --jdk} arguments into labelled JDKs. An argument is {@code [label=]target} where target is a JDK home
 * path, a feature version ({@code 17}) or vendor-version ({@code temurin-25}) matched against discovered JDKs.
 * Labels default to {@code jdk<feature>}; they name the JDK in reports and in the evidence comparison
 * {@code ratio(<candidate>/<baseline>)}, so they must be unique (an A/A run of one JDK: {@code a=17 b=17}).
 */
public final class JdkSelection {

    /** Label rules: what a criterion's {@code ratio(x/y)} can carry and a file name can hold. */
    public static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");

    private static final Pattern VENDOR_VERSION = Pattern.compile("(?i)([a-z][a-z0-9 ]*?)[- ]?(\\d+)");

    /** A JDK with its label in this run. */
    public record LabelledJdk(String label, Jdk jdk) {}

    private JdkSelection() {}

    public static List<LabelledJdk> select(List<String> specs, JdkDiscovery.Result discovered) {
        List<LabelledJdk> out = new ArrayList<>();
        for (String spec : specs) {
            String label = null;
            String target = spec.strip();
            int eq = target.indexOf('=');
            if (eq > 0) {
                label = target.substring(0, eq).strip();
                target = target.substring(eq + 1).strip();
                if (!LABEL.matcher(label).matches()) {
                    throw new JdkException("invalid JDK label '" + label + "' in --jdk " + spec
                            + ": use letters, digits, '.', '_' or '-' (at most 32, no '/' or spaces)");
                }
            }
            Jdk jdk = resolve(target, discovered);
            out.add(new LabelledJdk(label != null ? label : jdk.defaultLabel(), jdk));
        }
        Set<String> seen = new HashSet<>();
        for (LabelledJdk l : out) {
            if (!seen.add(l.label())) {
                throw new JdkException("two JDKs are labelled '" + l.label() + "'; give each its own label, e.g. "
                        + "--jdk a=" + l.jdk().featureVersion() + " --jdk b="
                        + l.jdk().featureVersion()
                        + " (an A/A run of one JDK) or --jdk jdk17-debian=/path --jdk jdk17-temurin=/path");
            }
        }
        return out;
    }

    /** One JDK for {@code target}: a home path, a feature version ({@code 25}) or vendor-version ({@code temurin-25}). */
    public static Jdk resolve(String target, JdkDiscovery.Result discovered) {
        if (target.isEmpty()) {
            throw new JdkException("empty --jdk value: give a JDK home path, a version such as 17, or e.g. temurin-25");
        }
        boolean looksLikePath = target.contains("/")
                || target.contains("\\")
                || target.startsWith("~")
                || Files.exists(Path.of(target));
        if (looksLikePath) {
            String expanded = target.startsWith("~/") ? System.getProperty("user.home") + target.substring(1) : target;
            return JdkDiscovery.inspect(Path.of(expanded));
        }
        List<Jdk> matches;
        if (target.matches("\\d+")) {
            int feature = Integer.parseInt(target);
            matches = discovered.jdks().stream()
                    .filter(j -> j.featureVersion() == feature)
                    .toList();
        } else {
            Matcher m = VENDOR_VERSION.matcher(target);
            if (!m.matches()) {
                throw new JdkException("cannot read --jdk '" + target + "': give a JDK home path, a feature version"
                        + " such as 17, or vendor-version such as temurin-25");
            }
            int feature = Integer.parseInt(m.group(2));
            String vendor = m.group(1).strip();
            matches = discovered.jdks().stream()
                    .filter(j -> j.featureVersion() == feature && JdkDiscovery.vendorMatches(j, vendor))
                    .toList();
        }
        if (matches.isEmpty()) {
            throw new JdkException("no installed JDK matches '" + target + "'; found: " + describe(discovered.jdks())
                    + ". Give the JDK home path instead, or add its folder with --jdk-dir / VERDICT_BENCH_JDK_PATHS.");
        }
        if (matches.size() > 1) {
            throw new JdkException("'" + target + "' matches " + matches.size() + " JDKs: " + describe(matches)
                    + ". Use vendor-version (e.g. temurin-" + matches.get(0).featureVersion() + ") or the path.");
        }
        return matches.get(0);
    }

    private static String describe(List<Jdk> jdks) {
        if (jdks.isEmpty()) {
            return "none";
        }
        return jdks.stream().map(j -> j.describe() + " at " + j.home()).collect(Collectors.joining(", "));
    }
}

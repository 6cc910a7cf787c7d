package dev.verdict.jdks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds installed JDKs: {@code JAVA_HOME}, the children of {@code /usr/lib/jvm} (Debian/Ubuntu/Fedora), SDKMAN's
 * {@code ~/.sdkman/candidates/java}, macOS' {@code /Library/Java/JavaVirtualMachines}, and configured paths (each a
 * JDK home or a folder of JDK homes). A JDK is a directory with a {@code release} file naming {@code JAVA_VERSION}
 * and an executable {@code bin/java}; everything else is skipped with the reason (see {@link Result#skipped()}).
 * The same JDK reached through several paths (symlinks such as {@code default-java}) is listed once.
 */
public final class JdkDiscovery {

    private static final Pattern RELEASE_LINE = Pattern.compile("^([A-Z_][A-Z0-9_]*)=\"?(.*?)\"?\\s*$");
    private static final Pattern VERSION = Pattern.compile("^(\\d+)(?:\\.(\\d+))?.*");

    /** Where to look; {@link #defaults(List)} reads the real machine. */
    public record Locations(String javaHome, List<Path> jvmDirs, List<Path> configured) {}

    /** The JDKs found and the candidates that were skipped (path, reason). */
    public record Result(List<Jdk> jdks, Map<String, String> skipped) {}

    private JdkDiscovery() {}

    /** The machine's locations plus {@code configured} (option values and {@code VERDICT_BENCH_JDK_PATHS}). */
    public static Locations defaults(List<Path> configured) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(Path.of("/usr/lib/jvm"));
        String home = System.getProperty("user.home");
        if (home != null) {
            dirs.add(Path.of(home, ".sdkman", "candidates", "java"));
        }
        dirs.add(Path.of("/Library/Java/JavaVirtualMachines"));
        List<Path> all = new ArrayList<>(configured);
        String env = System.getenv("VERDICT_BENCH_JDK_PATHS");
        if (env != null && !env.isBlank()) {
            for (String p : env.split(java.io.File.pathSeparator)) {
                if (!p.isBlank()) {
                    all.add(Path.of(p.trim()));
                }
            }
        }
        return new Locations(System.getenv("JAVA_HOME"), dirs, all);
    }

    public static Result discover(Locations where) {
        Map<String, Jdk> found = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        if (where.javaHome() != null && !where.javaHome().isBlank()) {
            consider(Path.of(where.javaHome()), "JAVA_HOME", found, skipped);
        }
        for (Path dir : where.jvmDirs()) {
            String source = dir.toString().contains(".sdkman") ? "sdkman" : dir.toString();
            for (Path child : children(dir)) {
                consider(macHome(child), source, found, skipped);
            }
        }
        for (Path p : where.configured()) {
            if (Files.isRegularFile(p.resolve("release")) || !Files.isDirectory(p)) {
                consider(p, "configured", found, skipped);
            } else {
                for (Path child : children(p)) {
                    consider(macHome(child), "configured", found, skipped);
                }
            }
        }
        List<Jdk> jdks = new ArrayList<>(found.values());
        jdks.sort(Comparator.comparingInt(Jdk::featureVersion)
                .thenComparing(Jdk::vendor)
                .thenComparing(Jdk::home));
        return new Result(List.copyOf(jdks), Map.copyOf(skipped));
    }

    private static void consider(Path p, String source, Map<String, Jdk> found, Map<String, String> skipped) {
        try {
            Jdk jdk = inspect(p).withSource(source);
            found.putIfAbsent(jdk.home(), jdk);
        } catch (NotAJdkException e) {
            skipped.putIfAbsent(p.toString(), e.getMessage());
        }
    }

    private static Path macHome(Path child) {
        Path mac = child.resolve("Contents").resolve("Home");
        return Files.isDirectory(mac) ? mac : child;
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Reads the JDK at {@code path} or says precisely why it is not one (missing directory, no {@code release}
     * file, no {@code JAVA_VERSION}, no executable {@code bin/java}); a path to {@code bin/java} or {@code bin} gets
     * a hint naming the home directory.
     */
    public static Jdk inspect(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new NotAJdkException("not a JDK: " + path + " does not exist");
        }
        if (!Files.isDirectory(p)) {
            String hint = p.getFileName().toString().equals("java")
                            && p.getParent() != null
                            && p.getParent().getParent() != null
                    ? " (did you mean the JDK home " + p.getParent().getParent() + "?)"
                    : "";
            throw new NotAJdkException("not a JDK: " + path + " is a file, not a JDK home directory" + hint);
        }
        Path release = p.resolve("release");
        if (!Files.isRegularFile(release)) {
            String hint = p.getFileName() != null && p.getFileName().toString().equals("bin") && p.getParent() != null
                    ? " (did you mean the JDK home " + p.getParent() + "?)"
                    : "";
            throw new NotAJdkException("not a JDK: " + path + " has no 'release' file (a JDK home contains"
                    + " release with JAVA_VERSION=\"...\" and bin/java)" + hint);
        }
        Map<String, String> props;
        try {
            props = parseRelease(Files.readString(release, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NotAJdkException("not a JDK: cannot read " + release + ": " + e.getMessage());
        }
        String version = props.get("JAVA_VERSION");
        if (version == null || version.isBlank()) {
            throw new NotAJdkException("not a JDK: " + release + " has no JAVA_VERSION");
        }
        int feature = featureVersion(version);
        if (feature < 0) {
            throw new NotAJdkException("not a JDK: " + release + " has an unreadable JAVA_VERSION \"" + version + "\"");
        }
        Path java = p.resolve("bin").resolve("java");
        if (!Files.isRegularFile(java) || !Files.isExecutable(java)) {
            throw new NotAJdkException("not a JDK: " + path + " has a release file but no executable bin/java");
        }
        String home;
        try {
            home = p.toRealPath().toString();
        } catch (IOException e) {
            home = p.toString();
        }
        String vendor = props.getOrDefault("IMPLEMENTOR", "unknown");
        return new Jdk(
                home,
                vendor.isBlank() ? "unknown" : vendor,
                version,
                feature,
                props.get("JAVA_RUNTIME_VERSION"),
                props.get("IMPLEMENTOR_VERSION"),
                "argument");
    }

    /** {@code KEY="value"} lines of a JDK {@code release} file; other lines are ignored. */
    public static Map<String, String> parseRelease(String text) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            Matcher m = RELEASE_LINE.matcher(line.strip());
            if (m.matches()) {
                props.put(m.group(1), m.group(2));
            }
        }
        return props;
    }

    /** 17 for "17.0.15", 25 for "25", 8 for "1.8.0_392", 26 for "26-ea"; -1 if unreadable. */
    public static int featureVersion(String javaVersion) {
        Matcher m = VERSION.matcher(javaVersion.strip());
        if (!m.matches()) {
            return -1;
        }
        int major = Integer.parseInt(m.group(1));
        if (major == 1 && m.group(2) != null) {
            return Integer.parseInt(m.group(2));
        }
        return major;
    }

    /** Case-insensitive: does {@code jdk}'s vendor or implementor version mention {@code word}? */
    static boolean vendorMatches(Jdk jdk, String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return jdk.vendor().toLowerCase(Locale.ROOT).contains(w)
                || jdk.implementorVersion() != null
                        && jdk.implementorVersion().toLowerCase(Locale.ROOT).contains(w)
                || jdk.home().toLowerCase(Locale.ROOT).contains(w);
    }
}

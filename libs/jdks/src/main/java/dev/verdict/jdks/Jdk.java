package dev.verdict.jdks;

/**
 * An installed JDK as its {@code release} file describes it.
 *
 * @param home               the JDK's home directory (real path, symlinks resolved)
 * @param vendor             {@code IMPLEMENTOR}, e.g. {@code Eclipse Adoptium}, {@code Debian}; "unknown" if absent
 * @param version            {@code JAVA_VERSION}, e.g. {@code 25.0.3}
 * @param featureVersion     the feature release, e.g. 25 (8 for {@code 1.8.0_392})
 * @param runtimeVersion     {@code JAVA_RUNTIME_VERSION}, e.g. {@code 25.0.3+9-LTS}, if present
 * @param implementorVersion {@code IMPLEMENTOR_VERSION}, e.g. {@code Temurin-25.0.3+9}, if present
 * @param source             where discovery found it: {@code JAVA_HOME}, {@code /usr/lib/jvm}, {@code sdkman},
 *                           {@code configured}, {@code argument}
 */
public record Jdk(
        String home,
        String vendor,
        String version,
        int featureVersion,
        String runtimeVersion,
        String implementorVersion,
        String source) {

    /** The default label: {@code jdk<feature>}, e.g. {@code jdk17}. */
    public String defaultLabel() {
        return "jdk" + featureVersion;
    }

    /** The {@code java} launcher of this JDK. */
    public java.nio.file.Path javaExecutable() {
        return java.nio.file.Path.of(home, "bin", "java");
    }

    /** "Eclipse Adoptium 25.0.3+9-LTS", for reports. */
    public String describe() {
        return vendor + " " + (runtimeVersion != null ? runtimeVersion : version);
    }

    Jdk withSource(String newSource) {
        return new Jdk(home, vendor, version, featureVersion, runtimeVersion, implementorVersion, newSource);
    }
}

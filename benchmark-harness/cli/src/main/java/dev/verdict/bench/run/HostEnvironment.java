package dev.verdict.bench.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine part of the environment fingerprint (the JDK part is in each {@link RunRecord.RunJdk}): CPU model,
 * logical cores, memory, OS and kernel, and the load average when the run started.
 */
public record HostEnvironment(
        String host,
        String cpuModel,
        int cores,
        Long memTotalKb,
        String os,
        String kernel,
        String arch,
        Double loadAtStart) {

    public static HostEnvironment capture() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
        return new HostEnvironment(
                host,
                readCpuModel(),
                Runtime.getRuntime().availableProcessors(),
                readMemTotalKb(),
                osName(),
                System.getProperty("os.version"),
                System.getProperty("os.arch"),
                ProcStats.loadAverage());
    }

    /** "Linux 6.1.0-x (amd64)". */
    public String describeOs() {
        return os + " " + kernel + " (" + arch + ")";
    }

    static String readCpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    static Long readMemTotalKb() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/meminfo"));
            for (String line : lines) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return null;
    }

    static String osName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall back to the JVM's name
        }
        return System.getProperty("os.name");
    }
}

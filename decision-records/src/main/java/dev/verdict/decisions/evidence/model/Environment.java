package dev.verdict.decisions.evidence.model;

import java.util.Map;
import java.util.TreeMap;

/** The fingerprint of where the measurements ran: JDK vendor and version, CPU, OS, and any further facts. */
public record Environment(String jdkVendor, String jdkVersion, String cpu, String os, Map<String, String> other) {
    public Environment {
        other = other == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(other));
    }

    public static Environment unknown() {
        return new Environment(null, null, null, null, Map.of());
    }
}

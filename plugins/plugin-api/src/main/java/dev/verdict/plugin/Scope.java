package dev.verdict.plugin;

/**
 * Which instances of a component a measurement or a traffic weight is about. A canary is judged against a fresh
 * baseline of the current version, started beside it with the same instance count and weight; the stable fleet
 * takes the rest of the traffic.
 */
public enum Scope {
    /** The long-running current version. */
    STABLE("stable"),
    /** A fresh deployment of the current version, the canary's control. */
    BASELINE("baseline"),
    /** The new version. */
    CANARY("canary");

    private final String label;

    Scope(String label) {
        this.label = label;
    }

    /** The name in configs, APIs and events ({@code baseline}, as Kayenta's scope names read). */
    public String label() {
        return label;
    }

    public static Scope ofLabel(String label) {
        for (Scope s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scope '" + label + "' (stable, baseline or canary)");
    }
}

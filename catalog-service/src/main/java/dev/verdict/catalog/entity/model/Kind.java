package dev.verdict.catalog.entity.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The entity kinds of Backstage's built-in catalog model that Verdict accepts. */
public enum Kind {
    COMPONENT("Component"),
    API("API"),
    RESOURCE("Resource"),
    SYSTEM("System"),
    DOMAIN("Domain"),
    GROUP("Group"),
    USER("User"),
    LOCATION("Location");

    private final String displayName;

    Kind(String displayName) {
        this.displayName = displayName;
    }

    /** The spelling used in descriptors ({@code kind: API}). */
    public String displayName() {
        return displayName;
    }

    /** Lower-case form used in canonical entity refs ({@code api:default/x}). */
    public String refName() {
        return displayName.toLowerCase(Locale.ROOT);
    }

    /** Kinds are matched case-insensitively, as Backstage compares refs case-insensitively. */
    public static Optional<Kind> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return Arrays.stream(values())
                .filter(k -> k.displayName.equalsIgnoreCase(value.trim()))
                .findFirst();
    }
}

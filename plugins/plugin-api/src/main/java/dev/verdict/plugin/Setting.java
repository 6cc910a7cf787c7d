package dev.verdict.plugin;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.function.Function;

/**
 * One typed setting a plugin declares (as Keycloak's {@code ProviderConfigProperty} does): its key, what it means,
 * its default, and how its text becomes a value. The host reads the text from wherever it keeps configuration
 * ({@code verdict.plugins.<id>.<key>}) and the plugin reads typed values through {@link Settings}.
 *
 * @param key the key within the plugin's section, e.g. {@code router-port}
 * @param description one line for docs and error messages
 * @param defaultText the default as text (parsed like a given value), or null for a required setting
 */
public record Setting<T>(String key, String description, String defaultText, Function<String, T> parser) {

    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parser, "parser");
        if (!key.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("setting keys are kebab-case: " + key);
        }
    }

    public boolean required() {
        return defaultText == null;
    }

    public static Setting<String> text(String key, String description, String defaultText) {
        return new Setting<>(key, description, defaultText, s -> s);
    }

    public static Setting<Integer> integer(String key, String description, Integer defaultValue) {
        return new Setting<>(key, description, defaultValue == null ? null : defaultValue.toString(), s -> {
            try {
                return Integer.valueOf(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not a whole number");
            }
        });
    }

    public static Setting<Boolean> bool(String key, String description, Boolean defaultValue) {
        return new Setting<>(key, description, defaultValue == null ? null : defaultValue.toString(), s -> {
            String t = s.trim();
            if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
                return Boolean.valueOf(t);
            }
            throw new IllegalArgumentException("'" + s + "' is not true or false");
        });
    }

    /** A duration as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601 ({@code PT30S}). */
    public static Setting<Duration> duration(String key, String description, String defaultText) {
        return new Setting<>(key, description, defaultText, Setting::parseDuration);
    }

    public static Setting<Path> path(String key, String description, String defaultText) {
        return new Setting<>(key, description, defaultText, Path::of);
    }

    static Duration parseDuration(String s) {
        String t = s.trim();
        try {
            if (t.startsWith("P") || t.startsWith("p")) {
                return Duration.parse(t);
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("'" + s + "' is not a duration (e.g. 500ms, 30s, 5m, PT1H)");
        }
    }
}

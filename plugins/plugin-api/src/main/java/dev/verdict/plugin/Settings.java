package dev.verdict.plugin;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The settings a host gives one plugin: text by key, read as typed values through the plugin's {@link Setting}s.
 * {@link #check} reports every problem at once (unknown keys, missing required ones, unparsable values), so an
 * operator fixes a config in one pass.
 */
public final class Settings {

    private final String pluginId;
    private final Map<String, String> values;

    private Settings(String pluginId, Map<String, String> values) {
        this.pluginId = pluginId;
        this.values = Map.copyOf(values);
    }

    /** {@code values}: key (without the plugin's prefix) to text. */
    public static Settings of(String pluginId, Map<String, String> values) {
        return new Settings(pluginId, values);
    }

    /** The value of {@code s}: the given text parsed, or its default. */
    public <T> T get(Setting<T> s) {
        String text = values.get(s.key());
        if (text == null) {
            if (s.required()) {
                throw new PluginConfigException(pluginId, List.of(s.key() + ": required (" + s.description() + ")"));
            }
            text = s.defaultText();
        }
        try {
            return s.parser().apply(text);
        } catch (IllegalArgumentException e) {
            throw new PluginConfigException(pluginId, List.of(s.key() + ": " + e.getMessage()));
        }
    }

    /** Throws one {@link PluginConfigException} listing every problem of these settings against {@code declared}. */
    public void check(Collection<Setting<?>> declared) {
        Map<String, Setting<?>> byKey = new LinkedHashMap<>();
        declared.forEach(s -> byKey.put(s.key(), s));
        TreeSet<String> problems = new TreeSet<>();
        for (String key : values.keySet()) {
            if (!byKey.containsKey(key)) {
                problems.add(key + ": unknown setting (known: " + String.join(", ", byKey.keySet()) + ")");
            }
        }
        for (Setting<?> s : declared) {
            try {
                get(s);
            } catch (PluginConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new PluginConfigException(pluginId, List.copyOf(problems));
        }
    }
}

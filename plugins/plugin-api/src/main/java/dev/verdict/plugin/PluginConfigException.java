package dev.verdict.plugin;

import java.util.List;

/** A plugin's settings are wrong; each problem names its key. */
public class PluginConfigException extends RuntimeException {

    private final String pluginId;
    private final List<String> problems;

    public PluginConfigException(String pluginId, List<String> problems) {
        super("plugin '" + pluginId + "': " + String.join("; ", problems));
        this.pluginId = pluginId;
        this.problems = List.copyOf(problems);
    }

    public String pluginId() {
        return pluginId;
    }

    /** One line per problem, each starting with the setting's key. */
    public List<String> problems() {
        return problems;
    }
}

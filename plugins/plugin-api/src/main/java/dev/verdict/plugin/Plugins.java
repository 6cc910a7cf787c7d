package dev.verdict.plugin;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds plugin factories with {@link ServiceLoader} and makes plugins from checked settings. */
public final class Plugins {

    private Plugins() {}

    /** Every factory of {@code type} visible to {@code loader}, by id; two factories with one id are refused. */
    public static <F extends PluginFactory<?>> Map<String, F> load(Class<F> type, ClassLoader loader) {
        Map<String, F> out = new TreeMap<>();
        for (F f : ServiceLoader.load(type, loader)) {
            F before = out.putIfAbsent(f.id(), f);
            if (before != null) {
                throw new IllegalStateException("two " + type.getSimpleName() + "s have the id '" + f.id() + "': "
                        + before.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return out;
    }

    /** The plugin {@code id} of {@code type}, made from {@code settings} after {@link Settings#check}. */
    public static <P, F extends PluginFactory<P>> P create(
            Class<F> type, ClassLoader loader, String id, Map<String, String> settings) {
        Map<String, F> factories = load(type, loader);
        F f = factories.get(id);
        if (f == null) {
            throw new PluginConfigException(
                    id,
                    java.util.List.of(
                            "no " + type.getSimpleName() + " with this id (found: " + factories.keySet() + ")"));
        }
        Settings s = Settings.of(id, settings);
        s.check(f.settings());
        return f.create(s);
    }
}

package dev.verdict.plugin;

import java.util.List;

/**
 * Makes one kind of plugin from its settings (the shape of Keycloak's {@code ProviderFactory}). Implementations are
 * listed in {@code META-INF/services/<the factory interface>} and found by {@link Plugins#load}; they need a public
 * no-argument constructor and must not start anything before {@link #create}.
 *
 * @param <P> what the factory makes: a {@link DeployTarget} or a {@link MetricSource}
 */
public interface PluginFactory<P> {

    /** The id configs name the plugin by ({@code process}, {@code prometheus}); lower-case, unique per kind. */
    String id();

    /** Every setting the plugin reads; {@link Settings#check} refuses any other key. */
    List<Setting<?>> settings();

    /** A plugin instance for {@code settings}, which {@link Plugins} has checked against {@link #settings()}. */
    P create(Settings settings);
}

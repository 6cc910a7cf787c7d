package dev.verdict.plugin;

/** Finds metric sources through {@code META-INF/services/dev.verdict.plugin.MetricSourceFactory}. */
public interface MetricSourceFactory extends PluginFactory<MetricSource> {}

package dev.verdict.plugin;

/** Finds deploy targets through {@code META-INF/services/dev.verdict.plugin.DeployTargetFactory}. */
public interface DeployTargetFactory extends PluginFactory<DeployTarget> {}

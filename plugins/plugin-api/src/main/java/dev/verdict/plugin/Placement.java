package dev.verdict.plugin;

/**
 * A set of instances a target runs for one component, version and scope. {@code id} is the target's handle, stable
 * across restarts of the orchestrator and of the target's host process where the target can find its instances again.
 */
public record Placement(String id, String component, Scope scope, String version) {}

package dev.verdict.plugin;

/** Not registered by default: a second factory with the id "echo", for the duplicate-id test. */
public class EchoTwinFactory extends EchoTargetFactory {}

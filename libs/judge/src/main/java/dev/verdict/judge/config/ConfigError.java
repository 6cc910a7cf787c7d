package dev.verdict.judge.config;

/** One bad field: a JSON pointer into the submitted document and what is wrong there. */
public record ConfigError(String pointer, String message) {}

package dev.verdict.catalog.entity.model;

/** A 1-based line and column in a submitted YAML text. */
public record SourcePosition(int line, int column) {}

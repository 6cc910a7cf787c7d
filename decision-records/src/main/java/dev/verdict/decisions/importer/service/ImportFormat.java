package dev.verdict.decisions.importer.service;

/** The ADR tool a repository was written with; AUTO decides per file. */
public enum ImportFormat {
    AUTO,
    ADR_TOOLS,
    MADR,
    LOG4BRAINS
}

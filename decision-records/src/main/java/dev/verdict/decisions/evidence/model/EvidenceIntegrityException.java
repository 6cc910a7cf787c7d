package dev.verdict.decisions.evidence.model;

import java.util.UUID;

/** A stored evidence item whose content no longer matches its SHA-256: someone changed immutable data. */
public class EvidenceIntegrityException extends IllegalStateException {
    public EvidenceIntegrityException(UUID id, String stored, String computed) {
        super("evidence " + id + " content hash mismatch: stored " + stored + ", computed " + computed);
    }
}

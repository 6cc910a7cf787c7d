package dev.verdict.decisions.evidence.model;

import java.util.regex.Pattern;

/** A file attached to manual evidence; the evidence's content hash covers the attachment through its SHA-256. */
public record Attachment(String name, String mediaType, long size, String sha256) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public Attachment {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("attachment name is required");
        }
        if (sha256 == null || !HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("attachment sha256 must be 64 lower-case hex digits");
        }
        if (size < 0) {
            throw new IllegalArgumentException("attachment size must be >= 0");
        }
    }
}

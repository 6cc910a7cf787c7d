package dev.verdict.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request contradicts the current state (stale version, a managed entity, a closed gate): 409. The slug tells
 * clients which conflict it is; extension members carry what would have been accepted (e.g. {@code allowed}).
 */
public class ConflictException extends ProblemException {

    public ConflictException(String detail) {
        this("conflict", detail);
    }

    public ConflictException(String slug, String detail) {
        this(slug, "Conflict", detail, Map.of());
    }

    public ConflictException(String slug, String title, String detail, Map<String, ?> members) {
        super(new Problem(
                Problem.TYPE_BASE + slug, title, 409, detail, null, null, new LinkedHashMap<String, Object>(members)));
    }
}

package dev.verdict.catalog.entity.model;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each value of a parsed descriptor stood in its YAML text, keyed by JSON pointer ({@code /spec/owner}).
 * Validation uses it to give every violation a line; JSON submissions have an empty map.
 */
public final class SourceMap {

    public static final SourceMap EMPTY = new SourceMap(Map.of());

    private final Map<String, SourcePosition> positions;

    public SourceMap(Map<String, SourcePosition> positions) {
        this.positions = Collections.unmodifiableMap(new HashMap<>(positions));
    }

    /**
     * The position of the pointer, or of its nearest ancestor that exists (a missing required field is reported at
     * the line of the object that lacks it).
     */
    public Optional<SourcePosition> find(String pointer) {
        String p = pointer;
        while (true) {
            SourcePosition pos = positions.get(p);
            if (pos != null) {
                return Optional.of(pos);
            }
            if (p.isEmpty()) {
                return Optional.empty();
            }
            int slash = p.lastIndexOf('/');
            p = slash <= 0 ? "" : p.substring(0, slash);
        }
    }

    public Map<String, SourcePosition> asMap() {
        return positions;
    }
}

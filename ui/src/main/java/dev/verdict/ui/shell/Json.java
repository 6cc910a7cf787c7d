package dev.verdict.ui.shell;

import com.fasterxml.jackson.databind.JsonNode;

/** Small readers for the services' JSON in views. */
public final class Json {

    private Json() {}

    /** The text at a {@code /a/b} pointer, or "" when there is none. */
    public static String text(JsonNode n, String pointer) {
        JsonNode v = n.at(pointer);
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }
}

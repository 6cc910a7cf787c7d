package dev.verdict.ui.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A service answered with an error: its status and the problem+json body every Verdict service sends (title,
 * detail, violations with path, document, line and column). The portal shows {@link #describe()} in words.
 */
public class ServiceException extends RuntimeException {

    /** One field-level problem, as {@code libs/problem}'s {@code Violation} has it. */
    public record Violation(String path, Integer document, Integer line, Integer column, String message) {

        /** {@code document 2, line 7, column 3: /spec/owner: is required}, leaving out what is unknown. */
        public String describe() {
            StringBuilder s = new StringBuilder();
            if (document != null) {
                s.append("document ").append(document).append(", ");
            }
            if (line != null) {
                s.append("line ").append(line);
                if (column != null) {
                    s.append(", column ").append(column);
                }
                s.append(": ");
            }
            if (path != null && !path.isBlank()) {
                s.append(path).append(": ");
            }
            return s.append(message).toString();
        }
    }

    private final int status;
    private final String title;
    private final String detail;
    private final List<Violation> violations;

    public ServiceException(String service, int status, JsonNode problem) {
        super(service + " answered " + status + ": " + text(problem, "detail", text(problem, "title", "no detail")));
        this.status = status;
        this.title = text(problem, "title", "HTTP " + status);
        this.detail = text(problem, "detail", null);
        List<Violation> v = new ArrayList<>();
        if (problem != null) {
            for (JsonNode n : problem.path("violations")) {
                v.add(new Violation(
                        text(n, "path", null),
                        integer(n, "document"),
                        integer(n, "line"),
                        integer(n, "column"),
                        text(n, "message", "")));
            }
        }
        this.violations = List.copyOf(v);
    }

    /** The service could not be reached at all. */
    public ServiceException(String service, Exception cause) {
        super(service + " is not reachable: " + cause.getMessage(), cause);
        this.status = 0;
        this.title = service + " is not reachable";
        this.detail = cause.getMessage();
        this.violations = List.of();
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public List<Violation> violations() {
        return violations;
    }

    /** Title and detail in one sentence, for a notification. */
    public String describe() {
        return detail == null || detail.isBlank() ? title : title + ": " + detail;
    }

    private static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    private static Integer integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.canConvertToInt() ? null : v.asInt();
    }
}

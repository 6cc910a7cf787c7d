package dev.verdict.decisions.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The RFC 9457 problem details body of every error. {@code errors} locate bad input ({@code path} = file or field,
 * {@code line}/{@code column}); {@code allowed} lists the statuses an illegal transition could have gone to;
 * {@code grammar} explains the criterion syntax.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors,
        List<String> allowed, String grammar) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://verdict.dev/problems/";

    /** One located problem of the input. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String path, Integer line, Integer column, String message) {
    }

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, null, null);
    }
}

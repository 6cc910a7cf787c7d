package dev.verdict.catalog.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verdict.catalog.entity.validation.Violation;
import java.util.List;

/**
 * An RFC 9457 problem details body, the one error shape of every Verdict API. {@code violations} lists every
 * broken rule of a descriptor; {@code line}/{@code column}/{@code document} locate a syntax error.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, Integer document,
                      Integer line, Integer column, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://verdict.dev/problems/";

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, null, null, null, null);
    }
}

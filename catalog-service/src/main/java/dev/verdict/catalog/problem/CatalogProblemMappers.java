package dev.verdict.catalog.problem;

import dev.verdict.catalog.entity.model.DescriptorSyntaxException;
import dev.verdict.catalog.entity.validation.ValidationException;
import dev.verdict.problem.Problem;
import dev.verdict.problem.Violation;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The catalog's own error bodies, on the shared {@link Problem} shape (libs/problem maps everything generic: 404, 409,
 * 403, framework errors, 500). Descriptor errors carry the document, line and column a YAML author needs.
 */
public class CatalogProblemMappers {

    /** 400: not YAML/JSON at all. Position at the top level (as before) and as the one violation. */
    @ServerExceptionMapper
    public Response syntax(DescriptorSyntaxException e) {
        Integer document = e.document() < 0 ? null : e.document();
        Integer line = e.line() == 0 ? null : e.line();
        Integer column = e.column() == 0 ? null : e.column();
        return Problem.of("syntax", "Descriptor is not well-formed", 400, e.getMessage())
                .with("document", document)
                .with("line", line)
                .with("column", column)
                .withViolations(List.of(new Violation("", line, column, e.getMessage(), document)))
                .toResponse();
    }

    /** 422: well-formed descriptors that break catalog rules; every violation, nothing stored. */
    @ServerExceptionMapper
    public Response validation(ValidationException e) {
        return Problem.of(
                        "validation",
                        "Descriptor breaks catalog rules",
                        422,
                        e.violations().size() + " violation(s); nothing was stored")
                .withViolations(e.violations())
                .toResponse();
    }
}

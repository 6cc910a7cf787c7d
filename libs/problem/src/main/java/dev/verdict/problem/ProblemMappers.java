package dev.verdict.problem;

import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.logging.Log;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure that reaches Quarkus REST to problem+json: bad input is a 4xx that says what to fix, an
 * unexpected failure is a 500 that says nothing about internals but carries a correlation id that is in the log.
 * Services add mappers for their own domain exceptions (built on {@link Problem}); the most specific mapper wins.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of("forbidden", "Forbidden", 403, "your roles do not allow this operation")
                .toResponse();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return Problem.of("unauthorized", "Unauthorized", 401, "a valid bearer token is required")
                .toResponseBuilder()
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    /** Argument checks in resources and services ({@code limit must be between 1 and 500}) are the caller's fault. */
    @ServerExceptionMapper
    public Response badArgument(IllegalArgumentException e) {
        return Problem.of("bad-request", "Bad request", 400, e.getMessage()).toResponse();
    }

    /** Unmatched routes (404), wrong method (405), media types (406, 415) and whatever resources throw. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            return internal(e);
        }
        if (status == 400 && e.getCause() instanceof JsonProcessingException j) {
            return json(j); // Quarkus' JSON reader wraps parse errors; keep their position
        }
        Response.ResponseBuilder out = Problem.of(
                        "http-" + status, original.getStatusInfo().getReasonPhrase(), status, webDetail(e, status))
                .toResponseBuilder();
        // The headers that tell a client how to retry correctly survive the mapping.
        for (String name : List.of(HttpHeaders.ALLOW, HttpHeaders.WWW_AUTHENTICATE, HttpHeaders.RETRY_AFTER)) {
            String value = original.getHeaderString(name);
            if (value != null) {
                out.header(name, value);
            }
        }
        return out.build();
    }

    /**
     * Jackson's own input errors (Quarkus ships a mapper for this exact class, so ours must name it to win):
     * a body that does not fit the target type is a 400 that names the field.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    /** Malformed JSON (and any other Jackson read error) is a 400 with the line and column of the fault. */
    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        if (e instanceof JsonGenerationException || e instanceof InvalidDefinitionException) {
            return internal(e); // our serialization or our types are broken, not the caller's input
        }
        String path = e instanceof JsonMappingException m ? pointer(m.getPath()) : "";
        JsonLocation loc = e.getLocation();
        Integer line = loc != null && loc.getLineNr() > 0 ? loc.getLineNr() : null;
        Integer column = loc != null && loc.getColumnNr() > 0 ? loc.getColumnNr() : null;
        String message = jsonMessage(e);
        return Problem.of("malformed-json", "Body is not valid JSON for this request", 400, message)
                .withViolations(List.of(new Violation(path, line, column, message)))
                .toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        String unstorable = unstorableValue(e);
        if (unstorable != null) {
            return Problem.of("unstorable-value", "A value cannot be stored", 422, unstorable)
                    .toResponse();
        }
        return internal(e);
    }

    /**
     * The database's refusal of a value the request carried (SQLSTATE class 22, data exception: a NUL character in
     * text, a number out of range, a string too long), anywhere in the cause chain; the transaction was rolled back,
     * so nothing of the request was written. Null for anything else.
     */
    static String unstorableValue(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("22")) {
                String message = String.valueOf(sql.getMessage())
                        .lines()
                        .findFirst()
                        .orElse("")
                        .strip();
                String hint =
                        sql.getSQLState().equals("22021") || sql.getSQLState().equals("22P05")
                                ? "; text must not contain NUL characters (\\u0000)"
                                : "";
                Log.infof("request refused by the database (SQLSTATE %s): %s", sql.getSQLState(), message);
                return "a value of the request cannot be stored: " + message + hint;
            }
        }
        return null;
    }

    /** 500 without internals; the correlation id links the caller's report to the logged stack trace. */
    static Response internal(Throwable e) {
        String id = UUID.randomUUID().toString();
        Log.errorf(e, "unexpected failure [correlationId=%s]", id);
        return Problem.of(
                        "internal",
                        "Internal error",
                        500,
                        "an unexpected error occurred; quote correlation id " + id + " when reporting it")
                .with("correlationId", id)
                .toResponse();
    }

    private static String webDetail(WebApplicationException e, int status) {
        String msg = e.getMessage();
        // Framework-thrown exceptions carry only "HTTP 404 Not Found"; say something useful instead.
        if (msg != null && !msg.isBlank() && !msg.startsWith("HTTP " + status)) {
            return msg;
        }
        return switch (status) {
            case 404 -> "no resource at this path";
            case 405 -> "this method is not allowed on this resource; see the Allow header";
            case 406 -> "the resource cannot produce any media type listed in Accept";
            case 415 -> "the resource does not accept this Content-Type";
            default -> e.getResponse().getStatusInfo().getReasonPhrase();
        };
    }

    /** Messages without Java type names: the caller needs the field and the fault, not our classes. */
    private static String jsonMessage(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown property '" + u.getPropertyName() + "'";
        }
        if (e instanceof InvalidFormatException f) {
            return "value '" + f.getValue() + "' has the wrong format for " + typeName(f.getTargetType());
        }
        if (e instanceof MismatchedInputException m) {
            return m.getTargetType() == null
                    ? "the body does not have the expected structure"
                    : "expected " + typeName(m.getTargetType()) + " here";
        }
        return "malformed JSON: " + e.getOriginalMessage();
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "this field";
        }
        if (type == String.class || type.isEnum()) {
            return type.isEnum() ? "one of " + List.of(type.getEnumConstants()) : "a string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isArray() || Iterable.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** Jackson's reference path as an RFC 6901 JSON pointer ({@code /items/0/name}). */
    static String pointer(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            sb.append('/');
            if (r.getFieldName() != null) {
                sb.append(r.getFieldName().replace("~", "~0").replace("/", "~1"));
            } else if (r.getIndex() >= 0) {
                sb.append(r.getIndex());
            }
        }
        return sb.toString();
    }
}

package dev.verdict.events;

import java.util.Objects;

/**
 * A payload that is not a Verdict event this process can read. {@link #reason()} says which rule it broke, so a
 * consumer can decide what to do (park it, alert, skip) without parsing messages.
 */
public class EventFormatException extends RuntimeException {

    /** Why a payload was rejected. */
    public enum Reason {
        /** Not JSON, or not a JSON object. */
        MALFORMED_JSON,
        /** A required attribute (specversion, id, source, type, time, data) is absent. */
        MISSING_ATTRIBUTE,
        /** An attribute is present but invalid (wrong JSON type, id not a UUID, bad source, bad time...). */
        INVALID_ATTRIBUTE,
        /** {@code specversion} is not {@code 1.0}. */
        UNSUPPORTED_SPEC_VERSION,
        /** The {@code type} is not registered here (nor any other version of it). */
        UNKNOWN_TYPE,
        /** Another version of the {@code type} is registered, not this one (e.g. a {@code .v2} we cannot read yet). */
        UNKNOWN_VERSION,
        /** {@code data} does not bind to the type's record (or data content type is not JSON). */
        INVALID_DATA
    }

    private final Reason reason;
    private final String eventId;
    private final String eventType;

    public EventFormatException(Reason reason, String message, String eventId, String eventType, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.eventId = eventId;
        this.eventType = eventType;
    }

    public EventFormatException(Reason reason, String message) {
        this(reason, message, null, null, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The event's {@code id} if it could be read, else {@code null}. */
    public String eventId() {
        return eventId;
    }

    /** The event's {@code type} if it could be read, else {@code null}. */
    public String eventType() {
        return eventType;
    }
}

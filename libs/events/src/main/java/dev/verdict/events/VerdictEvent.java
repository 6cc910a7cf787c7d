package dev.verdict.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One Verdict event: the CloudEvents 1.0 context attributes Verdict uses plus its typed {@code data}. Valid by
 * construction, so a {@code VerdictEvent} decoded from the wire and one built in code obey the same rules.
 *
 * @param id      unique per event; consumers use it as the idempotency key (inbox)
 * @param source  {@code /verdict/<service>}
 * @param type    {@code dev.verdict.<area>.<event>.v<N>}
 * @param subject what the event is about (a catalog entity ref, a decision id...); may be {@code null}
 * @param time    when the change happened (microsecond precision: what PostgreSQL stores)
 * @param data    the event's record
 */
public record VerdictEvent<T>(UUID id, String source, String type, String subject, Instant time, T data) {

    static final String SOURCE_PREFIX = "/verdict/";
    private static final Pattern SERVICE = Pattern.compile("^[a-z][a-z0-9-]{0,62}$");

    /**
     * Sources and types already checked: a platform has a few dozen of each, and the two regexes were a seventh of
     * decoding an event. Bounded, so a stream of made-up values cannot grow it.
     */
    private static final Set<String> CHECKED = ConcurrentHashMap.newKeySet();

    private static final int CHECKED_LIMIT = 4_096;

    public VerdictEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
        if (!CHECKED.contains(source)) {
            if (!source.startsWith(SOURCE_PREFIX)
                    || !SERVICE.matcher(source.substring(SOURCE_PREFIX.length()))
                            .matches()) {
                throw new IllegalArgumentException(
                        "source '" + source + "' is not /verdict/<service> (lower-case service name)");
            }
            remember(source);
        }
        // a type cannot be mistaken for a source: one starts with '/', the other with "dev."
        if (!CHECKED.contains(type)) {
            if (EventType.parse(type) == null) {
                throw new IllegalArgumentException(
                        "type '" + type + "' does not match dev.verdict.<area>.<event>.v<N>");
            }
            remember(type);
        }
        if (subject != null && subject.isBlank()) {
            throw new IllegalArgumentException("subject must be null or non-blank");
        }
    }

    private static void remember(String checked) {
        if (CHECKED.size() < CHECKED_LIMIT) {
            CHECKED.add(checked);
        }
    }

    /**
     * A new event with a random id and the current time.
     *
     * @param service the producing service, e.g. {@code catalog-service}; becomes {@code /verdict/<service>}
     */
    public static <T> VerdictEvent<T> create(EventType<T> type, String service, String subject, T data) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (!type.dataClass().isInstance(data)) {
            throw new IllegalArgumentException("data of " + type.name() + " must be a "
                    + type.dataClass().getName() + ", not " + data.getClass().getName());
        }
        return new VerdictEvent<>(
                UUID.randomUUID(),
                SOURCE_PREFIX + service,
                type.name(),
                subject,
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                data);
    }

    /**
     * This event with another id: for a producer whose event ids are derived from what they report, so that a later
     * event can refer to this one (e.g. {@code EvidenceReported#supersedes}).
     */
    public VerdictEvent<T> withId(UUID newId) {
        return new VerdictEvent<>(newId, source, type, subject, time, data);
    }

    /** The service part of {@link #source()}. */
    public String service() {
        return source.substring(SOURCE_PREFIX.length());
    }

    /** This event's data as {@code type}'s record if this event is of that type (lets consumers dispatch safely). */
    public <D> Optional<D> dataAs(EventType<D> eventType) {
        if (eventType.name().equals(type) && eventType.dataClass().isInstance(data)) {
            return Optional.of(eventType.dataClass().cast(data));
        }
        return Optional.empty();
    }

    public boolean is(EventType<?> eventType) {
        return eventType.name().equals(type);
    }
}

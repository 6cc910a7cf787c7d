package dev.verdict.events;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A typed event type: the CloudEvents {@code type} string ({@code dev.verdict.<area>.<event>.v<N>}) bound to the
 * Java record that is its {@code data}. Declare one constant per event type next to its record and list it in
 * {@link EventTypes}.
 *
 * @param name      the CloudEvents {@code type}, e.g. {@code dev.verdict.catalog.entity-registered.v1}
 * @param dataClass the record class of {@code data}
 */
public record EventType<T>(String name, Class<T> dataClass) {

    /**
     * {@code dev.verdict.} + area + one or more event-name segments + {@code .v} + version. Segments are lower-case
     * words with digits and dashes, so types read the same in every language and every log.
     */
    static final Pattern NAME =
            Pattern.compile("^dev\\.verdict\\.([a-z][a-z0-9-]*)((?:\\.[a-z][a-z0-9-]*)+)\\.v([1-9][0-9]{0,3})$");

    public EventType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataClass, "dataClass");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("event type '" + name
                    + "' does not match dev.verdict.<area>.<event>.v<N> (lower-case segments, version >= 1)");
        }
    }

    public static <T> EventType<T> of(String name, Class<T> dataClass) {
        return new EventType<>(name, dataClass);
    }

    /** The area segment, e.g. {@code catalog}. */
    public String area() {
        return parse(name).area;
    }

    /** The type without its version suffix, e.g. {@code dev.verdict.catalog.entity-registered}. */
    public String unversionedName() {
        return parse(name).unversioned;
    }

    /** The version number, e.g. 1 for {@code ...v1}. */
    public int version() {
        return parse(name).version;
    }

    /** Parts of a well-formed type name, or {@code null} if {@code type} is not one. */
    static Parsed parse(String type) {
        if (type == null) {
            return null;
        }
        Matcher m = NAME.matcher(type);
        if (!m.matches()) {
            return null;
        }
        String unversioned = type.substring(0, type.lastIndexOf(".v"));
        return new Parsed(m.group(1), unversioned, Integer.parseInt(m.group(3)));
    }

    record Parsed(String area, String unversioned, int version) {}
}

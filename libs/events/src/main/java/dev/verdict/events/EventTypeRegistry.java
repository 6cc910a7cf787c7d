package dev.verdict.events;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which {@code type} strings this process can read, and the record class of each one's {@code data}. Immutable.
 * The platform's list is {@link EventTypes#registry()}; tests and tools build their own.
 */
public final class EventTypeRegistry {

    private final Map<String, EventType<?>> byName;

    private EventTypeRegistry(Map<String, EventType<?>> byName) {
        this.byName = Map.copyOf(byName);
    }

    public static EventTypeRegistry of(EventType<?>... types) {
        Builder b = builder();
        for (EventType<?> t : types) {
            b.register(t);
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<EventType<?>> find(String type) {
        return Optional.ofNullable(byName.get(type));
    }

    public boolean contains(String type) {
        return byName.containsKey(type);
    }

    public Collection<EventType<?>> types() {
        return byName.values();
    }

    /** Registered versions of the same unversioned type as {@code type} (e.g. {@code [1]} for a {@code .v2}). */
    Set<Integer> versionsOf(String type) {
        EventType.Parsed wanted = EventType.parse(type);
        Set<Integer> versions = new TreeSet<>();
        if (wanted == null) {
            return versions;
        }
        for (EventType<?> t : byName.values()) {
            if (t.unversionedName().equals(wanted.unversioned())) {
                versions.add(t.version());
            }
        }
        return versions;
    }

    /** A copy of this registry plus {@code more}. */
    public EventTypeRegistry with(EventType<?>... more) {
        Builder b = builder();
        byName.values().forEach(b::register);
        for (EventType<?> t : more) {
            b.register(t);
        }
        return b.build();
    }

    public static final class Builder {
        private final Map<String, EventType<?>> byName = new LinkedHashMap<>();

        public Builder register(EventType<?> type) {
            EventType<?> previous = byName.putIfAbsent(type.name(), type);
            if (previous != null && !previous.equals(type)) {
                throw new IllegalArgumentException("event type " + type.name() + " registered twice, with "
                        + previous.dataClass().getName() + " and "
                        + type.dataClass().getName());
            }
            return this;
        }

        public <T> Builder register(String name, Class<T> dataClass) {
            return register(EventType.of(name, dataClass));
        }

        public EventTypeRegistry build() {
            return new EventTypeRegistry(byName);
        }
    }
}

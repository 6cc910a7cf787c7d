package dev.verdict.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventModelTest {

    record Payload(String v) {}

    @Test
    void eventTypeNamesFollowTheConvention() {
        EventType<Payload> t = EventType.of("dev.verdict.deploy.canary.judged.v12", Payload.class);
        assertThat(t.area()).isEqualTo("deploy");
        assertThat(t.unversionedName()).isEqualTo("dev.verdict.deploy.canary.judged");
        assertThat(t.version()).isEqualTo(12);

        for (String bad : new String[] {
            "dev.verdict.deploy.v1",
            "dev.verdict.Deploy.started.v1",
            "dev.verdict.deploy.started",
            "dev.verdict.deploy.started.v0",
            "com.example.deploy.started.v1",
            "dev.verdict.deploy.started.v1 "
        }) {
            assertThatThrownBy(() -> EventType.of(bad, Payload.class))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad);
        }
    }

    @Test
    void createFillsIdSourceAndTime() {
        EventType<Payload> t = EventType.of("dev.verdict.catalog.entity-registered.v1", Payload.class);
        Instant before = Instant.now().minusSeconds(1);
        VerdictEvent<Payload> e = VerdictEvent.create(t, "catalog-service", "component:default/x", new Payload("p"));
        assertThat(e.source()).isEqualTo("/verdict/catalog-service");
        assertThat(e.type()).isEqualTo(t.name());
        assertThat(e.time()).isAfter(before).isBeforeOrEqualTo(Instant.now());
        assertThat(e.time().getNano() % 1000).as("microsecond precision").isZero();
        assertThat(e.is(t)).isTrue();
        assertThat(VerdictEvent.create(t, "catalog-service", null, new Payload("p"))
                        .id())
                .isNotEqualTo(e.id());
    }

    @Test
    void invalidEventsCannotBeBuilt() {
        EventType<Payload> t = EventType.of("dev.verdict.catalog.entity-registered.v1", Payload.class);
        assertThatThrownBy(() -> VerdictEvent.create(t, "Catalog Service", null, new Payload("p")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source");
        assertThatThrownBy(() -> new VerdictEvent<>(UUID.randomUUID(), "/verdict/x", "bad", null, Instant.now(), "d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type");
        assertThatThrownBy(
                        () -> new VerdictEvent<>(UUID.randomUUID(), "/verdict/x", t.name(), null, Instant.now(), null))
                .isInstanceOf(NullPointerException.class);
        @SuppressWarnings({"rawtypes", "unchecked"})
        EventType<Object> raw = (EventType) t;
        assertThatThrownBy(() -> VerdictEvent.create(raw, "x", null, "not a payload"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Payload");
    }

    @Test
    void registryRejectsConflictingRegistrations() {
        EventType<Payload> a = EventType.of("dev.verdict.catalog.a.v1", Payload.class);
        EventType<String> clash = EventType.of("dev.verdict.catalog.a.v1", String.class);
        assertThat(EventTypeRegistry.of(a, a).types()).hasSize(1);
        assertThatThrownBy(() -> EventTypeRegistry.of(a, clash))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registered twice");
        EventTypeRegistry r = EventTypeRegistry.of(a).with(EventType.of("dev.verdict.catalog.a.v2", Payload.class));
        assertThat(r.versionsOf("dev.verdict.catalog.a.v3")).containsExactly(1, 2);
        assertThat(r.contains("dev.verdict.catalog.a.v2")).isTrue();
    }

    @Test
    void topicsAreDistinctAndVersioned() {
        assertThat(new HashSet<>(Topics.ALL)).hasSize(6);
        assertThat(Topics.ALL).allMatch(t -> t.matches("verdict\\.[a-z]+\\.v1"));
        assertThat(Topics.ALL)
                .contains(
                        "verdict.catalog.v1",
                        "verdict.deploy.v1",
                        "verdict.experiments.v1",
                        "verdict.benchmarks.v1",
                        "verdict.telemetry.v1",
                        "verdict.decisions.v1");
    }

    @Test
    void platformRegistryIsConsistent() {
        // Every registered type must be well formed and its data class a record (immutable, Jackson-friendly).
        for (EventType<?> t : EventTypes.registry().types()) {
            assertThat(t.dataClass().isRecord()).as(t.name()).isTrue();
        }
        assertThat(EventCodec.platform().registry()).isSameAs(EventTypes.registry());
    }

    @Test
    void everyEventTypeOfThisModuleIsInThePlatformRegistryWithASingularArea() throws Exception {
        // every public static EventType constant under dev.verdict.events (found by walking the compiled classes)
        java.nio.file.Path root = java.nio.file.Path.of(EventTypes.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<EventType<?>> declared = new java.util.ArrayList<>();
        try (java.util.stream.Stream<java.nio.file.Path> files =
                java.nio.file.Files.walk(root.resolve("dev/verdict/events"))) {
            for (java.nio.file.Path f :
                    files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = root.relativize(f)
                        .toString()
                        .replace(java.io.File.separatorChar, '.')
                        .replaceAll("\\.class$", "");
                for (java.lang.reflect.Field field : Class.forName(name).getDeclaredFields()) {
                    int m = field.getModifiers();
                    if (java.lang.reflect.Modifier.isStatic(m)
                            && java.lang.reflect.Modifier.isPublic(m)
                            && field.getType() == EventType.class) {
                        declared.add((EventType<?>) field.get(null));
                    }
                }
            }
        }
        assertThat(declared)
                .extracting(EventType::name)
                .contains(
                        "dev.verdict.benchmark.comparison-completed.v1",
                        "dev.verdict.benchmark.evidence-reported.v1",
                        "dev.verdict.decision.evidence-status-changed.v1");
        assertThat(EventTypes.registry().types()).containsAll(declared);
        assertThat(EventTypes.registry().types()).hasSameSizeAs(declared);
        for (EventType<?> t : EventTypes.registry().types()) {
            assertThat(EventTypes.AREAS).as(t.name()).contains(t.area());
        }
        assertThat(EventTypes.registry().contains("dev.verdict.benchmarks.evidence-reported.v1"))
                .isFalse();
    }
}

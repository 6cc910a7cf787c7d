package dev.verdict.launcher.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceModuleTest {

    private static final String POM = """
            <project>
              <!-- <modules><module>ui</module></modules> in a comment does not count -->
              <modules>
                <module>libs/events</module>
                <module>ui</module>
                <!-- <module>deploy-orchestrator</module> -->
                <module> catalog-service/ </module>
                <module>infra/launcher</module>
              </modules>
              <profiles><profile><modules><module>decision-records</module></modules></profile></profiles>
            </project>
            """;

    @Test
    void readsTheFirstModulesSectionIgnoringComments() {
        assertThat(ServiceModule.modulesOf(POM))
                .containsExactly("libs/events", "ui", "catalog-service", "infra/launcher");
    }

    @Test
    void presentServicesKeepStartOrderPortalLast() {
        assertThat(ServiceModule.present(POM)).extracting(ServiceModule::name).containsExactly("catalog-service", "ui");
    }

    @Test
    void eachServiceHasItsPortAndDatabase() {
        ServiceModule catalog = ServiceModule.byName().get("catalog-service");
        assertThat(catalog.port()).isEqualTo(8081);
        assertThat(catalog.jdbcUrl(15432)).isEqualTo("jdbc:postgresql://localhost:15432/catalog");
        assertThat(ServiceModule.databases()).containsExactly("catalog", "deploy", "decisions");
    }

    @Test
    void servicesGetTheContractEnvironment() {
        var env = ServiceComponent.environment(ServiceModule.byName().get("decision-records"));
        assertThat(env)
                .containsEntry("VERDICT_DB_URL", "jdbc:postgresql://localhost:15432/decisions")
                .containsEntry("VERDICT_KAFKA_BOOTSTRAP", "localhost:19092")
                .containsEntry("VERDICT_OIDC_URL", "http://localhost:8180/realms/verdict")
                .containsEntry("QUARKUS_HTTP_PORT", "8083")
                .containsEntry("VERDICT_OIDC_CLIENT_ID", "decision-records")
                .containsEntry("VERDICT_CATALOG_SERVICE_URL", "http://localhost:8081")
                .containsKeys("VERDICT_DB_USER", "VERDICT_DB_PASSWORD");
        assertThat(ServiceComponent.environment(ServiceModule.byName().get("ui")))
                .doesNotContainKeys("VERDICT_OIDC_CLIENT_SECRET", "VERDICT_DB_URL")
                .containsEntry("VERDICT_DECISION_RECORDS_URL", "http://localhost:8083");
    }

    @Test
    void theCatalogRunsOnItsMeasuredMemoryFlagsAndOthersOnTheDefaults() {
        var byName = ServiceModule.byName();
        assertThat(byName.get("catalog-service").jvmFlags())
                .contains("-Xmx128m", "-XX:+UseSerialGC", "-XX:-ShrinkHeapInSteps");
        assertThat(byName.get("decision-records").jvmFlags()).containsExactly("-Xms32m", "-Xmx256m");
        assertThat(ServiceComponent.environment(byName.get("catalog-service"))).containsEntry("MALLOC_ARENA_MAX", "2");
    }

    @Test
    void nativeHeapTrimmingOnlyOnJvmsThatKnowTheFlag() {
        assertThat(ServiceModule.catalogJvmFlags(Runtime.Version.parse("17.0.15")))
                .contains("-XX:TrimNativeHeapInterval=10000");
        assertThat(ServiceModule.catalogJvmFlags(Runtime.Version.parse("17.0.8")))
                .noneMatch(f -> f.contains("TrimNativeHeap"));
        assertThat(ServiceModule.trimsNativeHeap(Runtime.Version.parse("21"))).isFalse();
        assertThat(ServiceModule.trimsNativeHeap(Runtime.Version.parse("21.0.1")))
                .isTrue();
        assertThat(ServiceModule.trimsNativeHeap(Runtime.Version.parse("25"))).isTrue();
    }
}

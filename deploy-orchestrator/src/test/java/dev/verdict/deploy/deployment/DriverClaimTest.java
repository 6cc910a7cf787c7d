package dev.verdict.deploy.deployment;

import static dev.verdict.deploy.deployment.DeployFixture.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.deploy.deployment.engine.DeploymentDriver;
import dev.verdict.deploy.deployment.store.DeploymentStore;
import dev.verdict.testing.KeycloakAdmin;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What keeps two replicas from driving one deployment: the background driver is off here, and the test calls
 * {@link DeploymentDriver#round()} itself, as a second (and third) replica would, against the real PostgreSQL. A round
 * skips a deployment whose row another transaction holds, and rounds racing each other start its placements once.
 */
@QuarkusTest
@TestProfile(NoBackgroundDriver.class)
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "deploy"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "deploy-orchestrator"))
class DriverClaimTest {

    @Inject
    DeploymentDriver driver;

    @Inject
    DeploymentStore store;

    @Test
    void aRoundSkipsADeploymentAnotherTransactionHoldsAndRacingRoundsStartItOnce() throws Exception {
        KeycloakAdmin.join("engineer", "payments-team");
        DeployFixture.announce("component:default/claim-api", "group:default/payments-team");
        UUID id = UUID.fromString(as("engineer")
                .body("{\"component\": \"claim-api\", \"version\": \"1.0.0\", \"artifact\": "
                        + DeployFixture.artifactJson() + "}")
                .post("/api/deployments")
                .then()
                .statusCode(201)
                .extract()
                .path("summary.id"));

        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            // another replica is in the middle of a transition of this deployment: it holds the row
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> holder =
                    pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                        assertThat(store.tryLock(id)).isPresent();
                        held.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            driver.round();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0))
                    .as("the round skipped the locked row instead of waiting for it")
                    .isLessThan(10);
            assertThat(status(id)).isEqualTo("PENDING");
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);

            // three "replicas" race: the placements are started once, by whichever claimed the row
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> racers = List.of(pool.submit(() -> race(go)), pool.submit(() -> race(go)));
            go.countDown();
            driver.round();
            for (Future<?> f : racers) {
                f.get(60, TimeUnit.SECONDS);
            }
            for (int i = 0; i < 100 && !"PROMOTED".equals(status(id)); i++) {
                Thread.sleep(300);
                driver.round();
            }
            assertThat(status(id)).isEqualTo("PROMOTED");
            List<String> kinds = as("viewer")
                    .get("/api/deployments/" + id + "/timeline")
                    .then()
                    .extract()
                    .jsonPath()
                    .getList("items.kind");
            assertThat(kinds.stream().filter("STARTED"::equals).count()).isEqualTo(1);
            assertThat(kinds.stream().filter("PROMOTED"::equals).count()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private Void race(CountDownLatch go) throws InterruptedException {
        go.await();
        driver.round();
        return null;
    }

    static String status(UUID id) {
        return as("viewer").get("/api/deployments/" + id).then().extract().path("summary.status");
    }
}

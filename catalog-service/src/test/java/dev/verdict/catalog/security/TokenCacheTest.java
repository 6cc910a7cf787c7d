package dev.verdict.catalog.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.verdict.runtime.keycloak.KeycloakTokens;
import dev.verdict.security.CachingTokenIdentityProvider;
import dev.verdict.testing.KeycloakAdmin;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verified-token cache (libs/security) on the real Keycloak: a cached token still gets its own roles and its
 * own request, an expired token is refused although it was cached, a token with a changed signature or payload is
 * refused and never cached, and concurrent callers never receive each other's identity.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "catalog"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "catalog-service"))
class TokenCacheTest {

    static final String SHORT_LIVED_CLIENT = "token-cache-test-cli";

    @Inject
    CachingTokenIdentityProvider provider;

    @TestHTTPResource("/test/identity")
    URI probe;

    @BeforeEach
    void emptyCache() {
        provider.cache().clear();
    }

    @Test
    void repeatedTokensAreServedFromTheCacheWithTheirOwnRolesAndRequest() {
        String viewer = KeycloakResource.accessToken("viewer");
        String admin = KeycloakResource.accessToken("admin");
        long hitsBefore = provider.cache().hits();
        for (int i = 0; i < 5; i++) {
            given().auth()
                    .oauth2(viewer)
                    .header("X-Probe", "v" + i)
                    .get("/test/identity")
                    .then()
                    .statusCode(200)
                    .body("name", equalTo("viewer"))
                    .body("roles", not(hasItem("engineer")))
                    .body("probe", equalTo("v" + i));
            given().auth()
                    .oauth2(admin)
                    .header("X-Probe", "a" + i)
                    .get("/test/identity")
                    .then()
                    .statusCode(200)
                    .body("name", equalTo("admin"))
                    .body("roles", hasItem("admin"))
                    .body("probe", equalTo("a" + i));
            // role checks still apply to a cached identity
            given().auth()
                    .oauth2(viewer)
                    .contentType("application/json")
                    .body("{}")
                    .post("/api/entities")
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
        }
        assertThat(provider.cache().size()).isEqualTo(2);
        assertThat(provider.cache().hits() - hitsBefore).isGreaterThanOrEqualTo(13); // 15 requests, 2 verifications
    }

    @Test
    void tamperedTokensAreRefusedAndNeverCached() {
        String viewer = KeycloakResource.accessToken("viewer");
        given().auth().oauth2(viewer).get("/test/identity").then().statusCode(200);
        assertThat(provider.cache().size()).isEqualTo(1);

        String[] parts = viewer.split("\\.");
        // another signature over the same header and payload
        char[] sig = parts[2].toCharArray();
        int mid = sig.length / 2;
        sig[mid] = sig[mid] == 'A' ? 'B' : 'A';
        String badSignature = parts[0] + "." + parts[1] + "." + new String(sig);
        // the same signature over a payload that grants admin
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(payload).contains("\"viewer\"");
        String forged = payload.replace("\"viewer\"", "\"admin\"");
        String badPayload = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];

        for (String token : List.of(badSignature, badPayload, badSignature)) {
            given().auth()
                    .oauth2(token)
                    .get("/test/identity")
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("status", equalTo(401))
                    .body("type", equalTo("https://verdict.dev/problems/unauthorized"))
                    .body("detail", containsString("not valid"));
        }
        given().auth()
                .oauth2(badPayload)
                .delete("/api/entities/by-ref/component/default/nothing")
                .then()
                .statusCode(401);
        assertThat(provider.cache().size()).isEqualTo(1);
        given().auth()
                .oauth2(viewer)
                .get("/test/identity")
                .then()
                .statusCode(200)
                .body("name", equalTo("viewer"));
    }

    @Test
    void anExpiredTokenIsRefusedEvenThoughItWasCached() throws Exception {
        String token = KeycloakTokens.passwordGrant(
                KeycloakResource.realmUrl(), shortLivedClient(), "engineer", "engineer-demo");
        long exp = claim(token, "exp");
        long iat = claim(token, "iat");
        assertThat(exp - iat).isLessThanOrEqualTo(3);
        given().auth()
                .oauth2(token)
                .get("/test/identity")
                .then()
                .statusCode(200)
                .body("name", equalTo("engineer"));
        given().auth().oauth2(token).get("/test/identity").then().statusCode(200);
        assertThat(provider.cache().size()).isEqualTo(1);

        long waitMs = exp * 1000 - System.currentTimeMillis() + 1100;
        if (waitMs > 0) {
            Thread.sleep(waitMs);
        }
        given().auth()
                .oauth2(token)
                .get("/test/identity")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("not valid"));
        assertThat(provider.cache().size()).isZero();
    }

    @Test
    void concurrentCallersNeverSeeEachOthersIdentity() throws Exception {
        List<String> users = List.of("viewer", "engineer", "architect", "admin");
        Map<String, String> tokens = new java.util.HashMap<>();
        for (String u : users) {
            tokens.put(u, KeycloakResource.accessToken(u));
        }
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit((Callable<List<String>>) () -> {
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < 60; i++) {
                        String user = users.get((thread + i) % users.size());
                        String id = thread + "-" + i;
                        HttpResponse<String> r = http.send(
                                HttpRequest.newBuilder(probe)
                                        .header("X-Probe", id)
                                        .header("Authorization", "Bearer " + tokens.get(user))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200
                                || !r.body().contains("\"name\":\"" + user + "\"")
                                || !r.body().contains("\"probe\":\"" + id + "\"")) {
                            wrong.add(user + "/" + id + " -> " + r.statusCode() + " " + r.body());
                        }
                    }
                    return wrong;
                }));
            }
            List<String> wrong = new ArrayList<>();
            for (Future<List<String>> f : results) {
                wrong.addAll(f.get());
            }
            assertThat(wrong).isEmpty();
        } finally {
            pool.shutdownNow();
        }
        assertThat(provider.cache().size()).isEqualTo(users.size());
    }

    /** A public client of the verdict realm whose access tokens live 3 s (created once through the admin API). */
    static String shortLivedClient() {
        return KeycloakAdmin.shortLivedClient(SHORT_LIVED_CLIENT, 3);
    }

    static long claim(String jwt, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(KeycloakTokens.claimsJson(jwt));
        assertThat(m.find()).as(name + " in " + jwt).isTrue();
        return Long.parseLong(m.group(1));
    }
}

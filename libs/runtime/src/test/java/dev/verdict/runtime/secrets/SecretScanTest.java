package dev.verdict.runtime.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tokens, bearer headers and the realm's passwords and client secrets are found, and reported masked. */
class SecretScanTest {

    static final String REALM = """
            {"users": [{"username": "engineer", "credentials": [{"type": "password", "value": "engineer-demo"}]},
                       {"username": "bootstrap", "credentials": [{"type": "password", "value": "admin"}]}],
             "clients": [{"clientId": "catalog-service", "secret": "catalog-service-secret"},
                         {"clientId": "verdict-cli", "publicClient": true}]}""";

    static final String JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ.eyJzdWIiOiJlbmdpbmVlciIsImV4cCI6MX0."
            + "c2lnbmF0dXJlLW9mLWVub3VnaC1sZW5ndGgtdG8tY291bnQ";

    @Test
    void findsTokensAndTheRealmsSecretsAndMasksThem() throws Exception {
        SecretScan scan = SecretScan.of(new ObjectMapper().readTree(REALM));
        assertThat(scan.knownSecrets()).isEqualTo(2); // "admin" is too short to tell from ordinary words

        List<String> found = scan.find(
                "log",
                "12:00 INFO request with token " + JWT + "\n12:01 WARN login engineer/engineer-demo failed\n"
                        + "client_secret=catalog-service-secret\n");
        assertThat(found)
                .hasSize(3)
                .anyMatch(f -> f.startsWith("log: a signed token (JWT) at offset 30"))
                .anyMatch(f -> f.contains("a password or client secret") && f.contains("eng…13 chars"))
                .anyMatch(f -> f.contains("a password or client secret") && f.contains("cat…22 chars"));
        assertThat(String.join("\n", found))
                .doesNotContain(JWT)
                .doesNotContain("engineer-demo")
                .doesNotContain("catalog-service-secret");
        assertThat(scan.find("header", "Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123"))
                .singleElement()
                .asString()
                .contains("a bearer credential");
        assertThat(scan.find("log", "the admin signed in; tokens expire after 900 s; eyJ is how JSON starts"))
                .isEmpty();
    }
}

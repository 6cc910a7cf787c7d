package dev.verdict.launcher.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keycloak's login cookies as it sets them on the local stack, sent back as a browser would. */
class LoopbackCookiesTest {

    static final URI LOGIN = URI.create("http://localhost:8180/realms/verdict/protocol/openid-connect/auth?x=1");
    static final URI FORM = URI.create("http://localhost:8180/realms/verdict/login-actions/authenticate?code=1");

    @Test
    void secureCookiesGoBackToLocalhostOverHttpWithTheirValuesUnchangedAndOnlyUnderTheirPath() {
        LoopbackCookies jar = new LoopbackCookies();
        jar.put(
                LOGIN,
                Map.of(
                        "set-cookie",
                        List.of(
                                "AUTH_SESSION_ID=abc.def; Version=1; Path=/realms/verdict/; SameSite=None; Secure;"
                                        + " HttpOnly",
                                "KC_AUTH_SESSION_HASH=\"yjVD+/Hd=\"; Max-Age=60; Path=/realms/verdict/; Secure")));

        String cookie = jar.get(FORM, Map.of()).get("Cookie").get(0);
        assertThat(cookie).contains("AUTH_SESSION_ID=abc.def", "KC_AUTH_SESSION_HASH=\"yjVD+/Hd=\"");
        assertThat(jar.get(URI.create("http://localhost:8180/admin/"), Map.of()))
                .isEmpty();
        assertThat(jar.get(URI.create("http://example.test/realms/verdict/x"), Map.of()))
                .isEmpty();
    }

    @Test
    void aCookieSetWithMaxAgeZeroIsGone() {
        LoopbackCookies jar = new LoopbackCookies();
        jar.put(LOGIN, Map.of("Set-Cookie", List.of("KC_RESTART=x; Path=/realms/verdict/")));
        jar.put(LOGIN, Map.of("Set-Cookie", List.of("KC_RESTART=; Max-Age=0; Path=/realms/verdict/")));

        assertThat(jar.get(FORM, Map.of())).isEmpty();
    }
}

package dev.verdict.catalog.location.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RemoteUrlTest {

    @Test
    void userAndPasswordAreSplitOffAndHidden() {
        RemoteUrl u = RemoteUrl.parse("https://ci-bot:p%40ss-w0rd@git.example.com:8443/org/repo.git");
        assertThat(u.bare()).isEqualTo("https://git.example.com:8443/org/repo.git");
        assertThat(u.display()).isEqualTo("https://***@git.example.com:8443/org/repo.git");
        assertThat(u.user()).isEqualTo("ci-bot");
        assertThat(u.password()).isEqualTo("p@ss-w0rd");
        assertThat(u.hasCredentials()).isTrue();
        assertThat(u.toString()).doesNotContain("w0rd");
    }

    @Test
    void aTokenAsUserNameIsHiddenToo() {
        RemoteUrl u = RemoteUrl.parse("https://ghp_abcdef123456@git.example.com/org/repo.git");
        assertThat(u.user()).isEqualTo("ghp_abcdef123456");
        assertThat(u.password()).isNull();
        assertThat(u.display()).isEqualTo("https://***@git.example.com/org/repo.git");
        assertThat(u.scrub("failed: token ghp_abcdef123456 rejected")).isEqualTo("failed: token *** rejected");
    }

    @Test
    void urlsWithoutCredentialsStayAsTheyAre() {
        for (String s :
                new String[] {"https://git.example.com/org/repo.git", "file:///tmp/repo", "http://127.0.0.1:8080/x"}) {
            RemoteUrl u = RemoteUrl.parse(s);
            assertThat(u.display()).isEqualTo(s);
            assertThat(u.bare()).isEqualTo(s);
            assertThat(u.hasCredentials()).isFalse();
        }
    }

    @Test
    void scrubRemovesTheSecretAndAnyUserInfoInAText() {
        RemoteUrl u = RemoteUrl.parse("https://bot:hunter2-xyz@h/r.git");
        assertThat(u.scrub("https://bot:hunter2-xyz@h/r.git: not authorized (hunter2-xyz)"))
                .isEqualTo("https://***@h/r.git: not authorized (***)");
        assertThat(u.scrub("see http://other:pw@x/y and ftp://a@b/c"))
                .isEqualTo("see http://***@x/y and ftp://***@b/c");
        assertThat(u.scrub(null)).isNull();
    }
}

package dev.verdict.catalog.location.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against remotes that misbehave: they never answer, or the whole transfer is over its deadline. */
class GitFetcherTest {

    @TempDir
    Path tmp;

    @Test
    void aRemoteThatNeverAnswersFailsAfterTheGitTimeoutInsteadOfHanging() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            GitFetcher fetcher = new GitFetcher(tmp.resolve("cache"), Duration.ofSeconds(1), Duration.ofMinutes(5));
            RemoteUrl url = RemoteUrl.parse("http://bot:quiet-s3cret@127.0.0.1:" + silent.port() + "/r.git");
            // The bound only keeps a broken build from hanging forever; the fetcher's own timeout is 1 s.
            GitFetcher.GitFetchException e = assertTimeoutPreemptively(
                    Duration.ofSeconds(60),
                    () -> assertThrows(
                            GitFetcher.GitFetchException.class, () -> fetcher.fetch("k", url, "main", "**")));
            assertThat(e.getMessage())
                    .contains("no answer within 1 s (git-timeout)")
                    .contains("http://***@127.0.0.1:" + silent.port())
                    .doesNotContain("quiet-s3cret");
            assertThat(silent.connections()).as("the fetcher did connect").isPositive();
        }
    }

    @Test
    void aTransferOverItsDeadlineIsCancelled() throws Exception {
        Path repo = tmp.resolve("repo");
        try (Git git =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            for (int i = 0; i < 50; i++) {
                Files.createDirectories(repo.resolve("d" + i));
                Files.writeString(repo.resolve("d" + i + "/catalog-info.yaml"), "name: c" + i + "\n");
            }
            git.add().addFilepattern(".").call();
            git.commit()
                    .setMessage("m")
                    .setAuthor("t", "t@example.com")
                    .setCommitter("t", "t@example.com")
                    .call();
        }
        RemoteUrl url = RemoteUrl.parse(repo.toUri().toString());
        GitFetcher.GitFetchException e = assertThrows(
                GitFetcher.GitFetchException.class,
                () -> new GitFetcher(tmp.resolve("cache"), Duration.ofSeconds(30), Duration.ZERO)
                        .fetch("k", url, "main", "**"));
        assertThat(e.getMessage()).contains("(git-deadline), cancelled");
        // and with time to spare the same fetch works
        GitFetcher.Snapshot s = new GitFetcher(tmp.resolve("cache"), Duration.ofSeconds(30), Duration.ofMinutes(1))
                .fetch("k", url, "main", "**/catalog-info.yaml");
        assertThat(s.files()).hasSize(50);
    }

    @Test
    void anInvalidGlobIsRejectedUpFront() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GitFetcher.checkGlob("a/[b"));
        assertThat(e.getMessage()).contains("invalid path glob");
    }
}

package dev.verdict.decisions.gitmirror.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.decisions.config.DecisionsConfig;
import dev.verdict.security.Caller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mirror with a real remote (a bare repository on disk): clone at first use, push per commit, pull edits. */
class GitMirrorRemoteTest {

    @TempDir
    Path tmp;

    static DecisionsConfig config(Path repo, String remote) {
        return new DecisionsConfig() {
            public boolean evidenceGate() {
                return true;
            }

            public Git git() {
                return new Git() {
                    public boolean enabled() {
                        return true;
                    }

                    public String repository() {
                        return repo.toString();
                    }

                    public Optional<String> remote() {
                        return Optional.of(remote);
                    }

                    public String pullEvery() {
                        return "off";
                    }

                    public String pullDelay() {
                        return "10s";
                    }

                    public java.time.Duration timeout() {
                        return java.time.Duration.ofSeconds(10);
                    }

                    public int pushAttempts() {
                        return 3;
                    }

                    public String branch() {
                        return "main";
                    }
                };
            }

            public Consumers consumers() {
                return null;
            }

            public Staleness staleness() {
                return null;
            }
        };
    }

    @Test
    void anEmptyRemoteGetsTheFirstCommit() throws Exception {
        Path bare = tmp.resolve("empty.git");
        org.eclipse.jgit.api.Git.init()
                .setBare(true)
                .setDirectory(bare.toFile())
                .setInitialBranch("main")
                .call()
                .close();
        GitMirror mirror =
                new GitMirror(config(tmp.resolve("mirror2"), bare.toUri().toString()));
        // a sync against the empty remote is no error (it has no branch to fetch yet)
        assertThat(mirror.integrate().remoteReachable()).isTrue();
        mirror.commit(
                List.of(new GitMirror.FileChange("docs/decisions/0001-a.md", "one\n")),
                Caller.person("ada", "ada@example.com"),
                "ADR-0001: create");
        try (org.eclipse.jgit.api.Git g = org.eclipse.jgit.api.Git.open(bare.toFile())) {
            assertThat(g.getRepository().resolve("refs/heads/main")).isNotNull();
        }
    }

    @Test
    void commitsArePushedAndRemoteEditsPulled() throws Exception {
        Path bare = tmp.resolve("decisions.git");
        org.eclipse.jgit.api.Git.init()
                .setBare(true)
                .setDirectory(bare.toFile())
                .setInitialBranch("main")
                .call()
                .close();
        // seed the remote with one commit, as a team's existing repository would have
        Path seed = tmp.resolve("seed");
        try (org.eclipse.jgit.api.Git g = org.eclipse.jgit.api.Git.cloneRepository()
                .setURI(bare.toUri().toString())
                .setDirectory(seed.toFile())
                .call()) {
            Files.writeString(seed.resolve("README.md"), "# decisions\n");
            g.add().addFilepattern("README.md").call();
            g.commit()
                    .setMessage("init")
                    .setAuthor(new PersonIdent("Team", "team@example.com"))
                    .setSign(false)
                    .call();
            g.push()
                    .setRefSpecs(new org.eclipse.jgit.transport.RefSpec("HEAD:refs/heads/main"))
                    .call();
        }

        GitMirror mirror =
                new GitMirror(config(tmp.resolve("mirror"), bare.toUri().toString()));
        String id = mirror.commit(
                        List.of(new GitMirror.FileChange("docs/decisions/0001-a.md", "one\n")),
                        Caller.person("ada", "ada@example.com"),
                        "ADR-0001: create")
                .commit();
        assertThat(id).isNotNull();
        // nothing changed → no commit
        assertThat(mirror.commit(
                                List.of(new GitMirror.FileChange("docs/decisions/0001-a.md", "one\n")),
                                Caller.person("ada", "ada@example.com"),
                                "again")
                        .commit())
                .isNull();

        // the push reached the remote, authored by the user
        Path other = tmp.resolve("other");
        try (org.eclipse.jgit.api.Git g = org.eclipse.jgit.api.Git.cloneRepository()
                .setURI(bare.toUri().toString())
                .setDirectory(other.toFile())
                .call()) {
            assertThat(Files.readString(other.resolve("docs/decisions/0001-a.md")))
                    .isEqualTo("one\n");
            RevCommit head = g.log().setMaxCount(1).call().iterator().next();
            assertThat(head.getAuthorIdent().getName()).isEqualTo("ada");
            assertThat(head.getCommitterIdent().getName()).isEqualTo("decision-records");
            // a teammate edits in git and pushes
            Files.writeString(other.resolve("docs/decisions/0001-a.md"), "two\n");
            g.add().addFilepattern("docs/decisions/0001-a.md").call();
            g.commit()
                    .setMessage("edit")
                    .setAuthor(new PersonIdent("Bo", "bo@example.com"))
                    .setSign(false)
                    .call();
            g.push().call();
        }
        mirror.integrate();
        assertThat(new GitHistory(mirror)
                        .headFiles()
                        .get("docs/decisions/0001-a.md")
                        .content())
                .isEqualTo("two\n");
        assertThat(new GitHistory(mirror).lastAuthor("docs/decisions/0001-a.md").getName())
                .isEqualTo("Bo");
        assertThat(new GitHistory(mirror).headFiles()).doesNotContainKey("README.md");
    }
}

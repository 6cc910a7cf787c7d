package dev.verdict.decisions.gitmirror.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.security.Caller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror against a diverged remote: two clones of one bare repository (the mirror's and a teammate's), edits on
 * both sides. The mirror's side is made to diverge the way it does in production: its push fails while the remote is
 * unreachable (the bare repository is moved away), the teammate pushes meanwhile, then the remote comes back.
 */
class GitMirrorMergeTest {

    private static final String A = "docs/decisions/0001-a.md";
    private static final String B = "docs/decisions/0002-b.md";
    private static final Caller ADA = Caller.person("ada", "ada@example.com");

    @TempDir
    Path tmp;

    private Path bare;
    private Path away;
    private GitMirror mirror;
    private Git teammate;

    @BeforeEach
    void setUp() throws Exception {
        bare = tmp.resolve("decisions.git");
        away = tmp.resolve("moved-away.git");
        Git.init()
                .setBare(true)
                .setDirectory(bare.toFile())
                .setInitialBranch("main")
                .call()
                .close();
        mirror = new GitMirror(
                GitMirrorRemoteTest.config(tmp.resolve("mirror"), bare.toUri().toString()));
        assertThat(mirror.commit(
                                List.of(
                                        new GitMirror.FileChange(A, lines("a", 1, 10)),
                                        new GitMirror.FileChange(B, lines("b", 1, 10))),
                                ADA,
                                "seed")
                        .pushed())
                .isTrue();
        teammate = Git.cloneRepository()
                .setURI(bare.toUri().toString())
                .setDirectory(tmp.resolve("mate").toFile())
                .call();
    }

    private static String lines(String prefix, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i <= to; i++) {
            sb.append(prefix).append(" line ").append(i).append('\n');
        }
        return sb.toString();
    }

    /** Runs {@code whileAway} with the remote unreachable for the mirror; the teammate pushes to where it moved. */
    private <T> T remoteAway(Callable<T> whileAway) throws Exception {
        Files.move(bare, away);
        try {
            return whileAway.call();
        } finally {
            Files.move(away, bare);
        }
    }

    private String teammateCommits(String path, String content, String msg, boolean toMovedRemote) throws Exception {
        Path f = teammate.getRepository().getWorkTree().toPath().resolve(path);
        Files.writeString(f, content);
        teammate.add().addFilepattern(path).call();
        RevCommit c = teammate.commit()
                .setMessage(msg)
                .setAuthor(new PersonIdent("Bo", "bo@example.com"))
                .setSign(false)
                .call();
        teammate.push()
                .setRemote(toMovedRemote ? away.toUri().toString() : "origin")
                .setRefSpecs(new RefSpec("HEAD:refs/heads/main"))
                .call();
        return c.getName();
    }

    private String remoteFile(String path) throws Exception {
        Path check = Files.createTempDirectory(tmp, "check");
        try (Git g = Git.cloneRepository()
                .setURI(bare.toUri().toString())
                .setDirectory(check.toFile())
                .call()) {
            return Files.readString(check.resolve(path));
        }
    }

    @Test
    void filesChangedOnOneSideEachMergeCleanlyAndThePushCarriesBoth() throws Exception {
        String serviceA = lines("a", 1, 10).replace("a line 3", "a line 3 (service)");
        String teamB = lines("b", 1, 10).replace("b line 7", "b line 7 (team)");
        GitMirror.CommitOutcome o = remoteAway(() -> {
            GitMirror.CommitOutcome out = mirror.commit(List.of(new GitMirror.FileChange(A, serviceA)), ADA, "edit a");
            teammateCommits(B, teamB, "edit b", true);
            return out;
        });
        assertThat(o.commit()).isNotNull();
        assertThat(o.pushed()).as("remote was away").isFalse();
        assertThat(new GitHistory(mirror).localStatus().ahead()).isEqualTo(1);

        GitMirror.Integration in = mirror.integrate();

        assertThat(in.conflicts()).isEmpty();
        assertThat(in.pushed()).isTrue();
        assertThat(in.head()).isEqualTo(in.remoteHead());
        assertThat(new GitHistory(mirror).headFiles().get(A).content()).isEqualTo(serviceA);
        assertThat(new GitHistory(mirror).headFiles().get(B).content()).isEqualTo(teamB);
        assertThat(remoteFile(A)).isEqualTo(serviceA);
        assertThat(remoteFile(B)).isEqualTo(teamB);
        assertThat(new GitHistory(mirror).localStatus().ahead()).isZero();
        assertThat(new GitHistory(mirror).localStatus().behind()).isZero();
    }

    @Test
    void editsOfDifferentLinesOfOneFileMergeCleanly() throws Exception {
        String service = lines("a", 1, 10).replace("a line 2", "a line 2 (service)");
        String team = lines("a", 1, 10).replace("a line 9", "a line 9 (team)");
        remoteAway(() -> {
            mirror.commit(List.of(new GitMirror.FileChange(A, service)), ADA, "edit a top");
            return teammateCommits(A, team, "edit a bottom", true);
        });

        GitMirror.Integration in = mirror.integrate();

        assertThat(in.conflicts()).isEmpty();
        String merged = new GitHistory(mirror).headFiles().get(A).content();
        assertThat(merged).contains("a line 2 (service)").contains("a line 9 (team)");
        assertThat(remoteFile(A)).isEqualTo(merged);
    }

    @Test
    void editsOfTheSameLinesConflictGitWinsAndBothSidesAreReported() throws Exception {
        String service = lines("a", 1, 10).replace("a line 5", "a line 5 (service)");
        String team = lines("a", 1, 10).replace("a line 5", "a line 5 (team)");
        String[] ids = remoteAway(() -> {
            String ours = mirror.commit(List.of(new GitMirror.FileChange(A, service)), ADA, "service edit")
                    .commit();
            String theirs = teammateCommits(A, team, "team edit", true);
            return new String[] {ours, theirs};
        });

        GitMirror.Integration in = mirror.integrate();

        assertThat(in.conflicts()).hasSize(1);
        GitMirror.MergeConflict c = in.conflicts().get(0);
        assertThat(c.path()).isEqualTo(A);
        assertThat(c.oursCommit()).isEqualTo(ids[0]);
        assertThat(c.theirsCommit()).isEqualTo(ids[1]);
        assertThat(c.oursContent()).isEqualTo(service);
        assertThat(c.theirsContent()).isEqualTo(team);
        assertThat(new GitHistory(mirror).headFiles().get(A).content())
                .as("git wins in the file")
                .isEqualTo(team);
        assertThat(remoteFile(A)).isEqualTo(team);
        // the service's version is not lost: the merge commit has it as first parent, and the message names both
        try (Git g = Git.open(bare.toFile())) {
            RevCommit merge = g.log().setMaxCount(1).call().iterator().next();
            assertThat(merge.getParentCount()).isEqualTo(2);
            assertThat(merge.getParent(0).getName()).isEqualTo(ids[0]);
            assertThat(merge.getFullMessage())
                    .contains("Verdict-Conflict: " + A + " ours=" + ids[0] + " theirs=" + ids[1]);
        }
    }

    @Test
    void aRejectedPushIsRetriedAfterFetchAndMerge() throws Exception {
        // the teammate's commit is ready; a pre-push hook of the mirror's clone pushes it in the moment between the
        // mirror's fetch and its push, so the first push is rejected
        Path f = teammate.getRepository().getWorkTree().toPath().resolve(B);
        Files.writeString(f, lines("b", 1, 10).replace("b line 1", "b line 1 (team, racing)"));
        teammate.add().addFilepattern(B).call();
        String racing = teammate.commit()
                .setMessage("racing push")
                .setAuthor(new PersonIdent("Bo", "bo@example.com"))
                .setSign(false)
                .call()
                .getName();
        Path marker = tmp.resolve("hook-ran");
        Path hook = mirror.workTree().resolve(".git/hooks/pre-push");
        Files.createDirectories(hook.getParent());
        Files.writeString(
                hook,
                "#!/bin/sh\nunset GIT_DIR GIT_COMMON_DIR GIT_WORK_TREE GIT_INDEX_FILE\n" // JGit sets them
                        + "if [ ! -e '" + marker + "' ]; then touch '" + marker + "'; git -C '"
                        + teammate.getRepository().getWorkTree()
                        + "' push -q origin HEAD:refs/heads/main >/dev/null 2>&1; fi\n"
                        + "exit 0\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));

        String serviceA = lines("a", 1, 10).replace("a line 4", "a line 4 (service)");
        GitMirror.CommitOutcome o = mirror.commit(List.of(new GitMirror.FileChange(A, serviceA)), ADA, "edit a");

        assertThat(Files.exists(marker)).as("the racing push happened").isTrue();

        assertThat(o.pushed()).isTrue();
        assertThat(remoteFile(A)).isEqualTo(serviceA);
        assertThat(remoteFile(B)).contains("b line 1 (team, racing)");
        try (Git g = Git.open(bare.toFile())) {
            RevCommit head = g.log().setMaxCount(1).call().iterator().next();
            assertThat(head.getParentCount())
                    .as("merge of the racing commit and ours")
                    .isEqualTo(2);
            assertThat(List.of(head.getParent(0).getName(), head.getParent(1).getName()))
                    .contains(racing, o.commit());
        }
    }

    @Test
    void pushRetriesAreBoundedAndTheCommitStaysLocalForTheNextSync() throws Exception {
        // a teammate who pushes before every one of the mirror's pushes: each attempt is rejected
        Path count = tmp.resolve("hook-count");
        Path hook = mirror.workTree().resolve(".git/hooks/pre-push");
        Files.createDirectories(hook.getParent());
        Files.writeString(
                hook,
                "#!/bin/sh\nunset GIT_DIR GIT_COMMON_DIR GIT_WORK_TREE GIT_INDEX_FILE\necho x >> '"
                        + count + "'\ngit -C '" + teammate.getRepository().getWorkTree() + "'"
                        // an identity of its own: a new machine's home has no ~/.gitconfig, and git refuses to commit
                        // without
                        + " -c user.name=teammate -c user.email=teammate@example.com commit -q --allow-empty -m race"
                        + " && git -C '" + teammate.getRepository().getWorkTree()
                        + "' push -q origin HEAD:refs/heads/main"
                        + " >/dev/null 2>&1\nexit 0\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));

        String serviceA = lines("a", 1, 10).replace("a line 6", "a line 6 (service)");
        GitMirror.CommitOutcome o = mirror.commit(List.of(new GitMirror.FileChange(A, serviceA)), ADA, "edit a");

        assertThat(Files.readAllLines(count)).as("push-attempts = 3").hasSize(3);
        assertThat(o.commit()).isNotNull();
        assertThat(o.pushed()).isFalse();
        assertThat(remoteFile(A)).doesNotContain("(service)");
        assertThat(new GitHistory(mirror).localStatus().ahead()).isPositive();

        // the racing stops; the next sync pushes the commit
        Files.delete(hook);
        GitMirror.Integration in = mirror.integrate();
        assertThat(in.pushed()).isTrue();
        assertThat(in.conflicts()).isEmpty();
        assertThat(remoteFile(A)).isEqualTo(serviceA);
    }

    @Test
    void aWriteOverAnUnimportedGitEditIsRefused() throws Exception {
        String base = GitMirror.blobId(lines("a", 1, 10));
        teammateCommits(A, lines("a", 1, 10).replace("a line 1", "a line 1 (team)"), "team edit", false);
        assertThatThrownBy(() -> mirror.commit(
                        List.of(new GitMirror.FileChange(
                                A, lines("a", 1, 10).replace("a line 8", "a line 8 (service)"), base)),
                        ADA,
                        "stale write"))
                .isInstanceOf(GitChangedException.class)
                .hasMessageContaining(A);
        assertThat(remoteFile(A)).contains("a line 1 (team)").doesNotContain("(service)");
    }
}

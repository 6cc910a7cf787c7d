package dev.verdict.decisions.gitmirror;

import dev.verdict.decisions.config.DecisionsConfig;
import dev.verdict.decisions.madr.DecisionMarkdown;
import dev.verdict.decisions.security.Caller;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.EmptyCommitException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * The git repository that mirrors every decision as {@code docs/decisions/NNNN-slug.md}. Each change is one commit
 * authored by the signed-in user (committer: decision-records). With a remote configured the repository is cloned
 * from it at first use and each commit is pushed (best effort: a failed push is logged and retried with the next
 * commit). All access is serialized: JGit repositories are not safe for concurrent writers.
 */
@ApplicationScoped
public class GitMirror {

    /** One file to write in a commit. */
    public record FileChange(String path, String content) {
    }

    private static final PersonIdent COMMITTER_TEMPLATE = new PersonIdent("decision-records",
            "decision-records@verdict.local");

    @Inject
    DecisionsConfig config;

    private Git git;

    public boolean enabled() {
        return config.git().enabled();
    }

    private synchronized Git git() throws IOException, GitAPIException {
        if (git != null) {
            return git;
        }
        Path dir = Path.of(config.git().repository()).toAbsolutePath();
        Files.createDirectories(dir);
        if (Files.exists(dir.resolve(".git"))) {
            git = Git.open(dir.toFile());
        } else if (config.git().remote().isPresent() && isEmpty(dir) && remoteHasBranch()) {
            git = Git.cloneRepository().setURI(config.git().remote().get()).setDirectory(dir.toFile())
                    .setBranch(config.git().branch()).call();
        } else {
            git = Git.init().setDirectory(dir.toFile()).setInitialBranch(config.git().branch()).call();
            if (config.git().remote().isPresent()) {
                try {
                    git.remoteAdd().setName("origin").setUri(new URIish(config.git().remote().get())).call();
                } catch (java.net.URISyntaxException e) {
                    throw new GitMirrorException("verdict.decisions.git.remote is not a git URL: " + e.getMessage(), e);
                }
            }
        }
        return git;
    }

    /** An empty remote (new bare repository) cannot be cloned: then we init locally and push the first commit. */
    private boolean remoteHasBranch() throws GitAPIException {
        return Git.lsRemoteRepository().setRemote(config.git().remote().get()).setHeads(true).setTimeout(30).call()
                .stream().anyMatch(r -> r.getName().equals("refs/heads/" + config.git().branch()));
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** Writes the files and commits them as one commit; returns the commit id, or null if nothing changed. */
    public synchronized String commit(List<FileChange> changes, Caller author, String message) {
        if (!enabled()) {
            return null;
        }
        try {
            Git g = git();
            Path root = g.getRepository().getWorkTree().toPath();
            // one add for all files: each AddCommand rewrites the index, so per-file adds are quadratic
            org.eclipse.jgit.api.AddCommand add = g.add();
            for (FileChange c : changes) {
                Path file = root.resolve(c.path());
                Files.createDirectories(file.getParent());
                Files.writeString(file, c.content(), StandardCharsets.UTF_8);
                add.addFilepattern(c.path());
            }
            add.call();
            RevCommit commit = g.commit().setAuthor(new PersonIdent(author.name(), author.email()))
                    .setCommitter(new PersonIdent(COMMITTER_TEMPLATE, java.time.Instant.now()))
                    .setMessage(message).setSign(false).setAllowEmpty(false).call();
            push(g);
            return commit.getName();
        } catch (EmptyCommitException e) {
            return null;
        } catch (IOException | GitAPIException e) {
            throw new GitMirrorException("git mirror commit failed: " + e.getMessage(), e);
        }
    }

    private void push(Git g) {
        if (config.git().remote().isEmpty()) {
            return;
        }
        try {
            g.push().setRemote("origin").setTimeout(30)
                    .setRefSpecs(new org.eclipse.jgit.transport.RefSpec("HEAD:refs/heads/" + config.git().branch()))
                    .call();
        } catch (GitAPIException e) {
            Log.warnf("push of the decisions repository failed (will retry with the next commit): %s", e.getMessage());
        }
    }

    /** Fetches and fast-forwards from the remote, if there is one. */
    public synchronized void fetchAndMerge() {
        if (!enabled() || config.git().remote().isEmpty()) {
            return;
        }
        try {
            git().pull().setRemote("origin").setRemoteBranchName(config.git().branch()).setTimeout(30).call();
        } catch (IOException | GitAPIException e) {
            throw new GitMirrorException("pull from the decisions remote failed: " + e.getMessage(), e);
        }
    }

    /** One decision file at HEAD and the author of the last commit that touched it. */
    public record HeadFile(String path, String content, String lastAuthor, String lastAuthorEmail) {
    }

    /** Every {@code docs/decisions/*.md} file committed at HEAD. */
    public synchronized Map<String, HeadFile> headFiles() {
        Map<String, HeadFile> out = new LinkedHashMap<>();
        if (!enabled()) {
            return out;
        }
        try {
            Repository repo = git().getRepository();
            ObjectId head = repo.resolve("HEAD");
            if (head == null) {
                return out;
            }
            try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
                RevCommit commit = walk.parseCommit(head);
                tw.addTree(commit.getTree());
                tw.setRecursive(true);
                tw.setFilter(PathFilter.create(DecisionMarkdown.DIRECTORY));
                while (tw.next()) {
                    String path = tw.getPathString();
                    if (!path.endsWith(".md") || path.substring(DecisionMarkdown.DIRECTORY.length() + 1).contains("/")) {
                        continue;
                    }
                    ObjectLoader loader = repo.open(tw.getObjectId(0));
                    String content = new String(loader.getBytes(), StandardCharsets.UTF_8);
                    out.put(path, new HeadFile(path, content, null, null));
                }
            }
            return out;
        } catch (IOException | GitAPIException e) {
            throw new GitMirrorException("reading the decisions repository failed: " + e.getMessage(), e);
        }
    }

    /** The author of the newest commit that touched {@code path}. */
    public synchronized PersonIdent lastAuthor(String path) {
        try {
            for (RevCommit c : git().log().addPath(path).setMaxCount(1).call()) {
                return c.getAuthorIdent();
            }
            return null;
        } catch (IOException | GitAPIException e) {
            throw new GitMirrorException("reading the decisions repository failed: " + e.getMessage(), e);
        }
    }

    /** For tests and tools: the working tree directory. */
    public synchronized Path workTree() {
        try {
            return git().getRepository().getWorkTree().toPath();
        } catch (IOException | GitAPIException e) {
            throw new GitMirrorException(e.getMessage(), e);
        }
    }

    public synchronized Git gitForTests() {
        try {
            return git();
        } catch (IOException | GitAPIException e) {
            throw new GitMirrorException(e.getMessage(), e);
        }
    }
}

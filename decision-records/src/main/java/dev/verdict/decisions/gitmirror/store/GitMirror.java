package dev.verdict.decisions.gitmirror.store;

import dev.verdict.decisions.config.DecisionsConfig;
import dev.verdict.decisions.madr.DecisionMarkdown;
import dev.verdict.security.Caller;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.CheckoutCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.EmptyCommitException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * This replica's working clone of the decisions repository, where every decision is
 * {@code docs/decisions/NNNN-slug.md}. Each change is one commit authored by the signed-in user (committer:
 * decision-records). With a remote configured, the remote is the shared truth: the clone is brought up to date before
 * each commit ({@link #commit}) and pushed after it; a push rejected as non-fast-forward is retried after fetch and
 * merge, a bounded number of times. Diverged histories are merged with JGit's recursive merge: files changed on one
 * side only, and non-overlapping edits of one file, merge cleanly; an overlapping edit of the same file is a conflict,
 * which {@link #integrate()} resolves for git (the remote's version) and reports, so the caller can keep the
 * overwritten version. The commit path never resolves a conflict itself: it leaves the merge to the sync.
 *
 * <p>This class is the write path; {@link GitHistory} reads the clone's history. Callers serialize access across
 * replicas (see {@code ClusterLock}); methods are also synchronized because JGit repositories are not safe for
 * concurrent writers in one process.
 */
@ApplicationScoped
public class GitMirror {

    /** One file to write in a commit, and the blob id the database last agreed on with git (null: unknown). */
    public record FileChange(String path, String content, String baseBlob) {
        public FileChange(String path, String content) {
            this(path, content, null);
        }
    }

    /** What a commit did: its id (null if nothing changed) and whether the branch reached the remote. */
    public record CommitOutcome(String commit, boolean pushed) {}

    /** A same-file conflict of a merge, resolved for git: the remote's version is in the tree. */
    public record MergeConflict(
            String path, String oursCommit, String theirsCommit, String oursContent, String theirsContent) {}

    /** What {@link #integrate()} did. */
    public record Integration(
            String head, String remoteHead, boolean remoteReachable, boolean pushed, List<MergeConflict> conflicts) {}

    /** One decision file at HEAD with its git blob id. */
    public record HeadFile(String path, String content, String blob) {}

    private static final PersonIdent COMMITTER_TEMPLATE =
            new PersonIdent("decision-records", "decision-records@verdict.local");

    private final DecisionsConfig config;

    private Git git;

    public GitMirror(DecisionsConfig config) {
        this.config = config;
    }

    public boolean enabled() {
        return config.git().enabled();
    }

    public boolean hasRemote() {
        return config.git().remote().filter(r -> !r.isBlank()).isPresent();
    }

    String remoteRef() {
        return Constants.R_REMOTES + "origin/" + config.git().branch();
    }

    private int timeoutSeconds() {
        return (int) Math.max(1, config.git().timeout().toSeconds());
    }

    private synchronized Git git() throws IOException, GitAPIException {
        if (git != null) {
            return git;
        }
        Path dir = Path.of(config.git().repository()).toAbsolutePath();
        Files.createDirectories(dir);
        if (Files.exists(dir.resolve(".git"))) {
            git = Git.open(dir.toFile());
        } else if (hasRemote() && isEmpty(dir) && remoteHasBranch()) {
            git = Git.cloneRepository()
                    .setURI(config.git().remote().get())
                    .setDirectory(dir.toFile())
                    .setBranch(config.git().branch())
                    .setTimeout(timeoutSeconds())
                    .call();
        } else {
            git = Git.init()
                    .setDirectory(dir.toFile())
                    .setInitialBranch(config.git().branch())
                    .call();
            if (hasRemote()) {
                try {
                    git.remoteAdd()
                            .setName("origin")
                            .setUri(new URIish(config.git().remote().get()))
                            .call();
                } catch (java.net.URISyntaxException e) {
                    throw new GitMirrorException("verdict.decisions.git.remote is not a git URL: " + e.getMessage(), e);
                }
            }
        }
        return git;
    }

    /** An empty remote (new bare repository) cannot be cloned: then we init locally and push the first commit. */
    private boolean remoteHasBranch() throws GitAPIException {
        return Git.lsRemoteRepository()
                .setRemote(config.git().remote().get())
                .setHeads(true)
                .setTimeout(timeoutSeconds())
                .call()
                .stream()
                .anyMatch(
                        r -> r.getName().equals(Constants.R_HEADS + config.git().branch()));
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** The git blob id of {@code content} (what {@code git hash-object} prints), without touching a repository. */
    public static String blobId(String content) {
        try (ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
            return f.idFor(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8))
                    .getName();
        }
    }

    /**
     * Writes the files and commits them as one commit, then pushes. Before writing, the clone is brought up to date
     * (fast-forward, or a merge that has no conflict); if the file at the head then differs from both the
     * {@link FileChange#baseBlob() agreed version} and the new content, git holds an edit the model has not seen:
     * {@link GitChangedException}, nothing is written. An unreachable remote is not an error here: the commit stays
     * local and the next sync pushes it.
     */
    public synchronized CommitOutcome commit(List<FileChange> changes, Caller author, String message) {
        if (!enabled()) {
            return new CommitOutcome(null, false);
        }
        try {
            Git g = git();
            cleanWorkTree(g);
            if (hasRemote()) {
                try {
                    fetch(g);
                    merge(g, false);
                } catch (TransportException | InvalidRemoteException e) {
                    Log.warnf("decisions remote unreachable, committing locally: %s", e.getMessage());
                }
            }
            Map<String, String> head = headBlobs(g);
            for (FileChange c : changes) {
                String atHead = head.get(c.path());
                if (c.baseBlob() != null
                        && atHead != null
                        && !atHead.equals(c.baseBlob())
                        && !atHead.equals(blobId(c.content()))) {
                    throw new GitChangedException(c.path(), lastCommit(g, c.path()));
                }
            }
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
            String id;
            try {
                id = g.commit()
                        .setAuthor(new PersonIdent(author.name(), author.email()))
                        .setCommitter(new PersonIdent(COMMITTER_TEMPLATE, Instant.now()))
                        .setMessage(message)
                        .setSign(false)
                        .setAllowEmpty(false)
                        .call()
                        .getName();
            } catch (EmptyCommitException e) {
                id = null;
            }
            boolean pushed = hasRemote() ? pushWithRetry(g, false).pushed() : true;
            return new CommitOutcome(id, pushed);
        } catch (IOException | GitAPIException e) {
            throw new GitMirrorException("git mirror commit failed: " + e.getMessage(), e);
        }
    }

    /**
     * Brings the clone and the remote together: fetch; fast-forward when only the remote moved; merge when both
     * moved, resolving same-file conflicts for the remote (git wins; each is reported with both commit ids and both
     * versions); then push what the remote lacks, retrying after fetch and merge when rejected. Without a remote it
     * only reports the head.
     */
    public synchronized Integration integrate() {
        if (!enabled()) {
            return new Integration(null, null, false, false, List.of());
        }
        try {
            Git g = git();
            cleanWorkTree(g);
            if (!hasRemote()) {
                return new Integration(headId(g), null, false, false, List.of());
            }
            try {
                fetch(g);
            } catch (TransportException | InvalidRemoteException e) {
                throw new GitMirrorException("the decisions remote is unreachable: " + e.getMessage(), e);
            }
            List<MergeConflict> conflicts = new ArrayList<>(merge(g, true));
            Push p = pushWithRetry(g, true);
            conflicts.addAll(p.conflicts());
            ObjectId remote = g.getRepository().resolve(remoteRef());
            return new Integration(headId(g), remote == null ? null : remote.getName(), true, p.pushed(), conflicts);
        } catch (IOException | GitAPIException e) {
            throw new GitMirrorException("sync with the decisions remote failed: " + e.getMessage(), e);
        }
    }

    /** A wildcard refspec: a new, empty remote (no branch yet) is fetched without error, and the push creates it. */
    private void fetch(Git g) throws GitAPIException {
        g.fetch()
                .setRemote("origin")
                .setTimeout(timeoutSeconds())
                .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + "*:" + Constants.R_REMOTES + "origin/*"))
                .call();
    }

    /**
     * Merges the fetched remote branch into HEAD. Fast-forwards when possible. A conflicting merge is resolved for
     * the remote when {@code resolve}, else undone (HEAD stays where it was) and nothing is returned.
     */
    private List<MergeConflict> merge(Git g, boolean resolve) throws IOException, GitAPIException {
        Repository repo = g.getRepository();
        ObjectId remote = repo.resolve(remoteRef());
        ObjectId head = repo.resolve(Constants.HEAD);
        if (remote == null || remote.equals(head)) {
            return List.of();
        }
        if (head == null) {
            // unborn local branch (first start against a remote that got its first commit meanwhile)
            g.reset()
                    .setMode(ResetCommand.ResetType.HARD)
                    .setRef(remote.getName())
                    .call();
            return List.of();
        }
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit h = walk.parseCommit(head);
            RevCommit r = walk.parseCommit(remote);
            if (walk.isMergedInto(r, h)) {
                return List.of(); // we are ahead: nothing to merge, the push follows
            }
        }
        MergeResult result = g.merge()
                .include(remote)
                .setCommit(false)
                .setStrategy(MergeStrategy.RECURSIVE)
                .setFastForward(MergeCommand.FastForwardMode.FF)
                .call();
        switch (result.getMergeStatus()) {
            case FAST_FORWARD, ALREADY_UP_TO_DATE:
                return List.of();
            case MERGED_NOT_COMMITTED:
                commitMerge(g, "Merge " + config.git().branch() + " of the decisions remote");
                return List.of();
            case CONFLICTING:
                if (!resolve) {
                    g.reset()
                            .setMode(ResetCommand.ResetType.HARD)
                            .setRef(head.getName())
                            .call();
                    Log.infof(
                            "merge with the decisions remote conflicts; left to the sync (HEAD stays %s)",
                            head.getName());
                    return List.of();
                }
                List<MergeConflict> out = new ArrayList<>();
                for (String path : result.getConflicts().keySet()) {
                    String ours = read(repo, head, path);
                    String theirs = read(repo, remote, path);
                    if (theirs == null) {
                        g.rm().addFilepattern(path).call();
                    } else {
                        g.checkout()
                                .setStage(CheckoutCommand.Stage.THEIRS)
                                .addPath(path)
                                .call();
                        g.add().addFilepattern(path).call();
                    }
                    out.add(new MergeConflict(
                            path,
                            head.getName(),
                            remote.getName(),
                            ours == null ? "" : ours,
                            theirs == null ? "" : theirs));
                }
                StringBuilder msg = new StringBuilder(
                        "Merge " + config.git().branch() + " of the decisions remote; conflicts resolved for git:\n");
                for (MergeConflict c : out) {
                    msg.append("\nVerdict-Conflict: ")
                            .append(c.path())
                            .append(" ours=")
                            .append(c.oursCommit())
                            .append(" theirs=")
                            .append(c.theirsCommit());
                }
                commitMerge(g, msg.toString());
                return out;
            default:
                g.reset()
                        .setMode(ResetCommand.ResetType.HARD)
                        .setRef(head.getName())
                        .call();
                throw new GitMirrorException(
                        "merge with the decisions remote failed: " + result.getMergeStatus(), null);
        }
    }

    private static void commitMerge(Git g, String message) throws GitAPIException {
        PersonIdent me = new PersonIdent(COMMITTER_TEMPLATE, Instant.now());
        g.commit()
                .setAuthor(me)
                .setCommitter(me)
                .setMessage(message)
                .setSign(false)
                .call();
    }

    private record Push(boolean pushed, List<MergeConflict> conflicts) {}

    /**
     * Pushes HEAD; a non-fast-forward reject is followed by fetch + merge and another push, up to
     * {@code push-attempts} pushes. An unreachable remote ends the attempts (the next sync pushes).
     */
    private Push pushWithRetry(Git g, boolean resolve) throws IOException, GitAPIException {
        List<MergeConflict> conflicts = new ArrayList<>();
        int attempts = Math.max(1, config.git().pushAttempts());
        for (int attempt = 1; attempt <= attempts; attempt++) {
            ObjectId head = g.getRepository().resolve(Constants.HEAD);
            ObjectId remote = g.getRepository().resolve(remoteRef());
            if (head == null || head.equals(remote)) {
                return new Push(head != null, conflicts);
            }
            RemoteRefUpdate.Status status;
            try {
                status = push(g);
            } catch (TransportException | InvalidRemoteException e) {
                Log.warnf("push of the decisions repository failed (the next sync retries): %s", e.getMessage());
                return new Push(false, conflicts);
            }
            switch (status) {
                case OK, UP_TO_DATE:
                    fetch(g); // the remote-tracking ref now names our head
                    return new Push(true, conflicts);
                case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED, REJECTED_OTHER_REASON:
                    Log.infof("push rejected (%s), attempt %d of %d: fetching and merging", status, attempt, attempts);
                    fetch(g);
                    ObjectId before = g.getRepository().resolve(Constants.HEAD);
                    conflicts.addAll(merge(g, resolve));
                    if (!resolve
                            && before.equals(g.getRepository().resolve(Constants.HEAD))
                            && !isAncestor(g, g.getRepository().resolve(remoteRef()), before)) {
                        return new Push(false, conflicts); // conflicting: left to the sync
                    }
                    break;
                default:
                    Log.warnf("push of the decisions repository failed: %s", status);
                    return new Push(false, conflicts);
            }
        }
        return new Push(false, conflicts);
    }

    private RemoteRefUpdate.Status push(Git g) throws GitAPIException {
        RemoteRefUpdate.Status worst = RemoteRefUpdate.Status.OK;
        for (PushResult r : g.push()
                .setRemote("origin")
                .setTimeout(timeoutSeconds())
                .setRefSpecs(
                        new RefSpec("HEAD:" + Constants.R_HEADS + config.git().branch()))
                .call()) {
            for (RemoteRefUpdate u : r.getRemoteUpdates()) {
                if (u.getStatus() != RemoteRefUpdate.Status.OK && u.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                    worst = u.getStatus();
                    Log.debugf("push of %s: %s %s", u.getRemoteName(), u.getStatus(), u.getMessage());
                }
            }
        }
        return worst;
    }

    private static boolean isAncestor(Git g, ObjectId ancestor, ObjectId of) throws IOException {
        if (ancestor == null || of == null) {
            return false;
        }
        try (RevWalk walk = new RevWalk(g.getRepository())) {
            return walk.isMergedInto(walk.parseCommit(ancestor), walk.parseCommit(of));
        }
    }

    /** A crash between writing a file and committing it leaves the tree dirty; the database re-exports it. */
    private static void cleanWorkTree(Git g) throws GitAPIException, IOException {
        if (g.getRepository().resolve(Constants.HEAD) != null
                && !g.status().call().isClean()) {
            g.reset().setMode(ResetCommand.ResetType.HARD).call();
        }
    }

    private static String headId(Git g) throws IOException {
        ObjectId h = g.getRepository().resolve(Constants.HEAD);
        return h == null ? null : h.getName();
    }

    private static String read(Repository repo, ObjectId commit, String path) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit c = walk.parseCommit(commit);
            try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
                return tw == null
                        ? null
                        : new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private Map<String, String> headBlobs(Git g) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (HeadFile f : files(g, false)) {
            out.put(f.path(), f.blob());
        }
        return out;
    }

    static List<HeadFile> files(Git g, boolean withContent) throws IOException {
        List<HeadFile> out = new ArrayList<>();
        Repository repo = g.getRepository();
        ObjectId head = repo.resolve(Constants.HEAD);
        if (head == null) {
            return out;
        }
        try (RevWalk walk = new RevWalk(repo);
                TreeWalk tw = new TreeWalk(repo)) {
            RevCommit commit = walk.parseCommit(head);
            tw.addTree(commit.getTree());
            tw.setRecursive(true);
            tw.setFilter(PathFilter.create(DecisionMarkdown.DIRECTORY));
            while (tw.next()) {
                String path = tw.getPathString();
                if (!path.endsWith(".md")
                        || path.substring(DecisionMarkdown.DIRECTORY.length() + 1)
                                .contains("/")) {
                    continue;
                }
                String content = withContent
                        ? new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8)
                        : null;
                out.add(new HeadFile(path, content, tw.getObjectId(0).getName()));
            }
        }
        return out;
    }

    static String lastCommit(Git g, String path) throws GitAPIException {
        for (RevCommit c : g.log().addPath(path).setMaxCount(1).call()) {
            return c.getName();
        }
        return null;
    }

    /** Work that only reads the clone. */
    @FunctionalInterface
    interface Read<T> {
        T apply(Git g) throws IOException, GitAPIException;
    }

    /** Runs a read under the writes' monitor: a JGit repository is not safe to read beside a writer. */
    synchronized <T> T read(Read<T> work) {
        try {
            return work.apply(git());
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

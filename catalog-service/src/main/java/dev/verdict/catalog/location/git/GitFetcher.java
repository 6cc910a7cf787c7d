package dev.verdict.catalog.location.git;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.EmptyProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Keeps a bare clone of a location's branch in a cache directory and lists the files matching its glob with their
 * blob ids. The blob id is git's content hash, so unchanged files are recognised without reading them.
 */
public final class GitFetcher {

    /**
     * What a branch holds right now: its commit, the files matching the location's glob and every file of the tree,
     * each with its blob id by path (the tree is what Location targets and placeholders resolve against).
     */
    public record Snapshot(String commit, Map<String, String> files, Map<String, String> tree) {}

    /** The repository could not be cloned or fetched, or the branch does not exist. */
    public static class GitFetchException extends Exception {
        public GitFetchException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path cacheRoot;
    private final int timeoutSeconds;
    private final Duration deadline;

    /**
     * @param timeout  how long one network operation (connect, one read) may wait for the remote: a remote that
     *                 stops answering fails after this
     * @param deadline how long one whole clone or fetch may take: a remote that answers, but too slowly, is
     *                 cancelled at JGit's next progress step after this
     */
    public GitFetcher(Path cacheRoot, Duration timeout, Duration deadline) {
        this.cacheRoot = cacheRoot;
        this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
        this.deadline = deadline;
    }

    public static void checkUrl(String url) {
        String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("file://") || lower.startsWith("http://") || lower.startsWith("https://"))) {
            throw new IllegalArgumentException("location url must be file://, http:// or https://");
        }
    }

    /** Throws {@link IllegalArgumentException} (a 400 for the caller) if {@code glob} is not a valid path glob. */
    public static void checkGlob(String glob) {
        try {
            matcher(glob);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid path glob '" + glob + "': " + e.getMessage());
        }
    }

    /**
     * Clones or fetches the branch into {@code cache/<key>}, then lists the files matching {@code glob}. Credentials
     * in the URL are given to git as credentials; the URL git sees, stores and reports has none, and every error
     * message names the URL by its {@link RemoteUrl#display()} form.
     */
    public Snapshot fetch(String key, RemoteUrl url, String branch, String glob) throws GitFetchException {
        Path dir = cacheRoot.resolve(key);
        String head = "refs/heads/" + branch;
        CredentialsProvider credentials = url.hasCredentials()
                ? new UsernamePasswordCredentialsProvider(url.user(), url.password() == null ? "" : url.password())
                : null;
        DeadlineMonitor monitor = new DeadlineMonitor(deadline);
        try {
            Files.createDirectories(cacheRoot);
            if (!Files.isDirectory(dir.resolve("objects"))) {
                deleteRecursively(dir);
                try (Git ignored = Git.cloneRepository()
                        .setURI(url.bare())
                        .setDirectory(dir.toFile())
                        .setBare(true)
                        .setBranchesToClone(List.of(head))
                        .setBranch(head)
                        .setCredentialsProvider(credentials)
                        .setProgressMonitor(monitor)
                        .setTimeout(timeoutSeconds)
                        .call()) {
                    // cloned
                }
            } else {
                try (Git git = Git.open(dir.toFile())) {
                    // The URL itself, not the clone's "origin": the location's URL is the truth.
                    git.fetch()
                            .setRemote(url.bare())
                            .setRefSpecs(new RefSpec("+" + head + ":" + head))
                            .setRemoveDeletedRefs(true)
                            .setCredentialsProvider(credentials)
                            .setProgressMonitor(monitor)
                            .setTimeout(timeoutSeconds)
                            .call();
                }
            }
        } catch (GitAPIException | IOException | RuntimeException e) {
            // A half-written clone must not poison the next attempt.
            if (!Files.isDirectory(dir.resolve("refs"))) {
                deleteQuietly(dir);
            }
            String why = monitor.expired()
                    ? "took longer than " + deadline.toSeconds() + " s (git-deadline), cancelled"
                    : describe(e);
            throw new GitFetchException(
                    url.scrub("cannot clone or fetch " + url.display() + " (branch " + branch + "): " + why), null);
        }
        try (Repository repo = Git.open(dir.toFile()).getRepository()) {
            Ref ref = repo.exactRef(head);
            if (ref == null) {
                throw new GitFetchException("branch " + branch + " does not exist in " + url.display(), null);
            }
            PathMatcher matcher = matcher(glob);
            Map<String, String> files = new LinkedHashMap<>();
            Map<String, String> all = new java.util.HashMap<>();
            try (RevWalk walk = new RevWalk(repo);
                    TreeWalk tree = new TreeWalk(repo)) {
                RevCommit commit = walk.parseCommit(ref.getObjectId());
                tree.addTree(commit.getTree());
                tree.setRecursive(true);
                while (tree.next()) {
                    String path = tree.getPathString();
                    String blob = tree.getObjectId(0).name();
                    all.put(path, blob);
                    if (matches(matcher, glob, path)) {
                        files.put(path, blob);
                    }
                }
                return new Snapshot(commit.getName(), files, all);
            }
        } catch (IOException e) {
            throw new GitFetchException(
                    url.scrub("cannot read the clone of " + url.display() + ": " + describe(e)), null);
        }
    }

    /** A reusable reader over one clone, for reading many blobs without reopening the repository. */
    public BlobReader open(String key) throws IOException {
        Repository repo = Git.open(cacheRoot.resolve(key).toFile()).getRepository();
        return new BlobReader(repo);
    }

    /** Reads blobs from one opened repository. */
    public static final class BlobReader implements AutoCloseable {
        private final Repository repo;
        private final org.eclipse.jgit.lib.ObjectReader reader;

        BlobReader(Repository repo) {
            this.repo = repo;
            this.reader = repo.newObjectReader();
        }

        public byte[] read(String blobId, long maxBytes) throws IOException {
            ObjectLoader loader = reader.open(ObjectId.fromString(blobId));
            if (loader.getSize() > maxBytes) {
                throw new IOException("file is larger than " + maxBytes + " bytes");
            }
            return loader.getBytes();
        }

        @Override
        public void close() {
            reader.close();
            repo.close();
        }
    }

    public void evict(String key) {
        deleteQuietly(cacheRoot.resolve(key));
    }

    public static PathMatcher matcher(String glob) {
        return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    }

    /** {@code **}{@code /x.yaml} also matches {@code x.yaml} at the root, as users expect. */
    static boolean matches(PathMatcher matcher, String glob, String path) {
        if (matcher.matches(Path.of(path))) {
            return true;
        }
        return glob.startsWith("**/") && matcher(glob.substring(3)).matches(Path.of(path));
    }

    /**
     * A clear reason first (refused, no answer, unknown host, not authorized), then the chain of messages. The cause
     * itself is not kept on the exception: its messages may carry the remote's URL as the library saw it.
     */
    private String describe(Throwable e) {
        String reason = null;
        for (Throwable c = e; c != null && reason == null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.net.ConnectException) {
                reason = "connection refused";
            } else if (c instanceof java.net.SocketTimeoutException) {
                reason = "no answer within " + timeoutSeconds + " s (git-timeout)";
            } else if (c instanceof java.net.UnknownHostException) {
                reason = "unknown host";
            } else if (c instanceof javax.net.ssl.SSLException) {
                reason = "TLS handshake failed";
            } else if (c.getMessage() != null
                    && (c.getMessage().contains("not authorized")
                            || c.getMessage().contains("Authentication is required"))) {
                reason = "not authorized (check the credentials)";
            }
        }
        StringBuilder sb = new StringBuilder(reason == null ? "" : reason + ": ").append(e.getMessage());
        Throwable c = e.getCause();
        while (c != null && c != e) {
            if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
                sb.append(": ").append(c.getMessage());
            }
            e = c;
            c = c.getCause();
        }
        return sb.toString();
    }

    /** Cancels a clone or fetch once its deadline has passed (JGit polls this between progress steps). */
    private static final class DeadlineMonitor extends EmptyProgressMonitor {
        private final long deadlineNanos;
        private volatile boolean expired;

        DeadlineMonitor(Duration deadline) {
            this.deadlineNanos = System.nanoTime() + deadline.toNanos();
        }

        @Override
        public boolean isCancelled() {
            if (System.nanoTime() - deadlineNanos > 0) {
                expired = true;
            }
            return expired;
        }

        boolean expired() {
            return expired;
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteRecursively(dir);
        } catch (IOException ignored) {
            // best effort; the next clone attempt deletes again
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

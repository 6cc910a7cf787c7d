package dev.verdict.decisions.gitmirror.store;

import dev.verdict.decisions.gitmirror.store.GitMirror.HeadFile;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Reads of the decisions repository's clone: the files at HEAD, who last touched a file, where a version of a file
 * appears in its history, and how far the clone is from the remote. The sync compares with these; {@link GitMirror}
 * writes. Reads run under the mirror's monitor.
 */
@ApplicationScoped
public class GitHistory {

    /** Where this replica's clone stands relative to the last fetched remote branch. */
    public record LocalStatus(String head, String remoteHead, int ahead, int behind) {}

    private final GitMirror mirror;

    public GitHistory(GitMirror mirror) {
        this.mirror = mirror;
    }

    /** Every {@code docs/decisions/*.md} file committed at HEAD, with content and blob id. */
    public Map<String, HeadFile> headFiles() {
        Map<String, HeadFile> out = new LinkedHashMap<>();
        if (!mirror.enabled()) {
            return out;
        }
        return mirror.read(g -> {
            for (HeadFile f : GitMirror.files(g, true)) {
                out.put(f.path(), f);
            }
            return out;
        });
    }

    /** The author of the newest commit that touched {@code path}, or null. */
    public PersonIdent lastAuthor(String path) {
        return mirror.read(g -> {
            for (RevCommit c : g.log().addPath(path).setMaxCount(1).call()) {
                return c.getAuthorIdent();
            }
            return null;
        });
    }

    /** The newest commit that touched {@code path}, or null. */
    public String lastCommit(String path) {
        return mirror.read(g -> GitMirror.lastCommit(g, path));
    }

    /**
     * The newest of the last {@code limit} commits touching {@code path} whose version of the file has blob
     * {@code blob}, or null: whether (and where) a version of the file ever reached the history at HEAD.
     */
    public String commitWithBlob(String path, String blob, int limit) {
        return mirror.read(g -> {
            Repository repo = g.getRepository();
            if (repo.resolve(Constants.HEAD) == null) {
                return null;
            }
            for (RevCommit c : g.log().addPath(path).setMaxCount(limit).call()) {
                try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
                    if (tw != null && tw.getObjectId(0).getName().equals(blob)) {
                        return c.getName();
                    }
                }
            }
            return null;
        });
    }

    /** HEAD, the last fetched remote head, and how far apart they are. */
    public LocalStatus localStatus() {
        if (!mirror.enabled()) {
            return new LocalStatus(null, null, 0, 0);
        }
        return mirror.read(g -> {
            Repository repo = g.getRepository();
            ObjectId head = repo.resolve(Constants.HEAD);
            ObjectId remote = mirror.hasRemote() ? repo.resolve(mirror.remoteRef()) : null;
            return new LocalStatus(
                    head == null ? null : head.getName(),
                    remote == null ? null : remote.getName(),
                    count(repo, head, remote),
                    count(repo, remote, head));
        });
    }

    /** Commits reachable from {@code from} but not from {@code not}. */
    private static int count(Repository repo, ObjectId from, ObjectId not) throws IOException {
        if (from == null) {
            return 0;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            walk.markStart(walk.parseCommit(from));
            if (not != null) {
                walk.markUninteresting(walk.parseCommit(not));
            }
            int n = 0;
            for (RevCommit ignored : walk) {
                n++;
            }
            return n;
        }
    }
}

package dev.verdict.catalog.location.git;

import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Paths inside a repository's tree, as Location targets and placeholders name them relative to their file. */
public final class RepoPaths {

    private RepoPaths() {}

    /**
     * Resolves {@code target} against the directory of {@code file} ({@code /x} from the repository's root), with
     * {@code .} and {@code ..} applied; empty when it would leave the repository.
     */
    public static Optional<String> resolve(String file, String target) {
        String t = target.startsWith("file:") ? target.substring("file:".length()) : target;
        Deque<String> parts = new ArrayDeque<>();
        if (!t.startsWith("/")) {
            int slash = file.lastIndexOf('/');
            if (slash > 0) {
                for (String p : file.substring(0, slash).split("/")) {
                    parts.addLast(p);
                }
            }
        }
        for (String p : t.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    return Optional.empty();
                }
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("/", parts));
    }

    public static boolean isGlob(String path) {
        return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0 || path.indexOf('{') >= 0;
    }

    /** The paths of {@code tree} a resolved target names: itself when it is a path, every match when a glob. */
    public static List<String> expand(String resolved, Map<String, String> tree) {
        if (!isGlob(resolved)) {
            return tree.containsKey(resolved) ? List.of(resolved) : List.of();
        }
        PathMatcher m = GitFetcher.matcher(resolved);
        // As Backstage's glob (minimatch): a/**/*.yaml also matches a/x.yaml, which Java's glob does not
        PathMatcher flat = resolved.contains("/**/") ? GitFetcher.matcher(resolved.replace("/**/", "/")) : null;
        TreeSet<String> out = new TreeSet<>();
        for (String p : tree.keySet()) {
            Path path = Path.of(p);
            if (m.matches(path) || (flat != null && flat.matches(path))) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }
}

package dev.verdict.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The package graph of a service's sources, from their {@code import} lines: which package under a base package
 * uses which. Verdict's rule is that these arrows never form a cycle (docs/architecture.md, "Packages: feature, then
 * layer"); {@link #cycles()} finds the ones that do, with the files that make each arrow, so a test can fail with
 * what to fix. Reading sources rather than classes keeps it free of a bytecode library; same-package references need
 * no import and cannot make a cycle between packages.
 */
public final class PackageCycles {

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+);", Pattern.MULTILINE);

    private final String base;
    /** package → used package → files that use it. */
    private final Map<String, Map<String, Set<String>>> arrows = new TreeMap<>();

    private PackageCycles(String base) {
        this.base = base;
    }

    /** Reads every {@code .java} file under {@code sourceRoot} (e.g. {@code src/main/java}). */
    public static PackageCycles of(Path sourceRoot, String basePackage) {
        PackageCycles g = new PackageCycles(basePackage);
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                g.add(f.getFileName().toString(), Files.readString(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return g;
    }

    private void add(String file, String source) {
        Matcher p = PACKAGE.matcher(source);
        if (!p.find() || !inBase(p.group(1))) {
            return;
        }
        String from = p.group(1);
        arrows.computeIfAbsent(from, k -> new TreeMap<>());
        Matcher i = IMPORT.matcher(source);
        while (i.find()) {
            String to = packageOf(i.group(1));
            if (to != null && inBase(to) && !to.equals(from)) {
                arrows.get(from).computeIfAbsent(to, k -> new TreeSet<>()).add(file);
            }
        }
    }

    private boolean inBase(String pkg) {
        return pkg.equals(base) || pkg.startsWith(base + ".");
    }

    /** The package of an imported name: the segments before the first one that starts with a capital. */
    private static String packageOf(String imported) {
        List<String> segments = new ArrayList<>();
        for (String s : imported.split("\\.")) {
            if (!s.isEmpty() && Character.isUpperCase(s.charAt(0))) {
                return segments.isEmpty() ? null : String.join(".", segments);
            }
            segments.add(s);
        }
        return null; // a package-only import does not occur in Java
    }

    /** The packages read. */
    public Set<String> packages() {
        return arrows.keySet();
    }

    /**
     * Every set of packages that reach each other (strongly connected components of more than one package), each
     * as lines {@code a -> b: [Files.java]} naming the arrows inside it; empty when the graph has no cycle.
     */
    public List<List<String>> cycles() {
        List<List<String>> out = new ArrayList<>();
        for (Set<String> component : components()) {
            if (component.size() < 2) {
                continue;
            }
            List<String> lines = new ArrayList<>();
            for (String a : component) {
                arrows.getOrDefault(a, Map.of()).forEach((b, files) -> {
                    if (component.contains(b)) {
                        lines.add(a + " -> " + b + ": " + files);
                    }
                });
            }
            out.add(lines);
        }
        return out;
    }

    /** Tarjan's algorithm; recursion is fine for a graph of a few dozen packages. */
    private List<Set<String>> components() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String start : arrows.keySet()) {
            if (!index.containsKey(start)) {
                visit(start, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private void visit(
            String v,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<Set<String>> out,
            int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : arrows.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                visit(w, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            out.add(component);
        }
    }
}

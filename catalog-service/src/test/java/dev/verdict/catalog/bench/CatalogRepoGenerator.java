package dev.verdict.catalog.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;

/**
 * Writes a git repository of Backstage descriptors for load tests: every kind, a department/team hierarchy,
 * users in teams, systems in domains, components that provide and consume APIs and depend on older components
 * and on resources (a DAG, as real dependency graphs mostly are). One entity per {@code catalog-info.yaml}.
 * Seeded: the same arguments give the same repository.
 *
 * <pre>
 * generate &lt;dir&gt; [entities=10000] [seed=42]   create the repository (branch main, one commit)
 * mutate &lt;dir&gt; [percent=1] [seed=7]           change the description of percent% of the files, commit
 * </pre>
 */
public final class CatalogRepoGenerator {

    private static final String[] LIFECYCLES = {"production", "production", "production", "experimental", "deprecated"};
    private static final String[] JDKS = {"17", "21", "21", "25"};
    private static final String[] WORDS = {
        "payments",
        "checkout",
        "ledger",
        "search",
        "catalog",
        "inventory",
        "billing",
        "identity",
        "shipping",
        "pricing",
        "reviews",
        "recommendations",
        "notifications",
        "analytics",
        "reporting",
        "fraud",
        "loyalty",
        "orders",
        "cart",
        "profile",
        "media",
        "gateway",
        "scheduler",
        "audit",
        "export"
    };

    private final Random random;
    private final List<String[]> files = new ArrayList<>(); // {path, content}

    private CatalogRepoGenerator(long seed) {
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: generate <dir> [entities] [seed] | mutate <dir> [percent] [seed]");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        if (args[0].equals("generate")) {
            int n = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
            long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
            long t0 = System.nanoTime();
            int written = generate(dir, n, seed);
            System.out.printf(
                    "generated %d entities in %s (%d ms)%n", written, dir, (System.nanoTime() - t0) / 1_000_000);
        } else if (args[0].equals("mutate")) {
            double percent = args.length > 2 ? Double.parseDouble(args[2]) : 1;
            long seed = args.length > 3 ? Long.parseLong(args[3]) : 7;
            int changed = mutate(dir, percent, seed);
            System.out.printf("changed %d files in %s%n", changed, dir);
        } else {
            System.err.println("unknown command " + args[0]);
            System.exit(2);
        }
    }

    /** Generates {@code total} entities into a new repository at {@code dir}; returns how many were written. */
    public static int generate(Path dir, int total, long seed) throws Exception {
        CatalogRepoGenerator g = new CatalogRepoGenerator(seed);
        g.build(total);
        Files.createDirectories(dir);
        for (String[] f : g.files) {
            Path p = dir.resolve(f[0]);
            Files.createDirectories(p.getParent());
            Files.writeString(p, f[1], StandardCharsets.UTF_8);
        }
        try (Git git =
                Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit()
                    .setMessage("generated catalog: " + g.files.size() + " entities")
                    .setAuthor("generator", "generator@verdict.dev")
                    .setCommitter("generator", "generator@verdict.dev")
                    .setSign(false)
                    .call();
        }
        return g.files.size();
    }

    /** Changes the description of {@code percent}% of the descriptor files and commits. */
    public static int mutate(Path dir, double percent, long seed) throws Exception {
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.filter(p -> p.getFileName().toString().equals("catalog-info.yaml"))
                    .sorted()
                    .toList();
        }
        Random r = new Random(seed);
        int n = (int) Math.max(1, Math.round(all.size() * percent / 100.0));
        Set<Path> pick = new LinkedHashSet<>();
        while (pick.size() < n) {
            pick.add(all.get(r.nextInt(all.size())));
        }
        String stamp = Long.toString(System.currentTimeMillis());
        for (Path p : pick) {
            String text = Files.readString(p);
            // Every kind has metadata.name; not every generated descriptor has a description (users do not).
            text = text.replaceFirst("(?m)^  description: .*\\n", "")
                    .replaceFirst("(?m)^(  name: .*)$", "$1\n  description: changed at " + stamp);
            Files.writeString(p, text);
        }
        try (Git git = Git.open(dir.toFile())) {
            git.add().addFilepattern(".").call();
            git.commit()
                    .setMessage("mutate " + n + " files")
                    .setAuthor("generator", "generator@verdict.dev")
                    .setCommitter("generator", "generator@verdict.dev")
                    .setSign(false)
                    .call();
        }
        return n;
    }

    private void build(int total) {
        // Proportions of a mid-size organisation; components take whatever is left.
        int domains = Math.max(1, total / 1000);
        int systems = Math.max(1, total / 100);
        int departments = Math.max(1, total / 1000);
        int teams = Math.max(1, total / 50);
        int users = total * 15 / 100;
        int apis = total * 15 / 100;
        int resources = total / 10;
        int locations = Math.max(1, total / 1000);
        int components = total - domains - systems - departments - teams - users - apis - resources - locations;
        if (components < 1) {
            throw new IllegalArgumentException("too few entities: " + total);
        }
        List<String> teamNames = new ArrayList<>();
        for (int i = 0; i < departments; i++) {
            add("org/departments/dept-" + i, group("dept-" + i, "department", null, childrenOf(i, departments, teams)));
        }
        for (int i = 0; i < teams; i++) {
            teamNames.add("team-" + i);
            add("org/teams/team-" + i, group("team-" + i, "team", "dept-" + (i % departments), List.of()));
        }
        for (int i = 0; i < users; i++) {
            List<String> memberOf = new ArrayList<>(List.of(pickOwner(teamNames)));
            if (random.nextInt(5) == 0) {
                memberOf.add(teamNames.get(random.nextInt(teamNames.size())));
            }
            add(
                    "org/users/user-" + i,
                    user("user-" + i, memberOf.stream().distinct().toList()));
        }
        for (int i = 0; i < domains; i++) {
            add(
                    "domains/domain-" + i,
                    simple(
                            "Domain",
                            "domain-" + i,
                            "Business domain " + i,
                            "  owner: " + teamNames.get(i % teamNames.size()) + "\n"));
        }
        for (int i = 0; i < systems; i++) {
            add(
                    "systems/system-" + i,
                    simple(
                            "System",
                            "system-" + i,
                            word() + " system " + i,
                            "  owner: " + pickOwner(teamNames) + "\n  domain: domain-" + (i % domains) + "\n"));
        }
        for (int i = 0; i < resources; i++) {
            String type = random.nextInt(3) == 0 ? "queue" : "database";
            add(
                    "resources/res-" + i,
                    simple(
                            "Resource",
                            "res-" + i,
                            word() + " " + type,
                            "  type: " + type + "\n  owner: " + pickOwner(teamNames) + "\n  system: system-"
                                    + random.nextInt(systems) + "\n"));
        }
        for (int i = 0; i < apis; i++) {
            add("apis/api-" + i, api("api-" + i, pickOwner(teamNames), "system-" + random.nextInt(systems)));
        }
        for (int i = 0; i < components; i++) {
            add("components/" + word() + "/svc-" + i, component(i, pickOwner(teamNames), systems, apis, resources));
        }
        for (int i = 0; i < locations; i++) {
            add(
                    "locations/loc-" + i,
                    "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: loc-" + i
                            + "\n  description: external descriptors " + i
                            + "\nspec:\n  type: url\n  target: https://git.example.com/team-"
                            + i + "/catalog-info.yaml\n");
        }
    }

    private List<String> childrenOf(int dept, int departments, int teams) {
        List<String> out = new ArrayList<>();
        for (int t = dept; t < teams; t += departments) {
            out.add("team-" + t);
        }
        return out;
    }

    /** A few teams own a lot, most own a little, as in real organisations. */
    private String pickOwner(List<String> teams) {
        double u = random.nextDouble();
        return teams.get((int) (teams.size() * u * u));
    }

    private String word() {
        return WORDS[random.nextInt(WORDS.length)];
    }

    private void add(String dir, String content) {
        files.add(new String[] {dir + "/catalog-info.yaml", content});
    }

    private static String group(String name, String type, String parent, List<String> children) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: " + name + "\n  description: " + type
                + " "
                + name + "\nspec:\n  type: " + type + "\n" + (parent == null ? "" : "  parent: " + parent + "\n")
                + "  children: " + children + "\n";
    }

    private static String user(String name, List<String> memberOf) {
        return "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: " + name + "\nspec:\n  profile:\n"
                + "    displayName: User " + name + "\n    email: " + name + "@example.com\n  memberOf: " + memberOf
                + "\n";
    }

    private static String simple(String kind, String name, String description, String spec) {
        return "apiVersion: backstage.io/v1alpha1\nkind: " + kind + "\nmetadata:\n  name: " + name + "\n  description: "
                + description + "\nspec:\n" + spec;
    }

    private String api(String name, String owner, String system) {
        return "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: " + name + "\n  description: " + word()
                + " API\n  tags: [rest, " + word() + "]\nspec:\n  type: openapi\n  lifecycle: " + lifecycle()
                + "\n  owner: " + owner + "\n  system: " + system
                + "\n  definition: |\n    openapi: 3.0.0\n    info: {title: " + name
                + ", version: 1.0.0}\n    paths: {}\n";
    }

    private String lifecycle() {
        return LIFECYCLES[random.nextInt(LIFECYCLES.length)];
    }

    private String component(int i, String owner, int systems, int apis, int resources) {
        String w = word();
        String lifecycle = lifecycle();
        StringBuilder sb =
                new StringBuilder("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc-" + i
                        + "\n  title: " + capitalize(w) + " service " + i + "\n  description: Handles " + w + " for "
                        + word()
                        + "\n  tags: [java, " + w + "]\n  annotations:\n    verdict.dev/jdk: \""
                        + JDKS[random.nextInt(JDKS.length)]
                        + "\"\n    backstage.io/source-location: url:https://git.example.com/" + owner + "/svc-" + i
                        + "\n");
        if (lifecycle.equals("production") && random.nextInt(3) > 0) {
            sb.append("  links:\n    - url: https://runbooks.example.com/svc-")
                    .append(i)
                    .append("\n      title: Runbook\n      type: runbook\n");
        }
        sb.append("spec:\n  type: ")
                .append(random.nextInt(6) == 0 ? "website" : "service")
                .append("\n  lifecycle: ")
                .append(lifecycle)
                .append("\n  owner: ")
                .append(owner)
                .append("\n  system: system-")
                .append(random.nextInt(systems))
                .append('\n');
        List<String> provides = new ArrayList<>();
        for (int k = random.nextInt(3); k > 0; k--) {
            provides.add("api-" + random.nextInt(apis));
        }
        List<String> consumes = new ArrayList<>();
        for (int k = random.nextInt(5); k > 0; k--) {
            consumes.add("api-" + random.nextInt(apis));
        }
        List<String> depends = new ArrayList<>();
        for (int k = 1 + random.nextInt(5); k > 0 && i > 0; k--) {
            depends.add("component:svc-" + random.nextInt(i)); // only older components: a DAG
        }
        if (random.nextInt(2) == 0) {
            depends.add("resource:res-" + random.nextInt(resources));
        }
        sb.append("  providesApis: ")
                .append(provides.stream().distinct().toList())
                .append('\n');
        sb.append("  consumesApis: ")
                .append(consumes.stream().distinct().toList())
                .append('\n');
        sb.append("  dependsOn: ").append(depends.stream().distinct().toList()).append('\n');
        return sb.toString();
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static List<String[]> filesFor(int total, long seed) {
        CatalogRepoGenerator g = new CatalogRepoGenerator(seed);
        g.build(total);
        return g.files;
    }
}

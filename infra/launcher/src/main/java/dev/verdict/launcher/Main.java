package dev.verdict.launcher;

import dev.verdict.launcher.bench.BenchCommand;
import dev.verdict.launcher.stack.Stack;
import dev.verdict.launcher.stack.StackException;
import dev.verdict.launcher.stack.StackLayout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Entry point of {@code ./verdict}: up, down, status, logs NAME, deploy, bench, faults. */
public final class Main {

    private Main() {}

    static Map<String, Command> commands() {
        Map<String, Command> c = new LinkedHashMap<>();
        c.put("up", new Command() {
            public String usage() {
                return "up [--no-build]    build missing service jars, start the stack, wait until healthy";
            }

            public int run(Stack s, List<String> a) {
                s.up(!a.contains("--no-build"));
                return 0;
            }
        });
        c.put("down", new Command() {
            public String usage() {
                return "down               stop everything up started (SIGTERM, SIGKILL after 30 s)";
            }

            public int run(Stack s, List<String> a) {
                s.down();
                return 0;
            }
        });
        c.put("status", new Command() {
            public String usage() {
                return "status             name, pid, port, process state and health of each component";
            }

            public int run(Stack s, List<String> a) {
                s.status();
                return 0;
            }
        });
        c.put("logs", new Command() {
            public String usage() {
                return "logs NAME [-n N]   last N (100) lines of .verdict/logs/NAME.log";
            }

            public int run(Stack s, List<String> a) {
                if (a.isEmpty()) {
                    throw new StackException("usage: ./verdict logs NAME [-n LINES]");
                }
                int n = 100;
                int i = a.indexOf("-n");
                if (i >= 0 && i + 1 < a.size()) {
                    n = Integer.parseInt(a.get(i + 1));
                }
                s.logs(a.get(0), n);
                return 0;
            }
        });
        c.put("deploy", new dev.verdict.launcher.deploy.DeployCommand());
        c.put("bench", new BenchCommand());
        c.put("faults", new dev.verdict.launcher.faults.FaultsCommand());
        c.put("soak", new dev.verdict.launcher.soak.SoakCommand());
        return c;
    }

    public static void main(String[] args) {
        Map<String, Command> commands = commands();
        if (args.length == 0 || !commands.containsKey(args[0])) {
            System.err.println("usage: ./verdict COMMAND");
            commands.values().forEach(cmd -> System.err.println("  " + cmd.usage()));
            System.exit(args.length == 0 || args[0].equals("help") || args[0].equals("--help") ? 0 : 2);
        }
        Path root = Path.of(System.getProperty("verdict.root", "."));
        Stack stack = new Stack(new StackLayout(root), System.out);
        try {
            System.exit(commands.get(args[0]).run(stack, List.of(args).subList(1, args.length)));
        } catch (StackException e) {
            System.err.println("verdict: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("verdict: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }
}

package dev.verdict.launcher.bench;

import dev.verdict.launcher.Command;
import dev.verdict.launcher.stack.Stack;
import java.util.List;

/**
 * {@code ./verdict bench} is handled by the {@code verdict} script itself, which execs the benchmark-harness CLI
 * (so Ctrl-C reaches the harness, not this launcher). This entry only lists it in the usage.
 */
public final class BenchCommand implements Command {

    @Override
    public String usage() {
        return "bench ARGS         JDK comparison jobs (benchmark-harness): jdks | run | compare | publish; --help";
    }

    @Override
    public int run(Stack stack, List<String> args) {
        System.err.println(
                "run it through ./verdict bench (the script execs benchmark-harness/cli/target/benchmark-harness.jar)");
        return 2;
    }
}

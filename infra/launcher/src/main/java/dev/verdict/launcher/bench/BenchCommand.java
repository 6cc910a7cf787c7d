package dev.verdict.launcher.bench;

import dev.verdict.launcher.Command;
import dev.verdict.launcher.stack.Stack;

import java.util.List;

/** Hook for {@code ./verdict bench}: the benchmark harness plugs in here (not implemented yet). */
public final class BenchCommand implements Command {

    @Override
    public String usage() {
        return "bench ...          run the JDK benchmark suite (not available yet)";
    }

    @Override
    public int run(Stack stack, List<String> args) {
        System.err.println("./verdict bench is not implemented yet (the benchmark-harness module will provide it).");
        return 2;
    }
}

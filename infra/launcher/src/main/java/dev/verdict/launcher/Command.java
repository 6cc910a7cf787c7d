package dev.verdict.launcher;

import dev.verdict.launcher.stack.Stack;
import dev.verdict.launcher.stack.StackException;
import java.util.List;

/** One ./verdict sub-command. New ones (e.g. bench) are registered in {@link Main#commands()}. */
public interface Command {

    /** One line for the help text. */
    String usage();

    /** Returns the process exit code. */
    int run(Stack stack, List<String> args) throws Exception;

    /** The value after {@code name} in the arguments ({@code --seed 7}), or {@code fallback}. */
    static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }

    /** As {@link #option}, a whole number; anything else is a usage error that names the option. */
    static long number(List<String> args, String name, long fallback) {
        String v = option(args, name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new StackException(name + " must be a whole number, got '" + v + "'");
        }
    }
}

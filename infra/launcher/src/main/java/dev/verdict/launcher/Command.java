package dev.verdict.launcher;

import dev.verdict.launcher.stack.Stack;
import java.util.List;

/** One ./verdict sub-command. New ones (e.g. bench) are registered in {@link Main#commands()}. */
public interface Command {

    /** One line for the help text. */
    String usage();

    /** Returns the process exit code. */
    int run(Stack stack, List<String> args) throws Exception;
}

package dev.verdict.bench;

import dev.verdict.bench.compare.CompareCommand;
import dev.verdict.bench.jdk.JdksCommand;
import dev.verdict.bench.publish.PublishCommand;
import dev.verdict.bench.report.ReportCommand;
import dev.verdict.bench.run.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The benchmark-harness CLI: {@code jdks}, {@code run}, {@code compare}, {@code report}, {@code publish}. */
@Command(
        name = "benchmark-harness",
        mixinStandardHelpOptions = true,
        version = "benchmark-harness 0.1.0",
        description = "JDK comparison jobs that produce evidence: discover JDKs, run a JMH suite under each, compare"
                + " with confidence intervals, report, publish.",
        subcommands = {
            JdksCommand.class,
            RunCommand.class,
            CompareCommand.class,
            ReportCommand.class,
            PublishCommand.class
        })
public class Main implements Runnable {

    static {
        // kafka-clients logs through slf4j-simple: only warnings and errors belong on a CLI's console
        System.setProperty(
                "org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI in this JVM and returns the exit status (tests call this). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof BenchException be) {
                commandLine.getErr().println("error: " + be.getMessage());
                commandLine.getErr().flush();
                return be.exitCode();
            }
            if (e instanceof dev.verdict.jdks.JdkException je) { // a --jdk that names no usable JDK
                commandLine.getErr().println("error: " + je.getMessage());
                commandLine.getErr().flush();
                return BenchException.BAD_INPUT;
            }
            throw e;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

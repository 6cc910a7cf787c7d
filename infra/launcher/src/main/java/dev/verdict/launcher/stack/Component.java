package dev.verdict.launcher.stack;

import java.io.IOException;
import java.time.Duration;

/** One process of the local stack: how to start it, probe it, stop it and clean up after a crash. */
public abstract class Component {

    private final String name;

    protected Component(String name) {
        this.name = name;
    }

    public final String name() {
        return name;
    }

    /** The port shown by status and checked for foreign users before a start. */
    public abstract int port();

    /** Cheap readiness probe (also used by status). */
    public abstract boolean healthy(StackContext ctx);

    /** Human-readable address for the summary. */
    public abstract String address();

    /** Starts the process detached; returns the pid to record. */
    public abstract long launch(StackContext ctx) throws IOException;

    /** Stop the whole process group (for wrappers that fork, like kc.sh) instead of the pid. */
    public boolean stopsByGroup() {
        return false;
    }

    public Duration readyTimeout() {
        return Duration.ofMinutes(2);
    }

    public Duration stopTimeout() {
        return Duration.ofSeconds(30);
    }

    /** Before a fresh start: clean what a crashed run left behind (e.g. an orphaned postmaster). */
    public void recover(StackContext ctx) {}

    /** Once healthy, e.g. create topics. */
    public void afterReady(StackContext ctx) {}

    /** After the process is gone. */
    public void afterStop(StackContext ctx) {
        recover(ctx);
    }
}

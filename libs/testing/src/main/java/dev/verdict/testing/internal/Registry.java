package dev.verdict.testing.internal;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one place per JVM where the running PostgreSQL and Kafka live. Quarkus runs tests and test resources in
 * class loaders of its own (and closes them when an application restarts), so the facades
 * ({@code TestPostgres}, {@code TestKafka}) always reach this class through the system class loader and talk to it
 * only with JDK types: every caller in every class loader sees the same instances, and the servers' threads never
 * depend on a Quarkus class loader that may be closed later.
 */
public final class Registry {

    // One lock per kind, so PostgreSQL and Kafka can start in parallel.
    private static final Object POSTGRES_LOCK = new Object();
    private static final Object KAFKA_LOCK = new Object();
    private static Map<String, Object> postgres;
    private static Map<String, Object> kafka;

    private Registry() {}

    /** Returns the handle of {@code kind} ("postgres" or "kafka"), starting the server on first use. */
    public static Map<String, Object> handle(String kind) {
        switch (kind) {
            case "postgres":
                synchronized (POSTGRES_LOCK) {
                    if (postgres == null) {
                        postgres =
                                inOwnLoader(() -> PostgresServer.startShared().handle());
                    }
                    return postgres;
                }
            case "kafka":
                synchronized (KAFKA_LOCK) {
                    if (kafka == null) {
                        kafka = inOwnLoader(() -> KafkaBroker.startShared().handle());
                    }
                    return kafka;
                }
            default:
                throw new IllegalArgumentException("unknown test server kind: " + kind);
        }
    }

    /**
     * Runs {@code action} with this library's class loader as the thread's context class loader. Kafka and
     * log4j load plug-in classes through the context class loader, and threads inherit it: a Quarkus test thread
     * would otherwise hand the servers a Quarkus class loader with second copies of kafka-clients and log4j
     * (ClassCastExceptions), one that is closed when that application stops.
     */
    static <T> T inOwnLoader(Supplier<T> action) {
        Thread current = Thread.currentThread();
        ClassLoader callerLoader = current.getContextClassLoader();
        current.setContextClassLoader(Registry.class.getClassLoader());
        try {
            return action.get();
        } finally {
            current.setContextClassLoader(callerLoader);
        }
    }

    /**
     * Called by the facades: loads this class through the system class loader when the library is on the class
     * path there (surefire, failsafe, IDEs), else falls back to the caller's copy.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> lookup(String kind) {
        Class<?> registry;
        try {
            registry = Class.forName(Registry.class.getName(), true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException notOnSystemClassPath) {
            registry = Registry.class;
        }
        try {
            return (Map<String, Object>)
                    registry.getMethod("handle", String.class).invoke(null, kind);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException("cannot start test " + kind, cause);
        }
    }

    /** Small helper so handles read naturally: {@code call(handle, "jdbcUrl", "db")}. */
    @SuppressWarnings("unchecked")
    public static Object call(Map<String, Object> handle, String name, Object arg) {
        return ((Function<Object, Object>) handle.get(name)).apply(arg);
    }
}

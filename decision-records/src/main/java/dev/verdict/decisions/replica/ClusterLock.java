package dev.verdict.decisions.replica;

import dev.verdict.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Mutual exclusion between the replicas of decision-records that share one PostgreSQL, through advisory locks
 * ({@code pg_advisory_lock(KEY, name.id)}). Two forms:
 * <ul>
 * <li>{@link #inTransaction(Name)}: a transaction-scoped lock on the caller's JTA connection, held until its commit or
 * rollback. Every write that ends in a git commit takes {@link Name#GIT} first, before any row lock, so that git
 * commits happen in the same order as the database commits and a sync never deadlocks with a write.</li>
 * <li>{@link #exclusive(Name, Supplier)} / {@link #tryExclusive(Name, Supplier)}: a session lock on a connection of
 * its own, held across several transactions (a git sync imports decision by decision). Nested
 * {@link #inTransaction} calls of the same thread see the lock as held and do not wait for themselves.</li>
 * </ul>
 * A replica that dies loses its connection and with it the lock, so no lock outlives its holder.
 */
@ApplicationScoped
public class ClusterLock {

    /** The things that only one replica does at a time. */
    public enum Name {
        /** Any change of the git mirror (commit, fetch/merge, push, sync). */
        GIT(0),
        /** The scheduled staleness re-evaluation. */
        STALENESS(1);

        /**
         * The lock's second key. Explicit, never {@code ordinal()}: replicas of two versions run side by side during
         * a rolling update, and a reordered or inserted constant must not make them take different locks. The
         * values are the ordinals they replaced, so replicas of the version before take the same locks.
         */
        final int id;

        Name(int id) {
            this.id = id;
        }
    }

    /** First key of the two-int advisory locks: 'vdrc' (verdict decision-records). */
    static final int KEY = 0x76647263;

    private static final ThreadLocal<Set<Name>> HELD = ThreadLocal.withInitial(() -> EnumSet.noneOf(Name.class));

    private final Jdbc jdbc;

    public ClusterLock(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes {@code name} for the rest of the current transaction (waits); a no-op if this thread holds it already. */
    public void inTransaction(Name name) {
        if (HELD.get().contains(name)) {
            return;
        }
        jdbc.one(
                "select pg_advisory_xact_lock(?, ?)",
                ps -> {
                    ps.setInt(1, KEY);
                    ps.setInt(2, name.id);
                },
                rs -> true);
    }

    /** Runs {@code work} holding {@code name} (waits for it). Not inside a transaction: it spans several. */
    public <T> T exclusive(Name name, Supplier<T> work) {
        return run(name, work, true).orElse(null);
    }

    /** Runs {@code work} if {@code name} is free now; empty if another replica (or thread) holds it. */
    public <T> Optional<T> tryExclusive(Name name, Supplier<T> work) {
        return run(name, work, false);
    }

    private <T> Optional<T> run(Name name, Supplier<T> work, boolean wait) {
        if (HELD.get().contains(name)) {
            return Optional.ofNullable(work.get());
        }
        // a session lock: held on this one connection for the whole work, which spans transactions
        return jdbc.run("taking the " + name + " lock", c -> {
            if (!c.getAutoCommit()) {
                throw new IllegalStateException("a session lock is not taken inside a transaction");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    wait ? "select pg_advisory_lock(?, ?), true" : "select pg_try_advisory_lock(?, ?)")) {
                ps.setInt(1, KEY);
                ps.setInt(2, name.id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(wait ? 2 : 1)) {
                        return Optional.empty();
                    }
                }
            }
            HELD.get().add(name);
            try {
                return Optional.ofNullable(work.get());
            } finally {
                HELD.get().remove(name);
                try (PreparedStatement ps = c.prepareStatement("select pg_advisory_unlock(?, ?)")) {
                    ps.setInt(1, KEY);
                    ps.setInt(2, name.id);
                    ps.execute();
                }
            }
        });
    }

    /** Whether this thread holds {@code name} (for assertions in callers). */
    public boolean heldByThisThread(Name name) {
        return HELD.get().contains(name);
    }
}

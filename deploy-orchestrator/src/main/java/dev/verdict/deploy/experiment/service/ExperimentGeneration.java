package dev.verdict.deploy.experiment.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter bumped after every committed change of any experiment in this process, so caches of definitions (the
 * REST allocation's) drop what they hold at once instead of asking the database on every request. Changes made by
 * another replica reach such a cache when its entries expire.
 */
@ApplicationScoped
public class ExperimentGeneration {

    private final AtomicLong generation = new AtomicLong();
    private final TransactionSynchronizationRegistry transactions;

    public ExperimentGeneration(TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
    }

    public long current() {
        return generation.get();
    }

    /** Bumps the counter when the current transaction commits (a rolled-back change changed nothing). */
    public void bumpAfterCommit() {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    generation.incrementAndGet();
                }
            }
        });
    }
}

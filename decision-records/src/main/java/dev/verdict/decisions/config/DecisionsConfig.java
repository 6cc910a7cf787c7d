package dev.verdict.decisions.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Settings of decision-records ({@code verdict.decisions.*}). */
@ConfigMapping(prefix = "verdict.decisions")
public interface DecisionsConfig {

    /** Accepting a decision needs evidence status SUPPORTED unless an architect writes an override. */
    @WithDefault("true")
    boolean evidenceGate();

    Git git();

    Consumers consumers();

    Staleness staleness();

    interface Staleness {
        /** How often every decision with criteria is re-evaluated so old evidence turns STALE ({@code off}: never). */
        @WithDefault("1h")
        String every();

        /** Delay of the first run after start. */
        @WithDefault("30s")
        String delay();
    }

    interface Git {
        /** Mirror every change to a git repository. */
        @WithDefault("true")
        boolean enabled();

        /** Directory of the local repository (created and initialised if missing). */
        String repository();

        /** Optional remote URL: cloned from at start, pushed to after each commit, pulled from by the pull job. */
        Optional<String> remote();

        /** How often direct edits are pulled from the repository ({@code off} to disable the schedule). */
        @WithDefault("60s")
        String pullEvery();

        /** Delay of the first scheduled pull after start. */
        @WithDefault("10s")
        String pullDelay();

        /** Timeout of one fetch or push. */
        @WithDefault("30s")
        java.time.Duration timeout();

        /** How often a push rejected as non-fast-forward is retried after fetch and merge. */
        @WithDefault("3")
        int pushAttempts();

        /** Branch the mirror commits to. */
        @WithDefault("main")
        String branch();
    }

    interface Consumers {
        /** Consume evidence events from Kafka (verdict.benchmarks/deploy/experiments/telemetry.v1). */
        @WithDefault("true")
        boolean enabled();

        /** Consumer loops in this process (same group: the topics' partitions are shared among them). */
        @WithDefault("1")
        int threads();

        /** Most records per poll, and so per database transaction and per evaluation of a touched decision. */
        @WithDefault("2000")
        int maxPollRecords();
    }
}

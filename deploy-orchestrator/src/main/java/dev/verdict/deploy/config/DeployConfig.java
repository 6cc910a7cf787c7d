package dev.verdict.deploy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Settings of deploy-orchestrator ({@code verdict.deploy.*}). */
@ConfigMapping(prefix = "verdict.deploy")
public interface DeployConfig {

    Target target();

    Driver driver();

    /** How long canary and baseline may take until every instance is ready; then the deployment rolls back. */
    @WithDefault("2m")
    Duration startupTimeout();

    /** The spacing of the points asked from a metric source (the router answers with its own record interval). */
    @WithDefault("10s")
    Duration metricStep();

    Demo demo();

    Experiments experiments();

    /** Experiment analysis. */
    interface Experiments {
        /** How often running experiments whose arm sums changed are analysed (and their snapshot published). */
        @WithDefault("30s")
        Duration analysisEvery();

        /** The error rate of every interval, test and stopping rule. */
        @WithDefault("0.05")
        double alpha();

        /** The planned units per arm: the group-sequential test spends its alpha up to it and the confidence sequence is tightest there. */
        @WithDefault("5000")
        long tuningUnits();
    }

    /**
     * Metric-source plugins besides the target's own, by id, each with its settings: e.g.
     * {@code verdict.deploy.metric-sources.prometheus.url=http://prometheus:9090}. A canary config's
     * {@code query.type} names the source a metric is read from.
     */
    Map<String, Map<String, String>> metricSources();

    /** The local demo's background traffic. */
    interface Demo {
        /** Where to send it (the router in front of the demo service); off when unset. */
        Optional<String> loadUrl();

        /** Requests per second. */
        @WithDefault("20")
        int loadRps();

        Shoppers shoppers();

        /** Simulated shoppers in the demo experiment (see DemoShoppers); off at rate 0. */
        interface Shoppers {
            /** New users per second. */
            @WithDefault("0")
            int rate();

            /** The experiment they shop in. */
            @WithDefault("new-checkout")
            String experiment();

            /** The true relative lift of the treatment on order value. */
            @WithDefault("0.08")
            double lift();

            @WithDefault("20261202")
            long seed();

            /** This service's client secret, for the SDK's client-credentials token. */
            Optional<String> clientSecret();
        }
    }

    interface Target {
        /** The deploy target plugin's id ({@code process}: local OS processes behind the weighted router). */
        @WithDefault("process")
        String type();

        /**
         * Each target plugin's own settings, by plugin id and then the names its factory declares
         * ({@code verdict.deploy.target.settings.process.work-dir}, {@code ...settings.kubernetes.gateway}); only
         * the chosen type's are read, so switching {@link #type} needs no other change.
         */
        Map<String, Map<String, String>> settings();

        /**
         * Stop every placement when this process shuts down (the local stack's {@code ./verdict down}); off, they
         * keep running and a restarted orchestrator adopts them.
         */
        @WithDefault("false")
        boolean stopOnShutdown();
    }

    interface Driver {
        /** Whether this replica drives deployments (off: it only serves the API). */
        @WithDefault("true")
        boolean enabled();

        /** How often due deployments are looked for; manual actions and triggers wake the driver at once. */
        @WithDefault("500ms")
        Duration every();

        /** Pause before a deployment whose action failed (target or metric source down) is tried again. */
        @WithDefault("5s")
        Duration retryAfter();
    }
}

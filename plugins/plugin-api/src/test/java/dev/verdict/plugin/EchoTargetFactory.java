package dev.verdict.plugin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A test plugin registered in META-INF/services: a target that only records what it was asked. */
public class EchoTargetFactory implements DeployTargetFactory {

    static final Setting<Integer> PORT = Setting.integer("router-port", "where the router listens", 8090);
    static final Setting<Duration> READY = Setting.duration("ready-timeout", "how long an instance may start", "30s");
    static final Setting<String> HOME = Setting.text("home", "where instances keep their files", null);

    @Override
    public String id() {
        return "echo";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(PORT, READY, HOME);
    }

    @Override
    public DeployTarget create(Settings settings) {
        return new Echo(settings.get(PORT), settings.get(READY), settings.get(HOME));
    }

    record Echo(int port, Duration ready, String home, List<String> calls) implements DeployTarget {
        Echo(int port, Duration ready, String home) {
            this(port, ready, home, new ArrayList<>());
        }

        @Override
        public Placement deploy(DeploySpec spec) {
            calls.add("deploy " + spec.scope().label());
            return new Placement(
                    spec.deploymentId() + "-" + spec.scope().label(), spec.component(), spec.scope(), spec.version());
        }

        @Override
        public List<InstanceStatus> instances(Placement placement) {
            return List.of();
        }

        @Override
        public void setWeights(String component, Map<Scope, Integer> percent) {
            DeployTarget.checkWeights(percent);
            calls.add("weights " + percent);
        }

        @Override
        public Placement rescope(Placement placement, Scope scope) {
            return new Placement(placement.id(), placement.component(), scope, placement.version());
        }

        @Override
        public void remove(Placement placement) {
            calls.add("remove " + placement.id());
        }
    }
}

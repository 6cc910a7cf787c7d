package dev.verdict.plugin.process.router;

import dev.verdict.plugin.DeployTarget;
import dev.verdict.plugin.Scope;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the router sends where: the ready instances of each scope and the percent of requests each scope gets. A
 * scope with weight but no instance is refused: its requests would have nowhere to go.
 */
public record Routes(Map<Scope, List<InetSocketAddress>> instances, Map<Scope, Integer> percent) {

    public Routes {
        DeployTarget.checkWeights(percent);
        Map<Scope, List<InetSocketAddress>> copy = new EnumMap<>(Scope.class);
        instances.forEach((s, l) -> copy.put(s, List.copyOf(l)));
        for (var e : percent.entrySet()) {
            if (e.getValue() > 0 && copy.getOrDefault(e.getKey(), List.of()).isEmpty()) {
                throw new IllegalArgumentException(
                        e.getKey().label() + " has weight " + e.getValue() + " but no instance to send it to");
            }
        }
        instances = Map.copyOf(copy);
        percent = Map.copyOf(new EnumMap<>(percent));
    }

    /** Everything to one scope. */
    public static Routes only(Scope scope, List<InetSocketAddress> instances) {
        return new Routes(Map.of(scope, instances), Map.of(scope, 100));
    }
}

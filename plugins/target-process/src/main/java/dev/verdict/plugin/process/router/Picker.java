package dev.verdict.plugin.process.router;

import dev.verdict.plugin.Scope;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Chooses the scope of each request by smooth weighted round robin (nginx's): deterministic, and exact over every
 * hundred requests, so an 80/10/10 split is 80/10/10 and a weight of 0 never gets a request; then the scope's
 * instances in turn. One picker per {@link Routes}; a new split is a new picker.
 */
final class Picker {

    record Choice(Scope scope, InetSocketAddress address) {}

    private final Scope[] scopes;
    private final int[] weights;
    private final int[] current;
    private final List<InetSocketAddress>[] instances;
    private final int[] next;

    @SuppressWarnings("unchecked")
    Picker(Routes routes) {
        List<Scope> live = routes.percent().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(java.util.Map.Entry::getKey)
                .sorted()
                .toList();
        scopes = live.toArray(Scope[]::new);
        weights = live.stream().mapToInt(s -> routes.percent().get(s)).toArray();
        current = new int[scopes.length];
        instances = live.stream().map(s -> routes.instances().get(s)).toArray(List[]::new);
        next = new int[scopes.length];
    }

    synchronized Choice pick() {
        int best = 0;
        for (int i = 0; i < scopes.length; i++) {
            current[i] += weights[i];
            if (current[i] > current[best]) {
                best = i;
            }
        }
        current[best] -= 100;
        List<InetSocketAddress> l = instances[best];
        InetSocketAddress a = l.get(next[best]);
        next[best] = (next[best] + 1) % l.size();
        return new Choice(scopes[best], a);
    }
}

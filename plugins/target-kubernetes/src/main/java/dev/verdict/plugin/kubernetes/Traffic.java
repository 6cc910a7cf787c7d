package dev.verdict.plugin.kubernetes;

import dev.verdict.plugin.Scope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic of a split, apart from the cluster: percent per scope becomes a weight per placement (a Gateway
 * API backendRef weight) or a replica count per placement (without a gateway). Two placements share a scope for a
 * moment during a promotion (the promoted canary and the old stable); they share its weight by replica count.
 */
final class Traffic {

    /** One placement of the component as the cluster has it: its name, scope and the replicas it was given. */
    record Member(String name, Scope scope, int instances) {}

    private Traffic() {}

    /** The backendRef weight of every member; the weights of a scope's members sum to the scope's percent. */
    static Map<String, Integer> weights(List<Member> members, Map<Scope, Integer> percent) {
        checkPlaced(members, percent);
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Scope scope : Scope.values()) {
            List<Member> of = of(members, scope);
            int[] shares = apportion(
                    percent.getOrDefault(scope, 0),
                    of.stream().mapToInt(Member::instances).toArray());
            for (int i = 0; i < of.size(); i++) {
                out.put(of.get(i).name(), shares[i]);
            }
        }
        return out;
    }

    /**
     * Replicas per member when the pods' share is the traffic's share, as Argo Rollouts does without a traffic
     * router: {@code total} pods in all, a canary or baseline of {@code w} % gets {@code ceil(total * w / 100)}
     * (at least one while its weight is above 0), stable the rest (at least one while its weight is above 0), a
     * scope at 0 % none. With few pods the shares are coarse: 5 pods move in steps of 20 %.
     */
    static Map<String, Integer> replicas(List<Member> members, Map<Scope, Integer> percent, int total) {
        checkPlaced(members, percent);
        Map<Scope, Integer> pods = new LinkedHashMap<>();
        int others = 0;
        for (Scope scope : List.of(Scope.CANARY, Scope.BASELINE)) {
            int w = percent.getOrDefault(scope, 0);
            int n = w == 0 ? 0 : Math.max(1, (int) Math.ceil(total * w / 100.0));
            pods.put(scope, n);
            others += n;
        }
        int stableWeight = percent.getOrDefault(Scope.STABLE, 0);
        pods.put(Scope.STABLE, stableWeight == 0 ? 0 : Math.max(1, total - others));
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Scope scope : Scope.values()) {
            List<Member> of = of(members, scope);
            int[] n = apportion(
                    pods.get(scope), of.stream().mapToInt(Member::instances).toArray());
            for (int i = 0; i < of.size(); i++) {
                out.put(of.get(i).name(), n[i]);
            }
        }
        return out;
    }

    private static void checkPlaced(List<Member> members, Map<Scope, Integer> percent) {
        percent.forEach((scope, w) -> {
            if (w > 0 && of(members, scope).isEmpty()) {
                throw new IllegalArgumentException(
                        scope.label() + " gets " + w + " % but has no placement; a scope without one must get 0");
            }
        });
    }

    private static List<Member> of(List<Member> members, Scope scope) {
        List<Member> out = new ArrayList<>();
        for (Member m : members) {
            if (m.scope() == scope) {
                out.add(m);
            }
        }
        out.sort(Comparator.comparing(Member::name));
        return out;
    }

    /** {@code amount} split in proportion to {@code by}, largest remainder first, so the parts sum to it. */
    static int[] apportion(int amount, int[] by) {
        int[] out = new int[by.length];
        if (by.length == 0) {
            return out;
        }
        long sum = 0;
        for (int b : by) {
            sum += Math.max(b, 1);
        }
        double[] rest = new double[by.length];
        int given = 0;
        for (int i = 0; i < by.length; i++) {
            double exact = amount * (double) Math.max(by[i], 1) / sum;
            out[i] = (int) Math.floor(exact);
            rest[i] = exact - out[i];
            given += out[i];
        }
        while (given < amount) {
            int best = 0;
            for (int i = 1; i < by.length; i++) {
                if (rest[i] > rest[best]) {
                    best = i;
                }
            }
            out[best]++;
            rest[best] = -1;
            given++;
        }
        return out;
    }
}

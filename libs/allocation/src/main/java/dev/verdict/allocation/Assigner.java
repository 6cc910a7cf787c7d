package dev.verdict.allocation;

import java.util.Map;

/**
 * One unit's assignment as every Verdict caller makes it (the REST endpoint and the Java SDK): a forced QA unit gets
 * its variation and is not counted; everyone else goes through {@link Allocator#run}. The reason says, in words, why a
 * unit is or is not in the experiment.
 */
public final class Assigner {

    /**
     * @param unit      the hash attribute's value, or null when the unit has none
     * @param reason    {@code hashed}, {@code forced}, {@code not running}, {@code no <attribute> attribute} or
     *                  {@code not included (coverage, namespace or targeting)}
     */
    public record Outcome(String unit, int variation, boolean inExperiment, String reason) {}

    private Assigner() {}

    public static Outcome assign(Experiment e, Map<String, Integer> forced, Map<String, ?> attributes) {
        String attribute = e.hashAttribute() == null ? "id" : e.hashAttribute();
        Object id = attributes.get(attribute);
        String unit = id == null ? null : String.valueOf(id);
        Integer f = unit == null ? null : forced.get(unit);
        if (f != null) {
            return new Outcome(unit, f, false, "forced");
        }
        Allocator.Allocation a = Allocator.run(e, Allocator.Context.of(attributes));
        String reason;
        if (a.inExperiment()) {
            reason = "hashed";
        } else if (!e.active()) {
            reason = "not running";
        } else if (unit == null) {
            reason = "no " + attribute + " attribute";
        } else {
            reason = "not included (coverage, namespace or targeting)";
        }
        return new Outcome(unit, a.variation(), a.inExperiment(), reason);
    }
}

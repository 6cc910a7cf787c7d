package dev.verdict.decisions.evidence.model;

import java.util.List;

/** What was measured: the unit and one entry per compared group. */
public record Measurements(String unit, List<MeasurementGroup> groups) {
    public Measurements {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public static Measurements none() {
        return new Measurements(null, List.of());
    }
}

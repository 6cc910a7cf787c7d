package dev.verdict.judge.classify;

import com.fasterxml.jackson.annotation.JsonValue;

/** A metric's classification, spelled as Kayenta spells it in results ({@code Nodata}, not NoData). */
public enum MetricLabel {
    PASS("Pass"),
    HIGH("High"),
    LOW("Low"),
    NODATA("Nodata"),
    NODATA_FAIL_METRIC("NodataFailMetric"),
    ERROR("Error");

    private final String label;

    MetricLabel(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }
}

package dev.verdict.decisions.timeline.model;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;

/** What happened to a decision. The label is what the API shows and the {@code timeline_entry.kind} column holds. */
public enum TimelineKind {
    CREATED("created"),
    EDITED("edited"),
    TRANSITION("transition"),
    SUPERSEDED("superseded"),
    EVIDENCE("evidence"),
    EVIDENCE_STATUS("evidence-status"),
    COMMENT("comment"),
    GATE_OVERRIDE("gate-override"),
    IMPORTED("imported"),
    GIT_PULL("git-pull"),
    GIT_CONFLICT("git-conflict");

    private final String label;

    TimelineKind(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    public static TimelineKind ofLabel(String label) {
        return Arrays.stream(values())
                .filter(k -> k.label.equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown timeline kind: " + label));
    }

    /** Stores the label, not the constant's name or ordinal: the column predates the enum and is read by SQL. */
    @Converter(autoApply = true)
    public static final class Column implements AttributeConverter<TimelineKind, String> {
        @Override
        public String convertToDatabaseColumn(TimelineKind kind) {
            return kind == null ? null : kind.label;
        }

        @Override
        public TimelineKind convertToEntityAttribute(String label) {
            return label == null ? null : ofLabel(label);
        }
    }
}

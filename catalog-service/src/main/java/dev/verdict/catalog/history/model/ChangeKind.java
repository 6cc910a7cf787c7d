package dev.verdict.catalog.history.model;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;

/**
 * What a write did to an entity. The label is what the API and the {@code entity.upserted} event show and what
 * {@code entity_history.change} holds; {@link #UNCHANGED} is only ever a write's result, never a history row.
 */
public enum ChangeKind {
    CREATED("created"),
    UPDATED("updated"),
    UNCHANGED("unchanged"),
    DELETED("deleted"),
    ORPHANED("orphaned");

    private final String label;

    ChangeKind(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    public static ChangeKind ofLabel(String label) {
        return Arrays.stream(values())
                .filter(k -> k.label.equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown change kind: " + label));
    }

    /** Stores the label, not the constant's name or ordinal: the column predates the enum and is read by SQL. */
    @Converter(autoApply = true)
    public static final class Column implements AttributeConverter<ChangeKind, String> {
        @Override
        public String convertToDatabaseColumn(ChangeKind kind) {
            return kind == null ? null : kind.label;
        }

        @Override
        public ChangeKind convertToEntityAttribute(String label) {
            return label == null ? null : ofLabel(label);
        }
    }
}

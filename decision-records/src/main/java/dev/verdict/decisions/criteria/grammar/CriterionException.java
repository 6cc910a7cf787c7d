package dev.verdict.decisions.criteria.grammar;

/**
 * An invalid fitness criterion. {@code field} names the offending part (e.g. {@code threshold}); for the one-line
 * syntax {@code column} is the 1-based position in the text (0 when not known). The message ends with the grammar.
 */
public class CriterionException extends IllegalArgumentException {

    private final String field;
    private final int column;

    public CriterionException(String field, String message) {
        this(field, 0, message);
    }

    public CriterionException(String field, int column, String message) {
        super(message);
        this.field = field;
        this.column = column;
    }

    public String field() {
        return field;
    }

    public int column() {
        return column;
    }

    public String grammar() {
        return CriterionSyntax.GRAMMAR;
    }
}

package dev.verdict.decisions.criteria.grammar;

import java.util.Arrays;
import java.util.Optional;

/** The comparison a criterion makes between the observed statistic and its threshold. */
public enum Comparator {
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    EQ("=="),
    NE("!="),
    /** only with {@code equivalent}: the interval lies within +- the margin */
    WITHIN("within");

    private final String symbol;

    Comparator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public static Optional<Comparator> fromSymbol(String s) {
        return Arrays.stream(values()).filter(v -> v.symbol.equals(s)).findFirst();
    }

    /** Applies the comparator to {@code cmp = observed.compareTo(threshold)}. */
    public boolean test(int cmp) {
        return switch (this) {
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case WITHIN -> throw new IllegalStateException("'within' compares an interval, not a number");
        };
    }

    @Override
    public String toString() {
        return symbol;
    }
}

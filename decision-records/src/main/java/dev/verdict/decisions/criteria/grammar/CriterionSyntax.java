package dev.verdict.decisions.criteria.grammar;

import dev.verdict.decisions.shared.EvidenceKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The optional one-line text form of a criterion, e.g.
 * {@code benchmark "cpu-time-per-op" ratio(jdk25/jdk17) estimate <= 0.90 with n >= 10 and gates passed within 30d}.
 * {@link #parse} and {@link #format} are inverse for every valid criterion (the id is written as a leading
 * {@code name:} label).
 */
public final class CriterionSyntax {

    public static final String GRAMMAR = String.join(
            "\n",
            "criterion  := [id \":\"] kind metric [comparison] statistic comparator threshold",
            "              [\"with n >=\" integer] [\"and gates passed\"] [\"within\" age]",
            "kind       := canary | experiment | benchmark | telemetry | chaos | manual",
            "metric     := \"quoted name\" | name-without-spaces",
            "comparison := ratio(candidate/baseline) | diff(candidate/baseline) | lift(candidate/baseline)",
            "statistic  := estimate | ci.lower | ci.upper | p-value | classification | equivalent",
            "comparator := < | <= | > | >= | == | != | within (only: equivalent within <margin>)",
            "threshold  := decimal number (e.g. 0.90), or a label (e.g. High) for classification with == or !=,",
            "              or a margin (3% or 0.03) for equivalent: the whole interval within it (ratios: 1/1.03..1.03)",
            "age        := integer followed by m | h | d | w (e.g. 30d)",
            "example    : benchmark \"cpu-time-per-op\" ratio(jdk25/jdk17) estimate <= 0.90 with n >= 10"
                    + " and gates passed within 30d");

    private CriterionSyntax() {}

    public static String format(Criterion c) {
        StringBuilder sb = new StringBuilder();
        if (c.id() != null) {
            sb.append(c.id()).append(": ");
        }
        sb.append(c.kind().label()).append(' ').append('"').append(c.metric()).append('"');
        if (c.comparison() != null) {
            sb.append(' ').append(c.comparison());
        }
        sb.append(' ')
                .append(c.statistic().label())
                .append(' ')
                .append(c.comparator().symbol())
                .append(' ')
                .append(c.threshold());
        if (c.minSamples() != null) {
            sb.append(" with n >= ").append(c.minSamples());
        }
        if (c.requireGates()) {
            sb.append(c.minSamples() != null ? " and" : " with").append(" gates passed");
        }
        if (c.maxAge() != null) {
            sb.append(" within ").append(c.maxAge());
        }
        return sb.toString();
    }

    /** @throws CriterionException with the column of the first problem and the grammar in {@link CriterionException#grammar()} */
    public static Criterion parse(String text) {
        if (text == null || text.isBlank()) {
            throw error("criterion", 1, "empty criterion");
        }
        List<Token> tokens = tokenize(text);
        Cursor in = new Cursor(text, tokens);
        String id = null;
        if (in.size() > 1 && in.peek(1).text.equals(":")) {
            Token t = in.next();
            id = t.text;
            in.next();
            if (!Criterion.ID.matcher(id).matches()) {
                throw error("id", t.column, "id '" + id + "' must be lower-case letters, digits and '-'");
            }
        }
        Token kindTok = in.expect("kind");
        EvidenceKind kind = EvidenceKind.fromLabel(kindTok.text)
                .filter(k -> !kindTok.quoted)
                .orElseThrow(() -> error(
                        "kind",
                        kindTok.column,
                        "unknown evidence kind '" + kindTok.text
                                + "'; expected canary, experiment, benchmark, telemetry, chaos or manual"));
        Token metricTok = in.expect("metric");
        String comparison = null;
        Token next = in.expect("comparison or statistic");
        if (!next.quoted && Criterion.COMPARISON.matcher(next.text).matches()) {
            comparison = next.text;
            next = in.expect("statistic");
        } else if (!next.quoted && next.text.contains("(")) {
            throw error(
                    "comparison",
                    next.column,
                    "'" + next.text + "' is not a comparison; expected ratio(candidate/baseline), diff(…) or lift(…)");
        }
        Token statTok = next;
        Statistic statistic = Statistic.fromLabel(statTok.text)
                .filter(s -> !statTok.quoted)
                .orElseThrow(() -> error(
                        "statistic",
                        statTok.column,
                        "unknown statistic '" + statTok.text
                                + "'; expected estimate, ci.lower, ci.upper, p-value, classification or equivalent"));
        Token cmpTok = in.expect("comparator");
        Comparator comparator = Comparator.fromSymbol(cmpTok.text)
                .filter(c -> !cmpTok.quoted)
                .orElseThrow(() -> error(
                        "comparator",
                        cmpTok.column,
                        "unknown comparator '" + cmpTok.text + "'; expected <, <=, >, >=, ==, != or within"));
        Token thrTok = in.expect("threshold");
        Integer minSamples = null;
        boolean gates = false;
        MaxAge maxAge = null;
        if (in.accept("with")) {
            if (in.accept("n")) {
                in.require(">=", "'>=' after 'with n'");
                Token nTok = in.expect("sample size");
                try {
                    minSamples = Integer.parseInt(nTok.text);
                } catch (NumberFormatException e) {
                    throw error(
                            "min-samples", nTok.column, "sample size must be a whole number, was '" + nTok.text + "'");
                }
                if (in.accept("and")) {
                    in.require("gates", "'gates passed' after 'and'");
                    in.require("passed", "'passed' after 'gates'");
                    gates = true;
                }
            } else if (in.accept("gates")) {
                in.require("passed", "'passed' after 'gates'");
                gates = true;
            } else {
                throw error("criterion", in.column(), "expected 'n >= <integer>' or 'gates passed' after 'with'");
            }
        }
        if (in.accept("within")) {
            Token ageTok = in.expect("age");
            try {
                maxAge = MaxAge.parse(ageTok.text);
            } catch (CriterionException e) {
                throw error("max-age", ageTok.column, e.getMessage());
            }
        }
        if (in.hasNext()) {
            Token extra = in.next();
            throw error("criterion", extra.column, "unexpected '" + extra.text + "'");
        }
        try {
            return new Criterion(
                    id,
                    kind,
                    metricTok.text,
                    comparison,
                    statistic,
                    comparator,
                    thrTok.text,
                    minSamples,
                    gates,
                    maxAge);
        } catch (CriterionException e) {
            int col = switch (e.field()) {
                case "metric" -> metricTok.column;
                case "threshold" -> thrTok.column;
                case "comparator" -> cmpTok.column;
                default -> 0;
            };
            throw error(e.field(), col, e.getMessage());
        }
    }

    private static CriterionException error(String field, int column, String message) {
        return new CriterionException(field, column, message + (column > 0 ? " (at column " + column + ")" : ""));
    }

    private record Token(String text, int column, boolean quoted) {}

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = s.indexOf('"', i + 1);
                if (end < 0) {
                    throw error("metric", i + 1, "unterminated quoted name");
                }
                out.add(new Token(s.substring(i + 1, end), i + 1, true));
                i = end + 1;
            } else if (c == ':') {
                out.add(new Token(":", i + 1, false));
                i++;
            } else if ("<>=!".indexOf(c) >= 0) {
                int start = i;
                while (i < s.length() && "<>=!".indexOf(s.charAt(i)) >= 0) {
                    i++;
                }
                out.add(new Token(s.substring(start, i), start + 1, false));
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "\"<>=!:".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                out.add(new Token(s.substring(start, i), start + 1, false));
            }
        }
        return out;
    }

    private static final class Cursor {
        private final String text;
        private final List<Token> tokens;
        private int pos;

        Cursor(String text, List<Token> tokens) {
            this.text = text;
            this.tokens = tokens;
        }

        int size() {
            return tokens.size();
        }

        Token peek(int ahead) {
            return tokens.get(pos + ahead);
        }

        boolean hasNext() {
            return pos < tokens.size();
        }

        Token next() {
            return tokens.get(pos++);
        }

        int column() {
            return hasNext() ? tokens.get(pos).column : text.length() + 1;
        }

        Token expect(String what) {
            if (!hasNext()) {
                throw error(fieldOf(what), text.length() + 1, "missing " + what);
            }
            return next();
        }

        boolean accept(String word) {
            if (hasNext() && !tokens.get(pos).quoted && tokens.get(pos).text.equals(word)) {
                pos++;
                return true;
            }
            return false;
        }

        void require(String word, String what) {
            if (!accept(word)) {
                throw error("criterion", column(), "expected " + what);
            }
        }

        private static String fieldOf(String what) {
            return switch (what) {
                case "comparison or statistic" -> "statistic";
                case "sample size" -> "min-samples";
                case "age" -> "max-age";
                default -> what;
            };
        }
    }
}

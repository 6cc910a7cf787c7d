package dev.verdict.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of a real file's text, for the parser-level bad-input properties (issue #18): what a person, an
 * editor or a broken transfer does to a file. A property test feeds every real file of a format (Backstage's examples,
 * MADR's own records, JMH's output...) through {@link #mutate} with seeds from jqwik, and checks that the parser
 * either reads it or says what is wrong, and where, in its own error type; never anything else.
 */
public final class Mutations {

    /** A mutated text and what was done to it, for the failure message. */
    public record Mutant(String text, String description) {}

    /** The operators, in the order {@link #mutate} draws from. */
    public enum Operator {
        DELETE_LINE,
        DUPLICATE_LINE,
        SWAP_LINES,
        TRUNCATE,
        INDENT_LINE,
        DEDENT_LINE,
        REPLACE_CHARACTER,
        INSERT_CONTROL_CHARACTER,
        INSERT_NON_BMP,
        DELETE_CHARACTER,
        LONG_LINE,
        REPEAT_BLOCK
    }

    private static final String[] ODD = {
        "\u0000",
        "\u0007",
        "\uFEFF",
        "\t",
        "\r",
        "\u00a0",
        "\u2028",
        "\uFFFD",
        ":",
        "---",
        "#",
        "{",
        "}",
        "[",
        "\"",
        "'",
        "&a",
        "*a",
        "!!binary",
        "|",
        ">",
        "%",
        "@",
        "`",
        "\\",
        "- ",
        "..."
    };

    private Mutations() {}

    /** One to three mutations of {@code text}, all chosen by {@code seed}. */
    public static Mutant mutate(String text, long seed) {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(3);
        String t = text;
        List<String> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Operator op = Operator.values()[r.nextInt(Operator.values().length)];
            Mutant m = apply(op, t, r);
            t = m.text();
            done.add(m.description());
        }
        return new Mutant(t, "seed " + seed + ": " + String.join("; ", done));
    }

    static Mutant apply(Operator op, String text, Random r) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int at = r.nextInt(lines.size());
        switch (op) {
            case DELETE_LINE -> {
                lines.remove(at);
                return new Mutant(String.join("\n", lines), "deleted line " + (at + 1));
            }
            case DUPLICATE_LINE -> {
                lines.add(at, lines.get(at));
                return new Mutant(String.join("\n", lines), "duplicated line " + (at + 1));
            }
            case SWAP_LINES -> {
                int other = r.nextInt(lines.size());
                String a = lines.get(at);
                lines.set(at, lines.get(other));
                lines.set(other, a);
                return new Mutant(String.join("\n", lines), "swapped lines " + (at + 1) + " and " + (other + 1));
            }
            case TRUNCATE -> {
                int cut = text.isEmpty() ? 0 : r.nextInt(text.length());
                // never between the two halves of a surrogate pair: that is a different fault (invalid UTF-16)
                if (cut > 0 && Character.isLowSurrogate(text.charAt(cut))) {
                    cut--;
                }
                return new Mutant(text.substring(0, cut), "truncated at character " + cut);
            }
            case INDENT_LINE -> {
                lines.set(at, " ".repeat(1 + r.nextInt(4)) + lines.get(at));
                return new Mutant(String.join("\n", lines), "indented line " + (at + 1));
            }
            case DEDENT_LINE -> {
                lines.set(at, lines.get(at).stripLeading());
                return new Mutant(String.join("\n", lines), "dedented line " + (at + 1));
            }
            case REPLACE_CHARACTER, INSERT_CONTROL_CHARACTER, INSERT_NON_BMP, DELETE_CHARACTER -> {
                if (text.isEmpty()) {
                    return new Mutant(ODD[r.nextInt(ODD.length)], "replaced the empty text");
                }
                int pos = r.nextInt(text.length());
                if (Character.isLowSurrogate(text.charAt(pos))) {
                    pos--;
                }
                int end = pos + Character.charCount(text.codePointAt(pos));
                String insert = switch (op) {
                    case INSERT_NON_BMP -> new String(Character.toChars(0x1F600 + r.nextInt(64)));
                    case INSERT_CONTROL_CHARACTER -> String.valueOf((char) r.nextInt(0x20));
                    case DELETE_CHARACTER -> "";
                    default -> ODD[r.nextInt(ODD.length)];
                };
                boolean replace = op == Operator.REPLACE_CHARACTER || op == Operator.DELETE_CHARACTER;
                String out = text.substring(0, pos) + insert + text.substring(replace ? end : pos);
                return new Mutant(out, op.name().toLowerCase(java.util.Locale.ROOT) + " at character " + pos);
            }
            case LONG_LINE -> {
                lines.add(at, "x".repeat(10_000 + r.nextInt(100_000)));
                return new Mutant(String.join("\n", lines), "a long line before line " + (at + 1));
            }
            case REPEAT_BLOCK -> {
                int end = Math.min(lines.size(), at + 1 + r.nextInt(10));
                List<String> block = new ArrayList<>(lines.subList(at, end));
                int times = 2 + r.nextInt(50);
                for (int i = 0; i < times; i++) {
                    lines.addAll(end, block);
                }
                return new Mutant(
                        String.join("\n", lines), "lines " + (at + 1) + "-" + end + " repeated " + times + " times");
            }
            default -> throw new IllegalStateException(op.name());
        }
    }

    /** The number of lines of a text, as an editor counts them (a parser's 1-based line may be one past the last). */
    public static int lineCount(String text) {
        return text.split("\n", -1).length;
    }
}

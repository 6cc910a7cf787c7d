package dev.verdict.allocation;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Targeting conditions on a unit's attributes, with GrowthBook's semantics, so a GrowthBook experiment's targeting
 * moves over unchanged: MongoDB-like operators ({@code $eq $ne $lt $lte $gt $gte $in $nin $ini $nini $all $alli
 * $elemMatch $size $exists $type $regex $regexi $not}), semantic versions ({@code $veq $vne $vgt $vgte $vlt $vlte}),
 * saved groups ({@code $inGroup $notInGroup}), and {@code $and $or $nor $not} over conditions; a path reaches into
 * nested objects with dots.
 *
 * <p>Values are JSON as plain Java: {@code null}, {@link Boolean}, {@link Number}, {@link String}, {@link List},
 * {@link Map}. Comparisons follow JavaScript's, as GrowthBook's reference SDK does: {@code "5" < 10}, {@code null}
 * is 0 in arithmetic, a missing attribute is {@code null}, an unknown operator or a broken regex is false.
 */
public final class Conditions {

    private static final Map<String, Pattern> REGEX = new ConcurrentHashMap<>();

    private Conditions() {}

    /** Whether {@code attributes} satisfy {@code condition}; {@code groups}: saved group id → its members. */
    public static boolean matches(Map<String, ?> attributes, Map<String, ?> condition, Map<String, ?> groups) {
        return holds(attributes, condition, groups);
    }

    /** {@code condition} over any JSON value as its root (an array element in {@code $elemMatch}, say). */
    private static boolean holds(Object attributes, Map<String, ?> condition, Map<String, ?> groups) {
        for (Map.Entry<String, ?> e : condition.entrySet()) {
            Object v = e.getValue();
            boolean ok = switch (e.getKey()) {
                case "$or" -> any(attributes, v, groups);
                case "$nor" -> !any(attributes, v, groups);
                case "$and" -> all(attributes, v, groups);
                case "$not" -> !(v instanceof Map<?, ?> m && holds(attributes, cast(m), groups));
                default -> value(v, path(attributes, e.getKey()), groups, false);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean any(Object attributes, Object conditions, Map<String, ?> groups) {
        if (!(conditions instanceof List<?> list) || list.isEmpty()) {
            return true; // an empty $or holds, as in GrowthBook
        }
        for (Object c : list) {
            if (c instanceof Map<?, ?> m && holds(attributes, cast(m), groups)) {
                return true;
            }
        }
        return false;
    }

    private static boolean all(Object attributes, Object conditions, Map<String, ?> groups) {
        if (!(conditions instanceof List<?> list)) {
            return true;
        }
        for (Object c : list) {
            if (!(c instanceof Map<?, ?> m) || !holds(attributes, cast(m), groups)) {
                return false;
            }
        }
        return true;
    }

    /** The value at a dot path, or null when any step is missing or not an object (arrays take indexes). */
    static Object path(Object root, String path) {
        Object current = root;
        for (String part : path.split("\\.", -1)) {
            if (current instanceof Map<?, ?> m && m.containsKey(part)) {
                current = m.get(part);
            } else if (current instanceof List<?> l && isIndex(part) && Integer.parseInt(part) < l.size()) {
                current = l.get(Integer.parseInt(part));
            } else {
                return null;
            }
        }
        return current;
    }

    private static boolean isIndex(String s) {
        return !s.isEmpty() && s.length() < 10 && s.chars().allMatch(Character::isDigit);
    }

    /** A condition on one value: a literal to equal (JavaScript's loose forms), or an object of operators. */
    static boolean value(Object condition, Object actual, Map<String, ?> groups, boolean insensitive) {
        if (condition instanceof String s) {
            return insensitive
                    ? Js.string(actual).toLowerCase(Locale.ROOT).equals(s.toLowerCase(Locale.ROOT))
                    : Js.string(actual).equals(s);
        }
        if (condition instanceof Number n) {
            return Js.number(actual) == n.doubleValue();
        }
        if (condition instanceof Boolean b) {
            return actual != null && Js.truthy(actual) == b;
        }
        if (condition == null) {
            return actual == null;
        }
        if (condition instanceof List<?> || !isOperatorObject(condition)) {
            return Js.json(actual).equals(Js.json(condition));
        }
        for (Map.Entry<?, ?> op : ((Map<?, ?>) condition).entrySet()) {
            if (!operator((String) op.getKey(), actual, op.getValue(), groups)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isOperatorObject(Object o) {
        if (!(o instanceof Map<?, ?> m) || m.isEmpty()) {
            return false;
        }
        for (Object k : m.keySet()) {
            if (!(k instanceof String s) || !s.startsWith("$")) {
                return false;
            }
        }
        return true;
    }

    private static boolean operator(String op, Object actual, Object expected, Map<String, ?> groups) {
        return switch (op) {
            case "$veq" -> version(actual).equals(version(expected));
            case "$vne" -> !version(actual).equals(version(expected));
            case "$vgt" -> version(actual).compareTo(version(expected)) > 0;
            case "$vgte" -> version(actual).compareTo(version(expected)) >= 0;
            case "$vlt" -> version(actual).compareTo(version(expected)) < 0;
            case "$vlte" -> version(actual).compareTo(version(expected)) <= 0;
            case "$eq" -> Js.strictEquals(actual, expected);
            case "$ne" -> !Js.strictEquals(actual, expected);
            case "$lt" -> Js.compare(actual, expected) == Js.Order.LESS;
            case "$lte" ->
                Js.compare(actual, expected) == Js.Order.LESS || Js.compare(actual, expected) == Js.Order.EQUAL;
            case "$gt" -> Js.compare(actual, expected) == Js.Order.GREATER;
            case "$gte" ->
                Js.compare(actual, expected) == Js.Order.GREATER || Js.compare(actual, expected) == Js.Order.EQUAL;
            case "$exists" -> Js.truthy(expected) == (actual != null);
            case "$in" -> expected instanceof List<?> l && in(actual, l, false);
            case "$ini" -> expected instanceof List<?> l && in(actual, l, true);
            case "$nin" -> expected instanceof List<?> l && !in(actual, l, false);
            case "$nini" -> expected instanceof List<?> l && !in(actual, l, true);
            case "$inGroup" -> in(actual, group(groups, expected), false);
            case "$notInGroup" -> !in(actual, group(groups, expected), false);
            case "$not" -> !value(expected, actual, groups, false);
            case "$size" -> actual instanceof List<?> l && value(expected, (double) l.size(), groups, false);
            case "$elemMatch" -> elemMatch(actual, expected, groups);
            case "$all" -> expected instanceof List<?> l && inAll(actual, l, groups, false);
            case "$alli" -> expected instanceof List<?> l && inAll(actual, l, groups, true);
            case "$regex" -> regex(expected, actual, false);
            case "$regexi" -> regex(expected, actual, true);
            case "$type" -> Js.type(actual).equals(expected);
            default -> false; // an unknown operator never matches
        };
    }

    private static List<?> group(Map<String, ?> groups, Object id) {
        Object members = groups == null ? null : groups.get(String.valueOf(id));
        return members instanceof List<?> l ? l : List.of();
    }

    private static boolean in(Object actual, List<?> expected, boolean insensitive) {
        if (actual instanceof List<?> values) {
            for (Object v : values) {
                if (contains(expected, v, insensitive)) {
                    return true;
                }
            }
            return false;
        }
        return contains(expected, actual, insensitive);
    }

    private static boolean contains(List<?> list, Object v, boolean insensitive) {
        for (Object e : list) {
            if (insensitive && e instanceof String a && v instanceof String b
                    ? a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT))
                    : Js.sameValueZero(e, v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inAll(Object actual, List<?> expected, Map<String, ?> groups, boolean insensitive) {
        if (!(actual instanceof List<?> values)) {
            return false;
        }
        for (Object want : expected) {
            boolean found = false;
            for (Object v : values) {
                if (value(want, v, groups, insensitive)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static boolean elemMatch(Object actual, Object expected, Map<String, ?> groups) {
        if (!(actual instanceof List<?> values)) {
            return false;
        }
        for (Object v : values) {
            if (!Js.truthy(v)) {
                continue;
            }
            boolean ok = isOperatorObject(expected)
                    ? value(expected, v, groups, false)
                    : expected instanceof Map<?, ?> c && holds(v, cast(c), groups);
            if (ok) {
                return true;
            }
        }
        return false;
    }

    private static boolean regex(Object expected, Object actual, boolean insensitive) {
        if (!(expected instanceof String source)) {
            return false;
        }
        try {
            Pattern p = REGEX.computeIfAbsent(
                    (insensitive ? "i:" : "s:") + source,
                    k -> Pattern.compile(source, insensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
            return p.matcher(Js.string(actual)).find();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    /**
     * A version as a string that compares in version order: a leading {@code v} and {@code +build} dropped, split
     * at {@code -} and {@code .}, a release without a pre-release tag given the tag {@code ~} (it sorts after every
     * pre-release), numeric parts padded to 5 characters with spaces.
     */
    static String version(Object input) {
        String s = input instanceof Number ? Js.string(input) : input instanceof String str ? str : null;
        if (s == null || s.isEmpty()) {
            s = "0";
        }
        s = s.replaceAll("^v|\\+.*$", "");
        String[] parts = s.split("[-.]", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            out.append(i == 0 ? "" : "-").append(pad(parts[i]));
        }
        if (parts.length == 3) {
            out.append("-~");
        }
        return out.toString();
    }

    private static String pad(String part) {
        return !part.isEmpty() && part.chars().allMatch(c -> c >= '0' && c <= '9') && part.length() < 5
                ? " ".repeat(5 - part.length()) + part
                : part;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }

    /** The JavaScript conversions and comparisons GrowthBook's conditions are defined in. */
    static final class Js {

        enum Order {
            LESS,
            EQUAL,
            GREATER,
            UNORDERED
        }

        private Js() {}

        static boolean truthy(Object v) {
            if (v == null) {
                return false;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            if (v instanceof Number n) {
                double d = n.doubleValue();
                return d != 0 && !Double.isNaN(d);
            }
            if (v instanceof String s) {
                return !s.isEmpty();
            }
            return true; // arrays and objects, even empty
        }

        /** {@code String(v)}. */
        static String string(Object v) {
            if (v == null) {
                return "null";
            }
            if (v instanceof Number n) {
                return number(n.doubleValue());
            }
            if (v instanceof List<?> l) {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < l.size(); i++) {
                    b.append(i == 0 ? "" : ",").append(l.get(i) == null ? "" : string(l.get(i)));
                }
                return b.toString();
            }
            if (v instanceof Map<?, ?>) {
                return "[object Object]";
            }
            return v.toString();
        }

        static String number(double d) {
            if (Double.isNaN(d)) {
                return "NaN";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "Infinity" : "-Infinity";
            }
            if (d == 0) {
                return "0";
            }
            double a = Math.abs(d);
            if (a >= 1e-6 && a < 1e21) {
                return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
            }
            return Double.toString(d)
                    .replace("E", "e")
                    .replace("e", a >= 1 ? "e+" : "e")
                    .replace(".0e", "e");
        }

        /** {@code Number(v)}: null is 0, booleans 0 and 1, strings parsed (blank is 0), arrays through strings. */
        static double number(Object v) {
            if (v == null) {
                return 0;
            }
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            if (v instanceof Boolean b) {
                return b ? 1 : 0;
            }
            if (v instanceof String s) {
                String t = s.strip();
                if (t.isEmpty()) {
                    return 0;
                }
                if (t.equals("Infinity") || t.equals("+Infinity")) {
                    return Double.POSITIVE_INFINITY;
                }
                if (t.equals("-Infinity")) {
                    return Double.NEGATIVE_INFINITY;
                }
                if (t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                    return Double.parseDouble(t);
                }
                if (t.matches("0[xX][0-9a-fA-F]+")) {
                    return Long.parseLong(t.substring(2), 16);
                }
                return Double.NaN;
            }
            if (v instanceof List<?>) {
                return number(string(v));
            }
            return Double.NaN;
        }

        /** JavaScript's relational comparison: strings by code units when both are strings, else as numbers. */
        static Order compare(Object a, Object b) {
            Object pa = primitive(a);
            Object pb = primitive(b);
            if (pa instanceof String x && pb instanceof String y) {
                int c = x.compareTo(y);
                return c < 0 ? Order.LESS : c > 0 ? Order.GREATER : Order.EQUAL;
            }
            double x = number(pa);
            double y = number(pb);
            if (Double.isNaN(x) || Double.isNaN(y)) {
                return Order.UNORDERED;
            }
            return x < y ? Order.LESS : x > y ? Order.GREATER : Order.EQUAL;
        }

        private static Object primitive(Object v) {
            return v instanceof List<?> || v instanceof Map<?, ?> ? string(v) : v;
        }

        /** {@code ===}: same type and value; arrays and objects are never equal to a different instance. */
        static boolean strictEquals(Object a, Object b) {
            if (a == null || b == null) {
                return a == b;
            }
            if (a instanceof Number x && b instanceof Number y) {
                return x.doubleValue() == y.doubleValue();
            }
            if (a instanceof List<?> || a instanceof Map<?, ?>) {
                return a == b;
            }
            return a.getClass() == b.getClass() && a.equals(b);
        }

        /** What {@code Array.prototype.includes} compares with: {@code ===}, except NaN equals NaN. */
        static boolean sameValueZero(Object a, Object b) {
            if (a instanceof Number x && b instanceof Number y) {
                double p = x.doubleValue();
                double q = y.doubleValue();
                return p == q || (Double.isNaN(p) && Double.isNaN(q));
            }
            return strictEquals(a, b);
        }

        static String type(Object v) {
            if (v == null) {
                return "null";
            }
            if (v instanceof List<?>) {
                return "array";
            }
            if (v instanceof String) {
                return "string";
            }
            if (v instanceof Number) {
                return "number";
            }
            if (v instanceof Boolean) {
                return "boolean";
            }
            return "object";
        }

        /** {@code JSON.stringify}, keys in their order. */
        static String json(Object v) {
            if (v == null) {
                return "null";
            }
            if (v instanceof String s) {
                StringBuilder b = new StringBuilder("\"");
                for (char c : s.toCharArray()) {
                    switch (c) {
                        case '"' -> b.append("\\\"");
                        case '\\' -> b.append("\\\\");
                        case '\n' -> b.append("\\n");
                        case '\r' -> b.append("\\r");
                        case '\t' -> b.append("\\t");
                        default -> {
                            if (c < 0x20) {
                                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                            } else {
                                b.append(c);
                            }
                        }
                    }
                }
                return b.append('"').toString();
            }
            if (v instanceof Number n) {
                double d = n.doubleValue();
                return Double.isNaN(d) || Double.isInfinite(d) ? "null" : number(d);
            }
            if (v instanceof List<?> l) {
                StringBuilder b = new StringBuilder("[");
                for (int i = 0; i < l.size(); i++) {
                    b.append(i == 0 ? "" : ",").append(json(l.get(i)));
                }
                return b.append(']').toString();
            }
            if (v instanceof Map<?, ?> m) {
                StringBuilder b = new StringBuilder("{");
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    b.append(first ? "" : ",")
                            .append(json(String.valueOf(e.getKey())))
                            .append(':');
                    b.append(json(e.getValue()));
                    first = false;
                }
                return b.append('}').toString();
            }
            return v.toString();
        }
    }
}

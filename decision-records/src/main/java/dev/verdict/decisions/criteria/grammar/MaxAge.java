package dev.verdict.decisions.criteria.grammar;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How old the deciding evidence may be, written {@code 90m}, {@code 12h}, {@code 30d} or {@code 2w}. */
public record MaxAge(long amount, char unit) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,6})([mhdw])");

    public MaxAge {
        if (amount < 1) {
            throw new CriterionException("max-age", "max-age must be at least 1, was " + amount);
        }
        if ("mhdw".indexOf(unit) < 0) {
            throw new CriterionException("max-age", "max-age unit must be m, h, d or w, was '" + unit + "'");
        }
    }

    public static MaxAge parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new CriterionException(
                    "max-age",
                    "max-age must be a whole number followed by m (minutes), h, d or w, e.g. 30d; was '" + text + "'");
        }
        return new MaxAge(Long.parseLong(m.group(1)), m.group(2).charAt(0));
    }

    public Duration toDuration() {
        return switch (unit) {
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
        };
    }

    @Override
    public String toString() {
        return amount + String.valueOf(unit);
    }
}

package dev.verdict.decisions.importer.parse;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a record's date as the tools write it. ISO {@code 2020-01-05} and the forms with only one reading are dates:
 * {@code 2020-1-5}, {@code 2020/01/05}, {@code 5 Jan 2020}, {@code 5 January 2020}, {@code January 5, 2020},
 * {@code Jan 5 2020}, and a day-first or month-first {@code 25/12/2019} whose day is above 12. A date with two
 * readings ({@code 02/01/2020}: adr-tools wrote dd/mm/yyyy by default before its ADR 8, US users mm/dd/yyyy) or none
 * is not guessed: the reading has no date and keeps the text, and the caller warns with the line.
 */
public final class ImportDates {

    /** A read date: the date, or null with the text kept as written and why it was not read. */
    public record DateReading(LocalDate date, String label, String problem) {
        public boolean read() {
            return date != null;
        }
    }

    private static final Pattern YMD = Pattern.compile("(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})");
    private static final Pattern NUMERIC_YEAR_LAST = Pattern.compile("(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})");
    private static final Pattern DAY_MONTH_YEAR =
            Pattern.compile("(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s+([A-Za-z]+)\\.?,?\\s+(\\d{4})");
    private static final Pattern MONTH_DAY_YEAR =
            Pattern.compile("([A-Za-z]+)\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})");
    private static final Map<String, Month> MONTHS = months();

    private ImportDates() {}

    private static Map<String, Month> months() {
        Map<String, Month> m = new HashMap<>();
        for (Month month : Month.values()) {
            m.put(month.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT), month);
            m.put(month.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT), month);
        }
        m.put("sept", Month.SEPTEMBER);
        return Map.copyOf(m);
    }

    /** Reads {@code text} (already stripped of comments); see the class comment for the forms. */
    public static DateReading read(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return new DateReading(null, null, "the date is empty");
        }
        Matcher m = YMD.matcher(t);
        if (m.matches()) {
            return of(t, m.group(1), m.group(2), m.group(3));
        }
        m = DAY_MONTH_YEAR.matcher(t);
        if (m.matches() && MONTHS.containsKey(m.group(2).toLowerCase(Locale.ROOT))) {
            return of(t, m.group(3), month(m.group(2)), m.group(1));
        }
        m = MONTH_DAY_YEAR.matcher(t);
        if (m.matches() && MONTHS.containsKey(m.group(1).toLowerCase(Locale.ROOT))) {
            return of(t, m.group(3), month(m.group(1)), m.group(2));
        }
        m = NUMERIC_YEAR_LAST.matcher(t);
        if (m.matches()) {
            LocalDate dayFirst = date(m.group(3), m.group(2), m.group(1));
            LocalDate monthFirst = date(m.group(3), m.group(1), m.group(2));
            List<LocalDate> readings = Stream.of(dayFirst, monthFirst)
                    .filter(Objects::nonNull)
                    .distinct()
                    .toList();
            if (readings.size() == 1) {
                return new DateReading(readings.get(0), null, null);
            }
            return new DateReading(
                    null,
                    t,
                    readings.isEmpty()
                            ? "date '" + t + "' is not a calendar date"
                            : "date '" + t + "' can be read as " + dayFirst + " (day first) or " + monthFirst
                                    + " (month first)");
        }
        return new DateReading(
                null,
                t,
                "date '" + t + "' is not in a form the importer reads (YYYY-MM-DD, YYYY-M-D, YYYY/MM/DD, D MMM YYYY,"
                        + " MMMM D, YYYY)");
    }

    /** The warning for a date that was not read: what the record gets instead, so nothing is decided silently. */
    public static String warning(DateReading r) {
        String none = r.problem() + "; the record has no date (none is invented, not the import date)";
        return r.label() == null ? none : none + ", the text '" + r.label() + "' is kept as its date label";
    }

    private static String month(String name) {
        return Integer.toString(MONTHS.get(name.toLowerCase(Locale.ROOT)).getValue());
    }

    private static DateReading of(String text, String year, String month, String day) {
        LocalDate d = date(year, month, day);
        return d != null
                ? new DateReading(d, null, null)
                : new DateReading(null, text, "date '" + text + "' is not a calendar date");
    }

    private static LocalDate date(String year, String month, String day) {
        try {
            // the model's range; year 0 would be a date the decision refuses
            if (Integer.parseInt(year) < 1) {
                return null;
            }
            return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }
}

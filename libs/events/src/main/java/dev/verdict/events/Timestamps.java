package dev.verdict.events;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * ISO-8601 timestamps as the platform writes them ({@code 2026-03-01T10:00:00.123456Z}), parsed without
 * {@code DateTimeFormatter}, which was a quarter of decoding an event (its parse fills a map per call). Only the plain
 * shape is read here: four-digit year, seconds present, 1-9 fraction digits, upper-case {@code T} and {@code Z} or a
 * {@code ±HH:MM} offset. Anything else, valid or not, goes to the JDK's parser, so the result and every error are
 * exactly the JDK's.
 */
public final class Timestamps {

    private Timestamps() {}

    /** As {@code OffsetDateTime.parse(text).toInstant()}. */
    public static Instant parseOffsetDateTime(String text) {
        Instant fast = fast(text, true);
        return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
    }

    /** As {@code Instant.parse(text)}. */
    public static Instant parseInstant(String text) {
        Instant fast = fast(text, false);
        return fast != null ? fast : Instant.parse(text);
    }

    /** The plain shape's instant, or null for anything else (including values out of range: the JDK names those). */
    static Instant fast(String s, boolean offsets) {
        int n = s.length();
        if (n < 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = 19;
        int nano = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 10 && isDigit(s.charAt(i))) {
                nano = nano * 10 + (s.charAt(i) - '0');
                i++;
            }
            int width = i - start;
            if (width == 0 || width > 9) {
                return null;
            }
            for (int k = width; k < 9; k++) {
                nano *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (offsets && i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if ((oh | om) < 0 || oh > 18 || om > 59 || (oh == 18 && om > 0)) {
                return null;
            }
            offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nano);
            return local.toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (java.time.DateTimeException e) {
            return null; // e.g. February 30th: the JDK's parser gives the error
        }
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

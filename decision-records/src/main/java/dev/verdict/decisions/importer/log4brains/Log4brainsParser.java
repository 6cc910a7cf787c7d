package dev.verdict.decisions.importer.log4brains;

import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.importer.madr.MadrParser;
import dev.verdict.decisions.importer.parse.LinkResolver;
import dev.verdict.decisions.importer.parse.Warnings;
import dev.verdict.decisions.shared.DecisionNumber;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a log4brains record: a MADR 2 body (with "- Tags:") in a file named {@code YYYYMMDD-slug.md}. Records have
 * no numbers in log4brains (the slug is the id); the importer numbers them in date-then-name order, and the date
 * prefix is the fallback when the record has no Date line.
 */
public final class Log4brainsParser {

    private static final Pattern NAME = Pattern.compile("^(\\d{8})-[^/]+\\.md$");

    private Log4brainsParser() {}

    /** The date in a log4brains file name, if the name has one. */
    public static Optional<LocalDate> datePrefix(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            LocalDate d = LocalDate.parse(m.group(1), DateTimeFormatter.BASIC_ISO_DATE);
            return d.getYear() >= 1970 && d.getYear() <= 2200 ? Optional.of(d) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public static Decision parse(
            String file, String content, DecisionNumber number, LinkResolver resolver, Warnings warnings) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        LocalDate prefix = datePrefix(name).orElse(null);
        return MadrParser.parse(
                file,
                content,
                number,
                resolver,
                new MadrParser.Defaults(prefix, "the file name's date prefix"),
                warnings);
    }
}

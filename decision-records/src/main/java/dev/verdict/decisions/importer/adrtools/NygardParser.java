package dev.verdict.decisions.importer.adrtools;

import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.decision.model.DecisionStatus;
import dev.verdict.decisions.importer.parse.ForeignBody;
import dev.verdict.decisions.importer.parse.ImportDates;
import dev.verdict.decisions.importer.parse.ImportText;
import dev.verdict.decisions.importer.parse.LinkResolver;
import dev.verdict.decisions.importer.parse.Warnings;
import dev.verdict.decisions.madr.DecisionFormatException;
import dev.verdict.decisions.madr.MarkdownOutline;
import dev.verdict.decisions.shared.DecisionNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a record in Michael Nygard's format as adr-tools writes it: {@code # N. Title}, a {@code Date:} line, a
 * {@code ## Status} section whose first line is the status (possibly "Superseded by [N. Title](file)") followed by
 * link lines ("Supersedes …", "Amends …", "Clarified by …"), then Context, Decision and Consequences.
 */
public final class NygardParser {

    private static final Pattern TITLE = Pattern.compile("^(\\d{1,6})\\.\\s+(.+)$");
    private static final Pattern SUPERSESSION = Pattern.compile("(?i)^\\s*(?:[*+-]\\s+)?super[sc]ed");
    private static final Pattern DATE = Pattern.compile("(?i)^\\s*Date:\\s*(.*?)\\s*$");

    private NygardParser() {}

    /** True if the text looks like an adr-tools record: a '# N. Title' heading and a '## Status' section. */
    public static boolean looks(String content) {
        List<String> lines = MarkdownOutline.lines(content);
        boolean title = false;
        for (String l : lines) {
            if (!title && l.startsWith("# ")) {
                title = TITLE.matcher(l.substring(2).strip()).matches();
                if (!title) {
                    return false;
                }
            } else if (title && l.strip().equalsIgnoreCase("## Status")) {
                return true;
            }
        }
        return false;
    }

    public static Decision parse(
            String file, String content, DecisionNumber number, LinkResolver resolver, Warnings warnings) {
        List<String> lines = MarkdownOutline.lines(content.replace("\r\n", "\n"));
        MarkdownOutline outline = MarkdownOutline.of(file, lines, 1);
        for (int i = 0; i < outline.preamble().size(); i++) {
            if (!outline.preamble().get(i).isBlank()) {
                throw new DecisionFormatException(
                        file, outline.preambleLine() + i, "text before the '# N. Title' heading");
            }
        }
        List<MarkdownOutline.Part> parts = outline.parts();
        if (parts.isEmpty() || parts.get(0).level() != 1) {
            throw new DecisionFormatException(
                    file, parts.isEmpty() ? 1 : parts.get(0).line(), "an adr-tools record starts with '# N. Title'");
        }
        MarkdownOutline.Part head = parts.get(0);
        Matcher t = TITLE.matcher(head.heading());
        if (!t.matches()) {
            throw new DecisionFormatException(
                    file, head.line(), "title must be '# N. Title', was '# " + head.heading() + "'");
        }
        int titleNumber = Integer.parseInt(t.group(1));
        if (number.value() != titleNumber) {
            warnings.add(
                    head.line(),
                    "title says " + titleNumber + " but the file name gives " + number + "; using " + number);
        }
        Decision.Builder b = Decision.builder(number, t.group(2).strip());
        ForeignBody body = new ForeignBody(file, resolver, warnings);

        ImportDates.DateReading date = null;
        List<String> preambleText = new ArrayList<>();
        for (int i = 0; i < head.lines().size(); i++) {
            String l = head.lines().get(i);
            Matcher d = DATE.matcher(l);
            if (d.matches() && date == null) {
                // a date with two readings (adr-tools wrote dd/mm/yyyy before its ADR 8) is kept as written, not
                // guessed
                date = ImportDates.read(d.group(1));
                if (!date.read()) {
                    warnings.add(head.firstBodyLine() + i, ImportDates.warning(date));
                }
            } else {
                preambleText.add(l);
            }
        }
        body.addContext(String.join("\n", preambleText));
        if (date == null) {
            warnings.add("no 'Date:' line; the record has no date (none is invented, not the import date)");
        } else {
            b.date(date.date()).dateLabel(date.label());
        }

        ImportText.StatusReading status = null;
        int statusIndex = -1;
        for (int i = 1; i < parts.size(); i++) {
            MarkdownOutline.Part p = parts.get(i);
            if (p.level() == 2
                    && ImportText.stripComments(p.heading())
                            .toLowerCase(Locale.ROOT)
                            .equals("status")) {
                statusIndex = i;
                status = status(p, body, warnings);
                break;
            }
        }
        if (statusIndex < 0) {
            throw new DecisionFormatException(file, head.line(), "no '## Status' section");
        }
        List<MarkdownOutline.Part> rest = new ArrayList<>(parts.subList(1, parts.size()));
        int removeFrom = statusIndex - 1;
        rest.remove(removeFrom);
        while (removeFrom < rest.size() && rest.get(removeFrom).level() > 2) {
            rest.remove(removeFrom);
        }
        body.map(rest, 0);
        b.status(status.status()).statusLabel(status.label());
        body.applyTo(b);
        return b.build();
    }

    /**
     * The status is the first line of the section that is not a link; the words the importer does not know map to the
     * closest lifecycle state and are kept as the status label. Link lines other than supersession ("Amends",
     * "Amended by", "Clarified by") are kept verbatim in a "Links" section too: Verdict's relates-to link does not
     * say which way an amendment goes.
     */
    private static ImportText.StatusReading status(MarkdownOutline.Part p, ForeignBody body, Warnings warnings) {
        ImportText.StatusReading status = null;
        List<String> notes = new ArrayList<>();
        List<String> otherLinks = new ArrayList<>();
        for (int i = 0; i < p.lines().size(); i++) {
            String line = p.lines().get(i);
            if (line.isBlank()) {
                continue;
            }
            int lineNo = p.firstBodyLine() + i;
            boolean known = ImportText.status(line).isPresent();
            boolean isLink = body.link(line, lineNo);
            if (isLink && !SUPERSESSION.matcher(line).find()) {
                otherLinks.add(line.strip());
            }
            if (status == null && (known || !isLink)) {
                status = ImportText.readStatus(line);
                String warning = ImportText.statusWarning(status);
                if (warning != null) {
                    warnings.add(lineNo, warning);
                }
            } else if (!isLink) {
                notes.add(line.strip());
            }
        }
        if (status == null) {
            warnings.add(p.line(), "the '## Status' section names no status; recorded as proposed");
            status = new ImportText.StatusReading(DecisionStatus.PROPOSED, null, false);
        }
        if (!notes.isEmpty()) {
            body.addContext("Status notes: " + String.join(" ", notes));
            warnings.add(p.line(), "status section text beyond the status and links moved into the context");
        }
        if (!otherLinks.isEmpty()) {
            body.keepSection("Links", String.join("\n\n", otherLinks));
        }
        return status;
    }
}

package dev.verdict.decisions.importer.parse;

import dev.verdict.decisions.shared.DecisionNumber;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a link between records, as the source tool wrote it, into the number Verdict gave the target:
 * by the target file's name (all tools), by an adr-tools title "3. Use PostgreSQL", or by "ADR-0005". Only records of
 * the imported set resolve; numbers in link texts are the source repository's and are mapped to the number the
 * importer gave that file (MADR's 0000-based numbers are shifted by one). A link to anything else resolves to
 * nothing, and the caller keeps it as an unresolved link.
 */
public final class LinkResolver {

    private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\d{1,6})\\.\\s");
    private static final Pattern ADR_ID = Pattern.compile("(?i)\\bADR[- ]?(\\d{1,6})\\b");
    private static final Pattern NUMBERED_FILE = Pattern.compile("^(\\d{1,6})-.*");

    private final Map<String, DecisionNumber> byFileName;
    private final Map<Integer, DecisionNumber> bySourceNumber;

    /**
     * @param byFileName     the number given to each imported file, by its file name
     * @param bySourceNumber the number given to each numbered file, by the number in its source file name
     */
    public LinkResolver(Map<String, DecisionNumber> byFileName, Map<Integer, DecisionNumber> bySourceNumber) {
        this.byFileName = Map.copyOf(byFileName);
        this.bySourceNumber = Map.copyOf(bySourceNumber);
    }

    public Optional<DecisionNumber> resolve(String text, String target) {
        if (target != null && !target.isBlank()) {
            String name = target.strip();
            int hash = name.indexOf('#');
            if (hash >= 0) {
                name = name.substring(0, hash);
            }
            name = name.substring(name.lastIndexOf('/') + 1);
            DecisionNumber n = byFileName.get(name);
            if (n == null && !name.endsWith(".md")) {
                n = byFileName.get(name + ".md");
            }
            if (n != null) {
                return Optional.of(n);
            }
        }
        if (text != null) {
            Matcher m = LEADING_NUMBER.matcher(text.strip());
            if (m.find()) {
                return source(m.group(1));
            }
            m = ADR_ID.matcher(text);
            if (m.find()) {
                return source(m.group(1));
            }
            m = NUMBERED_FILE.matcher(text.strip());
            if (m.matches() && m.group(1).length() <= 4) {
                String candidate = text.strip().endsWith(".md") ? text.strip() : text.strip() + ".md";
                if (byFileName.containsKey(candidate)) {
                    return Optional.of(byFileName.get(candidate));
                }
            }
        }
        if (target != null) {
            Matcher m = NUMBERED_FILE.matcher(target.substring(target.lastIndexOf('/') + 1));
            if (m.matches() && m.group(1).length() <= 4) {
                return source(m.group(1));
            }
        }
        return Optional.empty();
    }

    private Optional<DecisionNumber> source(String digits) {
        return Optional.ofNullable(bySourceNumber.get(Integer.parseInt(digits)));
    }
}

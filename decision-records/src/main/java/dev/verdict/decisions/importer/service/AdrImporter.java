package dev.verdict.decisions.importer.service;

import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.decision.model.MarkdownBlocks;
import dev.verdict.decisions.importer.adrtools.NygardParser;
import dev.verdict.decisions.importer.log4brains.Log4brainsParser;
import dev.verdict.decisions.importer.madr.MadrParser;
import dev.verdict.decisions.importer.parse.ImportText;
import dev.verdict.decisions.importer.parse.ImportWarning;
import dev.verdict.decisions.importer.parse.LinkResolver;
import dev.verdict.decisions.importer.parse.Warnings;
import dev.verdict.decisions.madr.DecisionFormatException;
import dev.verdict.decisions.madr.DecisionMarkdown;
import dev.verdict.decisions.madr.FormatProblem;
import dev.verdict.decisions.shared.DecisionNumber;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an existing ADR repository (adr-tools, MADR 2–4, log4brains) into Verdict decisions. Every Markdown file is
 * accounted for: read as a decision (with its warnings, each with its line), reported as a problem with file and line,
 * or listed as skipped with the reason (index, readme and template files). Only a file that cannot be read is a
 * problem: an unknown status keeps its label and maps to the closest lifecycle state, a link to a record that is not
 * in the set stays an unresolved link; both are warnings. Numbers: numbered files keep their number (shifted by one if the repository
 * starts at 0000, as MADR's own does); date-named and unnumbered files are numbered after them in date-then-name
 * order. Supersede links are made two-sided.
 */
public final class AdrImporter {

    private static final Pattern NUMBERED = Pattern.compile("^(\\d{1,6})-.+\\.md$");
    private static final Set<String> NOT_RECORDS =
            Set.of("readme.md", "index.md", "template.md", "adr-template.md", "_template.md", "toc.md");

    private AdrImporter() {}

    public static ImportResult importFiles(List<SourceFile> files, ImportFormat format) {
        List<ImportResult.Skipped> skipped = new ArrayList<>();
        List<FormatProblem> problems = new ArrayList<>();
        List<SourceFile> records = new ArrayList<>();
        for (SourceFile f :
                files.stream().sorted(Comparator.comparing(SourceFile::path)).toList()) {
            String name = f.fileName().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".md")) {
                skipped.add(new ImportResult.Skipped(f.path(), "not a Markdown file"));
            } else if (NOT_RECORDS.contains(name) || name.endsWith("-template.md")) {
                skipped.add(new ImportResult.Skipped(f.path(), "index, readme or template file, not a decision"));
            } else {
                records.add(f);
            }
        }

        Map<SourceFile, ImportFormat> formats = new LinkedHashMap<>();
        for (SourceFile f : records) {
            formats.put(f, format == ImportFormat.AUTO ? detect(f) : format);
        }
        Map<SourceFile, DecisionNumber> numbers = new LinkedHashMap<>();
        Map<SourceFile, String> numberNotes = new HashMap<>();
        Map<Integer, DecisionNumber> bySourceNumber = new HashMap<>();
        number(records, formats, numbers, numberNotes, bySourceNumber);

        Map<String, DecisionNumber> byName = new HashMap<>();
        for (Map.Entry<SourceFile, DecisionNumber> e : numbers.entrySet()) {
            byName.put(e.getKey().fileName(), e.getValue());
        }
        LinkResolver resolver = new LinkResolver(byName, bySourceNumber);

        List<ImportedDecision> decisions = new ArrayList<>();
        for (SourceFile f : records) {
            Warnings warnings = new Warnings(f.path());
            if (numberNotes.containsKey(f)) {
                warnings.add(numberNotes.get(f));
            }
            ImportFormat fmt = formats.get(f);
            try {
                Decision d = switch (fmt) {
                    case ADR_TOOLS -> NygardParser.parse(f.path(), f.content(), numbers.get(f), resolver, warnings);
                    case LOG4BRAINS ->
                        Log4brainsParser.parse(f.path(), f.content(), numbers.get(f), resolver, warnings);
                    default ->
                        isVerdictFile(f.content())
                                ? verdictFile(f, numbers.get(f), warnings)
                                : MadrParser.parse(f.path(), f.content(), numbers.get(f), resolver, null, warnings);
                };
                decisions.add(new ImportedDecision(
                        f.path(), fmt, d, DecisionMarkdown.path(d.number(), d.title()), warnings.list()));
            } catch (DecisionFormatException e) {
                problems.addAll(e.problems());
            } catch (IllegalArgumentException e) {
                problems.add(new FormatProblem(f.path(), 0, e.getMessage()));
            }
        }
        return new ImportResult(symmetric(textLinks(decisions, records)), problems, skipped);
    }

    /**
     * Links in the prose ("See [ADR-0013](0013-use-yaml-front-matter.md)") are kept as written, but the record they
     * name has another number or file name here (MADR's 0000-based numbers are shifted, file names follow the
     * title): each such link is a warning naming the record it means, so a reader can tell.
     */
    private static List<ImportedDecision> textLinks(List<ImportedDecision> decisions, List<SourceFile> records) {
        Map<String, ImportedDecision> byFileName = new HashMap<>();
        for (ImportedDecision i : decisions) {
            byFileName.put(i.sourcePath().substring(i.sourcePath().lastIndexOf('/') + 1), i);
        }
        Map<String, SourceFile> byPath = new HashMap<>();
        records.forEach(f -> byPath.put(f.path(), f));
        List<ImportedDecision> out = new ArrayList<>();
        for (ImportedDecision i : decisions) {
            List<ImportWarning> warnings = new ArrayList<>(i.warnings());
            MarkdownBlocks.FenceTracker fences = new MarkdownBlocks.FenceTracker();
            String[] lines =
                    byPath.get(i.sourcePath()).content().replace("\r\n", "\n").split("\n", -1);
            for (int n = 0; n < lines.length; n++) {
                if (fences.accept(lines[n])) {
                    continue;
                }
                for (String[] link : ImportText.links(lines[n])) {
                    String target = link[1].replaceFirst("#.*$", "");
                    String name = target.substring(target.lastIndexOf('/') + 1);
                    ImportedDecision t = byFileName.get(name);
                    if (t == null || t.targetPath().endsWith("/" + name)) {
                        continue;
                    }
                    warnings.add(new ImportWarning(
                            i.sourcePath(),
                            n + 1,
                            "link [" + link[0] + "](" + link[1] + ") is kept as written; the record it names is "
                                    + t.decision().number() + " here (" + t.targetPath() + ")"));
                }
            }
            out.add(new ImportedDecision(i.sourcePath(), i.format(), i.decision(), i.targetPath(), warnings));
        }
        return out;
    }

    /**
     * Verdict's own files (MADR front matter with a {@code verdict:} block: criteria, tags, links, affected entities,
     * evidence) are read by the canonical parser, so importing a repository of them loses nothing.
     */
    static boolean isVerdictFile(String content) {
        String text = content.replace("\r\n", "\n");
        if (!text.startsWith("---\n")) {
            return false;
        }
        int close = text.indexOf("\n---\n", 3);
        String frontMatter = close < 0 ? text : text.substring(0, close);
        return frontMatter.lines().anyMatch(l -> l.equals("verdict:") || l.startsWith("verdict: "));
    }

    private static Decision verdictFile(SourceFile f, DecisionNumber assigned, Warnings warnings) {
        Decision d = DecisionMarkdown.parse(f.path(), f.content());
        if (d.number().equals(assigned)) {
            return d;
        }
        warnings.add("renumbered " + d.number() + " to " + assigned + "; links in its verdict block still name the"
                + " numbers of the source repository");
        return d.toBuilder().number(assigned).build();
    }

    /** The format of one file, from its name and content. */
    public static ImportFormat detect(SourceFile f) {
        if (Log4brainsParser.datePrefix(f.fileName()).isPresent()) {
            return ImportFormat.LOG4BRAINS;
        }
        if (NygardParser.looks(f.content())) {
            return ImportFormat.ADR_TOOLS;
        }
        return ImportFormat.MADR;
    }

    private static void number(
            List<SourceFile> records,
            Map<SourceFile, ImportFormat> formats,
            Map<SourceFile, DecisionNumber> numbers,
            Map<SourceFile, String> notes,
            Map<Integer, DecisionNumber> bySourceNumber) {
        List<SourceFile> numbered = new ArrayList<>();
        List<SourceFile> unnumbered = new ArrayList<>();
        for (SourceFile f : records) {
            Matcher m = NUMBERED.matcher(f.fileName());
            if (formats.get(f) != ImportFormat.LOG4BRAINS
                    && m.matches()
                    && Log4brainsParser.datePrefix(f.fileName()).isEmpty()) {
                numbered.add(f);
            } else {
                unnumbered.add(f);
            }
        }
        boolean zeroBased = numbered.stream().anyMatch(f -> leading(f) == 0);
        int shift = zeroBased ? 1 : 0;
        Set<Integer> used = new TreeSet<>();
        List<SourceFile> duplicates = new ArrayList<>();
        for (SourceFile f : numbered) {
            int n = leading(f) + shift;
            if (n < 1 || n > 999_999 || !used.add(n)) {
                duplicates.add(f);
            } else {
                numbers.put(f, DecisionNumber.of(n));
                bySourceNumber.put(leading(f), DecisionNumber.of(n));
                if (shift > 0) {
                    notes.put(
                            f,
                            "the repository numbers from 0000; every number is shifted by one (file " + f.fileName()
                                    + " is " + DecisionNumber.of(n) + ")");
                }
            }
        }
        int next = used.isEmpty() ? 1 : ((TreeSet<Integer>) used).last() + 1;
        for (SourceFile f : duplicates) {
            numbers.put(f, DecisionNumber.of(next));
            notes.put(
                    f, "number " + leading(f) + " is used by another file; this one became " + DecisionNumber.of(next));
            next++;
        }
        unnumbered.sort(Comparator.comparing((SourceFile f) -> f.fileName()));
        for (SourceFile f : unnumbered) {
            numbers.put(f, DecisionNumber.of(next));
            notes.put(f, "file name has no number; numbered " + DecisionNumber.of(next) + " in date/name order");
            next++;
        }
    }

    private static int leading(SourceFile f) {
        Matcher m = NUMBERED.matcher(f.fileName());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** If A says it is superseded by B, B supersedes A, and the other way round. */
    private static List<ImportedDecision> symmetric(List<ImportedDecision> decisions) {
        Map<DecisionNumber, Set<DecisionNumber>> supersedes = new HashMap<>();
        Map<DecisionNumber, Set<DecisionNumber>> supersededBy = new HashMap<>();
        for (ImportedDecision i : decisions) {
            Decision d = i.decision();
            for (DecisionNumber n : d.supersededBy()) {
                supersedes.computeIfAbsent(n, k -> new HashSet<>()).add(d.number());
            }
            for (DecisionNumber n : d.supersedes()) {
                supersededBy.computeIfAbsent(n, k -> new HashSet<>()).add(d.number());
            }
        }
        List<ImportedDecision> out = new ArrayList<>();
        for (ImportedDecision i : decisions) {
            Decision d = i.decision();
            List<DecisionNumber> sup = new ArrayList<>(d.supersedes());
            List<DecisionNumber> supBy = new ArrayList<>(d.supersededBy());
            List<ImportWarning> warnings = new ArrayList<>(i.warnings());
            for (DecisionNumber n : new TreeSet<>(supersedes.getOrDefault(d.number(), Set.of()))) {
                if (!sup.contains(n)) {
                    sup.add(n);
                    warnings.add(new ImportWarning(
                            i.sourcePath(),
                            0,
                            "added 'supersedes " + n + "' because " + n + " says it is superseded by this record"));
                }
            }
            for (DecisionNumber n : new TreeSet<>(supersededBy.getOrDefault(d.number(), Set.of()))) {
                if (!supBy.contains(n)) {
                    supBy.add(n);
                    warnings.add(new ImportWarning(
                            i.sourcePath(),
                            0,
                            "added 'superseded by " + n + "' because " + n + " says it supersedes this record"));
                }
            }
            Decision fixed = d.toBuilder().supersedes(sup).supersededBy(supBy).build();
            out.add(new ImportedDecision(i.sourcePath(), i.format(), fixed, i.targetPath(), warnings));
        }
        out.sort(Comparator.comparing(i -> i.decision().number()));
        return out;
    }
}

package dev.verdict.decisions.importer.parse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The warnings of one file being imported, each with its line; listed whole-file ones first, then by line. */
public final class Warnings {

    private final String file;
    private final List<ImportWarning> list = new ArrayList<>();

    public Warnings(String file) {
        this.file = file;
    }

    /** A warning about {@code line} (1-based; 0 when it concerns the whole file). */
    public void add(int line, String message) {
        list.add(new ImportWarning(file, Math.max(line, 0), message));
    }

    /** A warning about the whole file. */
    public void add(String message) {
        add(0, message);
    }

    public String file() {
        return file;
    }

    public List<ImportWarning> list() {
        return list.stream()
                .sorted(Comparator.comparingInt(ImportWarning::line))
                .toList();
    }
}

package dev.verdict.catalog.entity.model;

/** The submitted text is not well-formed YAML/JSON, or a document is not a mapping. Becomes a 400. */
public class DescriptorSyntaxException extends RuntimeException {

    private final int document;
    private final int line;
    private final int column;

    public DescriptorSyntaxException(String message, int document, int line, int column) {
        super(message);
        this.document = document;
        this.line = line;
        this.column = column;
    }

    /** 0-based index of the document, or -1 if unknown. */
    public int document() {
        return document;
    }

    /** 1-based line, or 0 if unknown. */
    public int line() {
        return line;
    }

    /** 1-based column, or 0 if unknown. */
    public int column() {
        return column;
    }
}

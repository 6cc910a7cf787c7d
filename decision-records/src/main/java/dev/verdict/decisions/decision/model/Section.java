package dev.verdict.decisions.decision.model;

/** A level-2 section that MADR does not define, kept verbatim so nothing a team wrote is lost. */
public record Section(String heading, String body) {
    public Section {
        heading = MarkdownBlocks.heading("section heading", heading);
        body = MarkdownBlocks.normalize(body);
        MarkdownBlocks.check("section '" + heading + "'", body, 2);
    }
}

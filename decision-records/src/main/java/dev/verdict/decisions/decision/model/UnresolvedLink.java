package dev.verdict.decisions.decision.model;

/**
 * A link, as an imported record wrote it, to a decision that was not in the imported set (a deleted or never
 * written record, a file of another repository). Kept so the link's meaning is not lost; it names no decision here.
 *
 * @param relation what the link would have been if it had resolved
 * @param text     the link as written, e.g. {@code Supersedes [2. Use MySQL](0002-use-mysql.md)}
 */
public record UnresolvedLink(LinkRelation relation, String text) {
    public UnresolvedLink {
        if (relation == null) {
            throw new IllegalArgumentException("an unresolved link needs its relation");
        }
        text = MarkdownBlocks.oneLine("unresolved link text", text);
    }
}

package dev.verdict.decisions.decision.service;

import dev.verdict.decisions.decision.store.DecisionRow;
import dev.verdict.security.Caller;
import java.util.List;
import java.util.Map;

/**
 * Where {@link DecisionService} mirrors every change as files, one commit per change. The git mirror implements it,
 * so decisions do not depend on git, and git's side (sync, import, conflicts) depends on decisions only.
 */
public interface DecisionMirror {

    /** Whether changes are mirrored at all; when they are, every write takes the cluster-wide git lock first. */
    boolean enabled();

    /**
     * Writes the rows' files as one commit authored by {@code caller}, in the caller's transaction. {@code bases}:
     * the blob per path that the file in git is known to have (a file just imported from git), recorded as agreed
     * before the commit. Refuses with a 409 problem when a file changed in git since the model last agreed with it;
     * any other failure of the mirror leaves the database change standing (the sync exports it later).
     */
    void write(List<DecisionRow> rows, Caller caller, String message, Map<String, String> bases);
}

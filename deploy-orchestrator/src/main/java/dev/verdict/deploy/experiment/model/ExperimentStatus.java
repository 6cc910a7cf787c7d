package dev.verdict.deploy.experiment.model;

import dev.verdict.problem.Problem;
import dev.verdict.problem.ProblemException;
import java.util.Arrays;
import java.util.Locale;

/** The lifecycle: draft → running → stopped → concluded; a new phase runs a running or stopped one again. */
public enum ExperimentStatus {
    DRAFT,
    RUNNING,
    STOPPED,
    CONCLUDED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code running} or {@code RUNNING}; 400 naming the statuses otherwise. */
    public static ExperimentStatus parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of(
                    "bad-request",
                    "Bad request",
                    400,
                    "unknown status " + s + "; one of "
                            + Arrays.stream(values())
                                    .map(ExperimentStatus::label)
                                    .toList()));
        }
    }
}

package dev.verdict.decisions.decision.model;

import java.util.List;

/** The MADR 4.0 section headings, in the order a file lists them. */
public final class DecisionSections {
    public static final String CONTEXT = "Context and Problem Statement";
    public static final String DRIVERS = "Decision Drivers";
    public static final String OPTIONS = "Considered Options";
    public static final String OUTCOME = "Decision Outcome";
    public static final String CONSEQUENCES = "Consequences";
    public static final String CONFIRMATION = "Confirmation";
    public static final String PROS_AND_CONS = "Pros and Cons of the Options";
    public static final String MORE_INFORMATION = "More Information";

    public static final List<String> LEVEL_2 =
            List.of(CONTEXT, DRIVERS, OPTIONS, OUTCOME, PROS_AND_CONS, MORE_INFORMATION);

    private DecisionSections() {}

    public static boolean isKnown(String heading) {
        return LEVEL_2.stream().anyMatch(h -> h.equalsIgnoreCase(heading.strip()));
    }
}

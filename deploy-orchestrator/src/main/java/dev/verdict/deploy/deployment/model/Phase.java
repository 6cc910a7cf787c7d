package dev.verdict.deploy.deployment.model;

/** Where inside its status a running deployment is; each phase's work is idempotent, so a restart repeats it. */
public enum Phase {
    /** Start canary and baseline (or, for a component's first version, the stable placement). */
    START,
    /** Wait until every instance is ready. */
    STARTING,
    /** Begin the step at {@code stepIndex}. */
    STEP_ENTER,
    /** Inside the step: waiting for a pause to end or an analysis window to close. */
    STEP_WAIT,
    /** Nothing left to do. */
    DONE
}

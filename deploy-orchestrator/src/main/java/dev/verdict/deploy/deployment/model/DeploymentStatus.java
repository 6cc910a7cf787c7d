package dev.verdict.deploy.deployment.model;

/**
 * Where a deployment is. The driver moves it; a person moves it out of {@link #PAUSED} (promote, abort) and starts
 * a finished one again (retry, as a new deployment).
 */
public enum DeploymentStatus {
    /** Accepted; nothing started yet. */
    PENDING,
    /** Canary and baseline are starting or the steps run. */
    RUNNING,
    /** Waiting for a person: a pause without duration, a marginal or inconclusive judgement. */
    PAUSED,
    /** The canary passed: it becomes stable, the old version and the baseline go. */
    PROMOTING,
    /** The canary failed or was aborted: its weight goes to 0 at once, canary and baseline go. */
    ROLLING_BACK,
    /** Done: the new version is stable. */
    PROMOTED,
    /** Done: the judge failed the canary; the old version is stable. */
    ROLLED_BACK,
    /** Done: a person aborted; the old version is stable. */
    ABORTED;

    public boolean finished() {
        return this == PROMOTED || this == ROLLED_BACK || this == ABORTED;
    }

    public static DeploymentStatus parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown status '" + s + "'; expected one of "
                    + java.util.Arrays.toString(values()).toLowerCase(java.util.Locale.ROOT));
        }
    }
}

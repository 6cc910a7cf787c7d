package dev.verdict.deploy.experiment.model;

import java.util.Locale;

/**
 * What a new phase does to units that sticky bucketing assigned in earlier phases (ADR-0006), GrowthBook's three
 * options for existing users. Each sets the phase's bucket version and minimum bucket version.
 */
public enum ExistingUnits {
    /** The first phase: no earlier assignments. Bucket version 0, GrowthBook's default. */
    NEW,
    /** Re-randomise everyone (the default): bucket version + 1, earlier assignments are no longer read. */
    REASSIGN,
    /** Re-randomise, and leave out every unit assigned before: bucket version + 1, minimum bucket version = it. */
    EXCLUDE,
    /** Keep earlier assignments (only with unchanged weights): the bucket version stays, new units get the new seed. */
    KEEP;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The options a new phase takes, by label; null for anything else. */
    public static ExistingUnits ofNewPhase(String label) {
        for (ExistingUnits u : values()) {
            if (u != NEW && u.label().equals(label)) {
                return u;
            }
        }
        return null;
    }

    /** What a phase with these bucket versions did, given the previous phase's bucket version (null: none). */
    public static ExistingUnits of(Integer previousBucketVersion, int bucketVersion, int minBucketVersion) {
        if (previousBucketVersion == null) {
            return NEW;
        }
        if (bucketVersion == previousBucketVersion) {
            return KEEP;
        }
        return minBucketVersion == bucketVersion ? EXCLUDE : REASSIGN;
    }
}

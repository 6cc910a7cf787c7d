package dev.verdict.deploy.experiment.aggregate;

/** What the per-unit processor emits for one input: deltas for the arms it changed, or the input parked. */
sealed interface Emitted permits ArmDelta, Parked {}

package dev.verdict.plugin;

/** One instance of a placement as the target sees it now. */
public record InstanceStatus(String id, String address, Health health, String detail) {

    public enum Health {
        /** Started, not ready for traffic yet. */
        STARTING,
        /** Ready: the router may send it traffic. */
        READY,
        /** Exited or failed its checks; {@code detail} says how. */
        FAILED
    }
}

package dev.verdict.deploy.experiment.aggregate;

/**
 * An input the aggregation did not count, with enough to understand and replay it: nothing is dropped silently.
 *
 * @param eventId the CloudEvent id, or null if the bytes could not be read that far
 * @param topic   the topic it was read from
 * @param key     the record's key as it arrived (may be null)
 * @param type    the CloudEvent type, or null if unreadable
 * @param kind    the reason as a kind, for counting and filtering
 * @param reason  the reason in words, e.g. {@code phase 1 is not the current phase 2}
 * @param payload the record's value exactly as it arrived (base64 in JSON), so it can be re-published as is
 */
public record Parked(
        String eventId, String topic, String key, String type, ParkReason kind, String reason, byte[] payload)
        implements Emitted {}

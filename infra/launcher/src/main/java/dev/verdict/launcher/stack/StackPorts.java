package dev.verdict.launcher.stack;

/**
 * The local stack's ports (ARCHITECTURE.md); tests use free ports instead and never these. The environment
 * variable {@code VERDICT_PORT_OFFSET} shifts every one of them, so a second checkout's stack can run beside the
 * first (its services get the shifted addresses through their VERDICT_* variables).
 */
public final class StackPorts {
    public static final int OFFSET = offset(System.getenv("VERDICT_PORT_OFFSET"));

    public static final int POSTGRES = 15432 + OFFSET;
    public static final int KAFKA = 19092 + OFFSET;
    /** KRaft controller listener of the single combined node; internal to the broker process. */
    public static final int KAFKA_CONTROLLER = 19093 + OFFSET;

    public static final int KEYCLOAK = 8180 + OFFSET;
    public static final int KEYCLOAK_MANAGEMENT = 9000 + OFFSET;

    /** The deploy-orchestrator's weighted router in front of the demo's payments-api (the process target). */
    public static final int DEMO_ROUTER = 8090 + OFFSET;

    private StackPorts() {}

    static int offset(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(value.trim());
            if (offset >= 0 && offset <= 40000) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StackException("VERDICT_PORT_OFFSET must be an integer between 0 and 40000, got '" + value + "'");
    }
}

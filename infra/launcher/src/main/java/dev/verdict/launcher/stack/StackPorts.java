package dev.verdict.launcher.stack;

/** The local stack's fixed ports (ARCHITECTURE.md); tests use free ports instead and never these. */
public final class StackPorts {
    public static final int POSTGRES = 15432;
    public static final int KAFKA = 19092;
    /** KRaft controller listener of the single combined node; internal to the broker process. */
    public static final int KAFKA_CONTROLLER = 19093;
    public static final int KEYCLOAK = 8180;
    public static final int KEYCLOAK_MANAGEMENT = 9000;

    private StackPorts() {
    }
}

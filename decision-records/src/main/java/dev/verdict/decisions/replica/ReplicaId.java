package dev.verdict.decisions.replica;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** A name for this process among the replicas (host and pid), recorded with what it did in shared state. */
@ApplicationScoped
public class ReplicaId {

    private final String id = host() + "/" + ProcessHandle.current().pid();

    public String id() {
        return id;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}

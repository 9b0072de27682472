package org.kafkamesos.executor;

/**
 * One voter of a static KRaft controller quorum, as in {@code controller.quorum.voters}: {@code id@host:port}.
 *
 * @param nodeId the controller's node id, {@code >= 0}
 * @param host   the host the controller listener is reached on
 * @param port   the controller listener's port, 1..65535
 */
public record QuorumVoter(int nodeId, String host, int port) {

    public QuorumVoter {
        if (nodeId < 0) {
            throw new IllegalArgumentException("quorum voter node id must be >= 0, got " + nodeId);
        }
        LaunchSpecRules.requireHost("host of quorum voter " + nodeId, host);
        LaunchSpecRules.requirePort("port of quorum voter " + nodeId, port);
    }

    /** This voter as Kafka writes it: {@code id@host:port}. */
    @Override
    public String toString() {
        return nodeId + "@" + host + ":" + port;
    }
}

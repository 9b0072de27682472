package org.kafkamesos.core.model;

import java.util.Objects;
import org.kafkamesos.placement.Resources;

/**
 * The persistent volume the scheduler made for a broker, and the resources it reserved with it: where the broker's
 * data lives. Recorded before the reservation is sent (write-ahead), so that a scheduler that crashes meanwhile still
 * knows where to look for it.
 *
 * @param agentId       the agent the volume is on
 * @param hostname      that agent's host
 * @param persistenceId the volume's persistence id, unique on the agent
 * @param role          the role the resources are reserved for
 * @param reserved      what is reserved: cpus, mem (MB), the volume's size as disk (MB), and ports
 * @param confirmed     whether the volume is known to exist: an offer carried it, or a task ran on it; until then a
 *                      reservation Mesos dropped is made again
 */
public record BrokerVolume(String agentId, String hostname, String persistenceId, String role, Resources reserved,
                           boolean confirmed) {

    /** Where a volume is mounted in its task's sandbox. */
    public static final String CONTAINER_PATH = "data";

    public BrokerVolume {
        for (String s : new String[] {agentId, hostname, persistenceId, role}) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("a broker volume needs an agent, a host, a persistence id and a role, got "
                        + agentId + ", " + hostname + ", " + persistenceId + ", " + role);
            }
        }
        Objects.requireNonNull(reserved, "reserved");
        if (!(reserved.disk() > 0)) {
            throw new IllegalArgumentException("volume " + persistenceId + " must have a size > 0 MB, got " + reserved.disk());
        }
    }

    /** The same volume, known to exist. */
    public BrokerVolume asConfirmed() {
        return confirmed ? this : new BrokerVolume(agentId, hostname, persistenceId, role, reserved, true);
    }

    /** The same volume on an agent that registered again under {@code agentId}: an agent keeps its volumes. */
    public BrokerVolume onAgent(String newAgentId, String newHostname) {
        return new BrokerVolume(newAgentId, newHostname, persistenceId, role, reserved, confirmed);
    }

    /** The same volume with {@code now} reserved with it (a spec that grew). */
    public BrokerVolume withReserved(Resources now) {
        return new BrokerVolume(agentId, hostname, persistenceId, role, now, confirmed);
    }
}

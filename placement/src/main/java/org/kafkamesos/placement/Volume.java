package org.kafkamesos.placement;

import java.util.Objects;

/**
 * A Mesos persistent volume offered on an agent, which a broker can require by its persistence id
 * so that it comes back to its data.
 *
 * @param persistenceId the volume's persistence id, unique on the agent
 * @param role          the role the volume is reserved for
 * @param diskMb        size of the volume in MB
 * @param containerPath where the volume is mounted in the task's sandbox
 */
public record Volume(String persistenceId, String role, double diskMb, String containerPath) {

    public Volume {
        Arguments.requireNonBlank("volume persistence id", persistenceId);
        Arguments.requireNonBlank("volume role", role);
        Objects.requireNonNull(containerPath, "containerPath");
        if (!(diskMb >= 0) || Double.isInfinite(diskMb)) {
            throw new IllegalArgumentException("volume size must be a finite number of MB >= 0, got " + diskMb);
        }
    }
}

package org.kafkamesos.core.local;

import java.util.Objects;

/**
 * One agent of a {@link LocalMesosCluster} at the moment of {@link LocalMesosCluster#agents()}.
 *
 * @param agent     the agent and all it has
 * @param reachable false between {@link LocalMesosCluster#loseAgent} and {@link LocalMesosCluster#restoreAgent}
 * @param tasks     how many tasks hold resources on it (launched and not yet terminal)
 * @param free      what neither a task holds nor an outstanding offer names; ports as ranges
 */
public record LocalAgentState(LocalAgent agent, boolean reachable, int tasks, Free free) {

    public LocalAgentState {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(free, "free");
    }

    /**
     * Unused resources of an agent.
     *
     * @param cpus   CPUs
     * @param memMb  memory in MB
     * @param diskMb disk in MB
     * @param ports  port ranges, such as {@code [9093-9100]}
     */
    public record Free(double cpus, double memMb, double diskMb, String ports) {
        public Free {
            Objects.requireNonNull(ports, "ports");
        }
    }
}

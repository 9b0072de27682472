package org.kafkamesos.core.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One agent of a {@link LocalMesosCluster} at the moment of {@link LocalMesosCluster#agents()}.
 *
 * @param agent        the agent and all it was given
 * @param reachable    false between {@link LocalMesosCluster#loseAgent} and {@link LocalMesosCluster#restoreAgent}
 * @param tasks        how many tasks hold resources on it (launched and not yet terminal)
 * @param free         the unreserved resources that neither a task holds nor an outstanding offer names
 * @param reservations its dynamic reservations, one per role, principal and labels, volumes not counted
 * @param volumes      its persistent volumes
 */
public record LocalAgentState(LocalAgent agent, boolean reachable, int tasks, Free free, List<Reservation> reservations,
                              List<Volume> volumes) {

    public LocalAgentState {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(free, "free");
        reservations = List.copyOf(reservations);
        volumes = List.copyOf(volumes);
    }

    /**
     * Unused unreserved resources of an agent.
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

    /**
     * Resources reserved for a role, in use or not.
     *
     * @param role      the role
     * @param principal the principal that reserved them, if any
     * @param labels    the reservation's labels
     * @param cpus      CPUs
     * @param memMb     memory in MB
     * @param diskMb    disk in MB that holds no volume
     * @param ports     port ranges, such as {@code [9092]}, or {@code []}
     */
    public record Reservation(String role, Optional<String> principal, Map<String, String> labels, double cpus, double memMb,
                              double diskMb, String ports) {
        public Reservation {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(principal, "principal");
            labels = Map.copyOf(labels);
            Objects.requireNonNull(ports, "ports");
        }
    }

    /**
     * A persistent volume.
     *
     * @param persistenceId its persistence id
     * @param role          the role its disk is reserved for
     * @param labels        the labels of that reservation
     * @param diskMb        its size in MB
     * @param containerPath where tasks see it in their sandbox
     * @param path          where its data lives on this machine, outside every sandbox
     * @param inUse         whether a task that has not ended uses it
     */
    public record Volume(String persistenceId, String role, Map<String, String> labels, double diskMb, String containerPath,
                         Path path, boolean inUse) {
        public Volume {
            Objects.requireNonNull(persistenceId, "persistenceId");
            Objects.requireNonNull(role, "role");
            labels = Map.copyOf(labels);
            Objects.requireNonNull(containerPath, "containerPath");
            Objects.requireNonNull(path, "path");
        }
    }
}

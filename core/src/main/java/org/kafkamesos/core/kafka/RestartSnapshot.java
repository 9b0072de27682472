package org.kafkamesos.core.kafka;

import java.util.List;
import java.util.Objects;

/**
 * What the {@link RestartGate} looks at, read at one moment.
 *
 * @param partitions every partition of the cluster's topics, internal ones included
 * @param quorum     the controller quorum; {@link QuorumState#UNKNOWN} if it could not be described
 */
public record RestartSnapshot(List<PartitionState> partitions, QuorumState quorum) {

    public RestartSnapshot {
        partitions = List.copyOf(partitions);
        Objects.requireNonNull(quorum, "quorum");
    }
}

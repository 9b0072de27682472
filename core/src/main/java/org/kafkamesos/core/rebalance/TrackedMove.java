package org.kafkamesos.core.rebalance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One partition's move as the executor tracks it.
 *
 * @param partition the partition
 * @param current   its replicas when the rebalance started, preferred leader first
 * @param target    the replicas it moves to, preferred leader first
 * @param bytes     its size in bytes when the rebalance started (see {@link RebalanceStatus})
 * @param phase     where its move stands
 */
record TrackedMove(TopicPartitionId partition, List<Integer> current, List<Integer> target, long bytes, Phase phase) {

    /** Where one partition's move stands. */
    enum Phase {
        /** Not yet submitted. */
        PENDING,
        /** Recorded as submitted to Kafka (written ahead of the submission), not yet complete. */
        IN_FLIGHT,
        /** The partition's replicas equal the target. */
        DONE
    }

    TrackedMove {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(phase, "phase");
        current = List.copyOf(current);
        target = List.copyOf(target);
        if (target.isEmpty()) {
            throw new IllegalArgumentException("the target replicas of " + partition + " are empty");
        }
        if (Set.copyOf(target).size() != target.size()) {
            throw new IllegalArgumentException("the target replicas of " + partition + " repeat a broker: " + target);
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes of " + partition + " must be >= 0, got " + bytes);
        }
    }

    static TrackedMove pending(TopicPartitionId partition, List<Integer> current, List<Integer> target, long bytes) {
        return new TrackedMove(partition, current, target, bytes, Phase.PENDING);
    }

    TrackedMove withPhase(Phase next) {
        return new TrackedMove(partition, current, target, bytes, next);
    }

    /** Every broker holding a replica before or after the move: the brokers it counts against. */
    Set<Integer> brokers() {
        Set<Integer> brokers = new LinkedHashSet<>(current);
        brokers.addAll(target);
        return brokers;
    }

    /** The target replicas that are not current replicas: the brokers that copy the partition. */
    List<Integer> addedReplicas() {
        List<Integer> added = new ArrayList<>(target);
        added.removeAll(current);
        return added;
    }
}

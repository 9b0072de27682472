package org.kafkamesos.core.rebalance;

import java.util.List;

/** Moves for the rebalance executor's tests. */
final class Moves {

    private Moves() {
    }

    static TrackedMove move(String topic, int partition, List<Integer> current, List<Integer> target) {
        return TrackedMove.pending(TopicPartitionId.of(topic, partition), current, target, 0);
    }

    static TrackedMove move(String topic, int partition, List<Integer> current, List<Integer> target, long bytes,
                            TrackedMove.Phase phase) {
        return new TrackedMove(TopicPartitionId.of(topic, partition), current, target, bytes, phase);
    }
}

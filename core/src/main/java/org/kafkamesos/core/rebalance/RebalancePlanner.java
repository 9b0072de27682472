package org.kafkamesos.core.rebalance;

import java.util.Optional;
import java.util.SortedMap;
import java.util.List;

/**
 * Plans partition reassignments: growing a cluster, draining a broker, placing a new topic.
 */
public final class RebalancePlanner {

    private RebalancePlanner() {
    }

    /** Plans {@code request}; deterministic. Implementation follows. */
    public static RebalancePlan plan(RebalanceRequest request) {
        throw new UnsupportedOperationException("the planner is being written");
    }

    /** Replica lists for new partitions of a topic, spread like plan() with nothing to keep. Implementation follows. */
    public static SortedMap<TopicPartitionId, List<Integer>> assignNew(String topic, int partitions, int replicationFactor,
                                                                    SortedMap<Integer, Optional<String>> brokers) {
        throw new UnsupportedOperationException("the planner is being written");
    }
}

package org.kafkamesos.core.rebalance;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one poll saw of the cluster.
 *
 * @param reassigning       every partition with a reassignment in progress ({@code listPartitionReassignments})
 * @param partitions        replicas and in-sync replica counts of the partitions looked at ({@code describeTopics})
 * @param minInsyncReplicas {@code min.insync.replicas} of the topics looked at ({@code describeConfigs})
 */
record ClusterObservation(Set<TopicPartitionId> reassigning, Map<TopicPartitionId, PartitionReplicas> partitions,
                          Map<String, Integer> minInsyncReplicas) {

    ClusterObservation {
        reassigning = Set.copyOf(reassigning);
        partitions = Map.copyOf(partitions);
        minInsyncReplicas = Map.copyOf(minInsyncReplicas);
    }

    /**
     * One partition as described.
     *
     * @param replicas its replicas, preferred leader first
     * @param isr      how many replicas are in sync
     * @param leader   its leader, or -1 when it has none
     */
    record PartitionReplicas(List<Integer> replicas, int isr, int leader) {
        PartitionReplicas {
            replicas = List.copyOf(replicas);
        }
    }
}

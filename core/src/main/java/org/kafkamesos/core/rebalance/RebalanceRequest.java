package org.kafkamesos.core.rebalance;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What to plan: where the replicas of each partition are now, which brokers should hold them afterwards
 * and how many replicas each partition should have.
 *
 * @param current           each partition's replicas, broker ids in order (the first is the preferred
 *                          leader); an empty list for a partition that has no replica yet. Replicas may be
 *                          on brokers that are not target brokers (they are then moved off). Copied.
 * @param brokers           the target brokers, broker id ({@code >= 0}) to rack; either every broker has a
 *                          rack or none has (as Kafka's rack-aware assignment requires). Not empty. Copied.
 * @param replicationFactor the number of replicas every partition has afterwards, {@code 1} to the number of
 *                          target brokers; empty keeps each partition's current number of replicas, and then
 *                          every partition must have at least one replica now
 */
public record RebalanceRequest(SortedMap<TopicPartitionId, List<Integer>> current,
                               SortedMap<Integer, Optional<String>> brokers,
                               OptionalInt replicationFactor) {

    /**
     * Validates and copies: no duplicate or negative broker id within a partition, a valid replication
     * factor for every partition, racks on all target brokers or on none.
     *
     * @throws IllegalArgumentException saying what was wrong and what is accepted
     */
    public RebalanceRequest {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(brokers, "brokers");
        Objects.requireNonNull(replicationFactor, "replicationFactor");
        brokers = copyBrokers(brokers);
        int brokerCount = brokers.size();
        if (replicationFactor.isPresent()) {
            int rf = replicationFactor.getAsInt();
            if (rf < 1 || rf > brokerCount) {
                throw new IllegalArgumentException("replication factor " + rf + " must be between 1 and the number of "
                        + "target brokers, " + brokerCount);
            }
        }
        TreeMap<TopicPartitionId, List<Integer>> copy = new TreeMap<>();
        for (Map.Entry<TopicPartitionId, List<Integer>> e : current.entrySet()) {
            TopicPartitionId partition = Objects.requireNonNull(e.getKey(), "partition");
            List<Integer> replicas = List.copyOf(Objects.requireNonNull(e.getValue(), () -> "replicas of " + partition));
            Set<Integer> seen = new HashSet<>();
            for (int broker : replicas) {
                if (broker < 0) {
                    throw new IllegalArgumentException("partition " + partition + " has replica on broker " + broker
                            + ": broker ids are >= 0");
                }
                if (!seen.add(broker)) {
                    throw new IllegalArgumentException("partition " + partition + " lists broker " + broker
                            + " twice in " + replicas + ": the replicas of a partition are on distinct brokers");
                }
            }
            if (replicationFactor.isEmpty()) {
                if (replicas.isEmpty()) {
                    throw new IllegalArgumentException("partition " + partition + " has no replica and no replication "
                            + "factor is given: a new partition needs a replication factor");
                }
                if (replicas.size() > brokerCount) {
                    throw new IllegalArgumentException("partition " + partition + " keeps its replication factor "
                            + replicas.size() + ", more than the number of target brokers, " + brokerCount);
                }
            }
            copy.put(partition, replicas);
        }
        current = Collections.unmodifiableSortedMap(copy);
    }

    /** The number of replicas {@code partition} has in the plan: the requested factor, else its current one. */
    int replicationFactorOf(TopicPartitionId partition) {
        return replicationFactor.isPresent() ? replicationFactor.getAsInt() : current.get(partition).size();
    }

    private static SortedMap<Integer, Optional<String>> copyBrokers(SortedMap<Integer, Optional<String>> brokers) {
        if (brokers.isEmpty()) {
            throw new IllegalArgumentException("no target broker: at least one is needed");
        }
        TreeMap<Integer, Optional<String>> copy = new TreeMap<>();
        int withRack = 0;
        for (Map.Entry<Integer, Optional<String>> e : brokers.entrySet()) {
            int broker = Objects.requireNonNull(e.getKey(), "broker id");
            Optional<String> rack = Objects.requireNonNull(e.getValue(), () -> "rack of broker " + broker);
            if (broker < 0) {
                throw new IllegalArgumentException("target broker id " + broker + " is negative: broker ids are >= 0");
            }
            if (rack.isPresent()) {
                if (rack.get().isBlank()) {
                    throw new IllegalArgumentException("broker " + broker + " has a blank rack: give a name or none");
                }
                withRack++;
            }
            copy.put(broker, rack);
        }
        if (withRack != 0 && withRack != copy.size()) {
            throw new IllegalArgumentException(withRack + " of " + copy.size() + " target brokers have a rack: either "
                    + "every target broker has a rack or none has");
        }
        return Collections.unmodifiableSortedMap(copy);
    }
}

package org.kafkamesos.core.rebalance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** Building blocks shared by the planner's tests: broker maps, round-robin assignments, what a plan spreads. */
final class Assignments {

    private Assignments() {
    }

    /** Brokers {@code ids} without racks. */
    static SortedMap<Integer, Optional<String>> brokers(Collection<Integer> ids) {
        TreeMap<Integer, Optional<String>> brokers = new TreeMap<>();
        ids.forEach(id -> brokers.put(id, Optional.empty()));
        return brokers;
    }

    /** Brokers {@code 0 .. count - 1} without racks. */
    static SortedMap<Integer, Optional<String>> brokers(int count) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(i);
        }
        return brokers(ids);
    }

    /** Brokers {@code 0 .. racks.length - 1}, broker {@code i} on rack {@code racks[i]}. */
    static SortedMap<Integer, Optional<String>> brokersOnRacks(String... racks) {
        TreeMap<Integer, Optional<String>> brokers = new TreeMap<>();
        for (int i = 0; i < racks.length; i++) {
            brokers.put(i, Optional.of(racks[i]));
        }
        return brokers;
    }

    /**
     * The naive reference: every partition placed from scratch, round robin over the brokers in id order,
     * each partition's replicas on the next {@code rf} brokers after the previous partition's. Balanced
     * (replicas per broker within one) but blind to what is where now.
     */
    static SortedMap<TopicPartitionId, List<Integer>> roundRobin(Collection<TopicPartitionId> partitions,
                                                                 Map<TopicPartitionId, Integer> rf,
                                                                 Collection<Integer> brokerIds) {
        List<Integer> ids = List.copyOf(brokerIds);
        TreeMap<TopicPartitionId, List<Integer>> lists = new TreeMap<>();
        int next = 0;
        for (TopicPartitionId partition : partitions) {
            List<Integer> replicas = new ArrayList<>();
            for (int j = 0; j < rf.get(partition); j++) {
                replicas.add(ids.get((next + j) % ids.size()));
            }
            next = (next + rf.get(partition)) % ids.size();
            lists.put(partition, replicas);
        }
        return lists;
    }

    /** {@code count} partitions of {@code topic}, round robin with {@code rf} replicas over {@code brokerIds}. */
    static SortedMap<TopicPartitionId, List<Integer>> roundRobin(String topic, int count, int rf, Collection<Integer> brokerIds) {
        List<TopicPartitionId> partitions = new ArrayList<>();
        Map<TopicPartitionId, Integer> rfs = new TreeMap<>();
        for (int p = 0; p < count; p++) {
            TopicPartitionId id = new TopicPartitionId(topic, p);
            partitions.add(id);
            rfs.put(id, rf);
        }
        return roundRobin(partitions, rfs, brokerIds);
    }

    /** Replica copies needed to go from {@code current} to {@code target}, as {@link RebalancePlan#replicaMoves()} counts them. */
    static int replicaMoves(Map<TopicPartitionId, List<Integer>> current, Map<TopicPartitionId, List<Integer>> target) {
        return new RebalancePlan(new TreeMap<>(current), new TreeMap<>(target)).replicaMoves();
    }

    /** Largest minus smallest value. */
    static int spread(Map<Integer, Integer> perBroker) {
        int max = perBroker.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int min = perBroker.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        return max - min;
    }

    /** The racks the replicas of one partition are on. */
    static Set<String> racksOf(List<Integer> replicas, Map<Integer, Optional<String>> brokers) {
        Set<String> racks = new HashSet<>();
        replicas.forEach(b -> brokers.get(b).ifPresent(racks::add));
        return racks;
    }

    /** The number of distinct racks among {@code brokers}. */
    static int rackCount(Map<Integer, Optional<String>> brokers) {
        Set<String> racks = new HashSet<>();
        brokers.values().forEach(rack -> rack.ifPresent(racks::add));
        return racks.size();
    }
}

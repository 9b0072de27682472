package org.kafkamesos.core.rebalance;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A rebalance plan: each partition's replica list before and after (broker ids in order, the first the
 * preferred leader), with the figures an operator looks at before running it.
 *
 * @param current the replica lists now, one per partition; copied
 * @param target  the replica lists afterwards, for exactly the partitions of {@code current}, each on
 *                distinct brokers of {@code brokers}; copied
 * @param brokers the target brokers, each one present in {@link #replicasPerBroker()} and
 *                {@link #leadersPerBroker()} even when it holds nothing; copied
 */
public record RebalancePlan(SortedMap<TopicPartitionId, List<Integer>> current,
                            SortedMap<TopicPartitionId, List<Integer>> target,
                            SortedSet<Integer> brokers) {

    /**
     * Validates and copies: the same partitions before and after, no broker twice in a target list, every
     * target replica on one of {@code brokers}.
     *
     * @throws IllegalArgumentException saying what was wrong
     */
    public RebalancePlan {
        current = copy(Objects.requireNonNull(current, "current"));
        target = copy(Objects.requireNonNull(target, "target"));
        brokers = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(brokers, "brokers")));
        if (!current.keySet().equals(target.keySet())) {
            throw new IllegalArgumentException("a plan has the same partitions before and after; current has "
                    + current.size() + ", target " + target.size());
        }
        for (Map.Entry<TopicPartitionId, List<Integer>> e : target.entrySet()) {
            Set<Integer> seen = new HashSet<>();
            for (int broker : e.getValue()) {
                if (!seen.add(broker)) {
                    throw new IllegalArgumentException("target of " + e.getKey() + " lists broker " + broker + " twice");
                }
                if (!brokers.contains(broker)) {
                    throw new IllegalArgumentException("target of " + e.getKey() + " puts a replica on broker " + broker
                            + ", which is not a target broker " + brokers);
                }
            }
        }
    }

    /** A plan whose target brokers are those the target lists name. */
    public RebalancePlan(SortedMap<TopicPartitionId, List<Integer>> current,
                         SortedMap<TopicPartitionId, List<Integer>> target) {
        this(current, target, brokersOf(target));
    }

    /** Only the partitions whose replica list changes, with their target list; order counts, so a leader change is a change. */
    public SortedMap<TopicPartitionId, List<Integer>> moves() {
        TreeMap<TopicPartitionId, List<Integer>> moves = new TreeMap<>();
        target.forEach((partition, replicas) -> {
            if (!replicas.equals(current.get(partition))) {
                moves.put(partition, replicas);
            }
        });
        return Collections.unmodifiableSortedMap(moves);
    }

    /** Replicas added to a partition's set of brokers, summed over partitions: the partition copies that must be made. */
    public int replicaMoves() {
        int added = 0;
        for (Map.Entry<TopicPartitionId, List<Integer>> e : target.entrySet()) {
            List<Integer> before = current.get(e.getKey());
            for (int broker : e.getValue()) {
                if (!before.contains(broker)) {
                    added++;
                }
            }
        }
        return added;
    }

    /** Partitions that have a leader now (a non-empty current list) and whose first replica changes. */
    public int leaderChanges() {
        int changes = 0;
        for (Map.Entry<TopicPartitionId, List<Integer>> e : current.entrySet()) {
            List<Integer> after = target.get(e.getKey());
            if (!e.getValue().isEmpty() && (after.isEmpty() || !after.get(0).equals(e.getValue().get(0)))) {
                changes++;
            }
        }
        return changes;
    }

    /** Replicas per target broker in {@link #target()}; every target broker present, 0 included. */
    public SortedMap<Integer, Integer> replicasPerBroker() {
        TreeMap<Integer, Integer> counts = zeroPerBroker();
        target.values().forEach(replicas -> replicas.forEach(broker -> counts.merge(broker, 1, Integer::sum)));
        return Collections.unmodifiableSortedMap(counts);
    }

    /** Preferred leaderships (first replicas) per target broker in {@link #target()}; every target broker present. */
    public SortedMap<Integer, Integer> leadersPerBroker() {
        TreeMap<Integer, Integer> counts = zeroPerBroker();
        target.values().forEach(replicas -> {
            if (!replicas.isEmpty()) {
                counts.merge(replicas.get(0), 1, Integer::sum);
            }
        });
        return Collections.unmodifiableSortedMap(counts);
    }

    /**
     * The brokers a run of this plan involves, in any moved partition's current or target list: the brokers
     * to throttle while it runs.
     */
    public Set<Integer> brokersTakingPart() {
        TreeSet<Integer> taking = new TreeSet<>();
        moves().forEach((partition, replicas) -> {
            taking.addAll(current.get(partition));
            taking.addAll(replicas);
        });
        return Collections.unmodifiableSortedSet(taking);
    }

    private TreeMap<Integer, Integer> zeroPerBroker() {
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        brokers.forEach(broker -> counts.put(broker, 0));
        return counts;
    }

    private static SortedMap<TopicPartitionId, List<Integer>> copy(SortedMap<TopicPartitionId, List<Integer>> lists) {
        TreeMap<TopicPartitionId, List<Integer>> copy = new TreeMap<>();
        lists.forEach((partition, replicas) -> copy.put(Objects.requireNonNull(partition, "partition"),
                List.copyOf(Objects.requireNonNull(replicas, () -> "replicas of " + partition))));
        return Collections.unmodifiableSortedMap(copy);
    }

    private static SortedSet<Integer> brokersOf(SortedMap<TopicPartitionId, List<Integer>> target) {
        TreeSet<Integer> brokers = new TreeSet<>();
        Objects.requireNonNull(target, "target").values().forEach(brokers::addAll);
        return brokers;
    }
}

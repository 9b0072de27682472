package org.kafkamesos.core.rebalance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Plans partition reassignments: growing a cluster (target = old and new brokers), draining a broker
 * (target = every broker but it), changing replication factors and placing the partitions of a new topic.
 * A pure function: no I/O, no threads, no clock; the same request always gives the same plan.
 *
 * <p>What a plan holds to, for every request:
 * <ul>
 *   <li>each partition has its replication factor, on distinct target brokers;</li>
 *   <li>racks: the replicas of a partition are on distinct racks when there are at least as many racks as
 *       replicas, else on every rack, spread as evenly as the racks' sizes allow;</li>
 *   <li>replicas: without racks, replicas per broker differ by at most one across the target brokers;
 *       with racks they do wherever single moves that keep the rack rule can get there, and always within
 *       a rack;</li>
 *   <li>leaders: no other choice of leaders among the planned replicas has a lower maximum per broker, and
 *       leaders per broker differ by at most one whenever any choice of leaders among them does;</li>
 *   <li>few moves: current replicas on target brokers stay unless the replication factor, the rack rule or
 *       a broker's fair share (total replicas / brokers, rounded) makes them go; a current leader still
 *       holding the partition keeps leading unless leader balance needs otherwise. An already balanced
 *       assignment on unchanged brokers gives no move.</li>
 * </ul>
 * How: {@link ReplicaPlacement} chooses replica sets, {@link LeaderBalancing} leaders and order. About
 * 0.35 s for 100,000 partitions of 3 replicas on 100 brokers in 10 racks (benchmarks/README.md).
 */
public final class RebalancePlanner {

    private RebalancePlanner() {
    }

    /**
     * Plans {@code request}.
     *
     * @return the current and target replica lists of every partition of the request
     */
    public static RebalancePlan plan(RebalanceRequest request) {
        Objects.requireNonNull(request, "request");
        int[] brokerIds = request.brokers().keySet().stream().mapToInt(Integer::intValue).toArray();
        Map<Integer, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < brokerIds.length; i++) {
            indexOf.put(brokerIds[i], i);
        }
        List<TopicPartitionId> partitions = new ArrayList<>(request.current().keySet());
        int[] rf = new int[partitions.size()];
        int[][] current = new int[partitions.size()][];
        int maxRf = 0;
        for (int p = 0; p < rf.length; p++) {
            TopicPartitionId partition = partitions.get(p);
            rf[p] = request.replicationFactorOf(partition);
            maxRf = Math.max(maxRf, rf[p]);
            List<Integer> list = request.current().get(partition);
            current[p] = new int[list.size()];
            for (int i = 0; i < list.size(); i++) {
                current[p][i] = indexOf.getOrDefault(list.get(i), -1);
            }
        }
        RackSpread racks = rackSpread(request.brokers(), maxRf);

        ReplicaPlacement placement = new ReplicaPlacement(brokerIds.length, rf, current, racks);
        placement.run();
        new LeaderBalancing(brokerIds.length, placement.replicas, placement.size, current)
                .run(placement.partitionsPerBroker());

        TreeMap<TopicPartitionId, List<Integer>> target = new TreeMap<>();
        for (int p = 0; p < rf.length; p++) {
            List<Integer> list = new ArrayList<>(placement.size[p]);
            for (int i = 0; i < placement.size[p]; i++) {
                list.add(brokerIds[placement.replicas[p][i]]);
            }
            target.put(partitions.get(p), list);
        }
        return new RebalancePlan(request.current(), target, new TreeSet<>(request.brokers().keySet()));
    }

    /**
     * Replica lists for new partitions of a topic, spread like {@link #plan} with nothing to keep.
     *
     * @param topic             the topic, not blank
     * @param partitions        how many partitions, numbered from 0; {@code >= 0}
     * @param replicationFactor replicas per partition, 1 to the number of brokers
     * @param brokers           the brokers to use, broker id to rack (every broker with a rack, or none)
     * @return the replica list of each partition, the first replica its preferred leader
     * @throws IllegalArgumentException for a blank topic, a negative count or an invalid replication factor
     */
    public static SortedMap<TopicPartitionId, List<Integer>> assignNew(String topic, int partitions, int replicationFactor,
                                                                    SortedMap<Integer, Optional<String>> brokers) {
        Objects.requireNonNull(topic, "topic");
        if (topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank, got '" + topic + "'");
        }
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be >= 0, got " + partitions);
        }
        TreeMap<TopicPartitionId, List<Integer>> empty = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            empty.put(new TopicPartitionId(topic, p), List.of());
        }
        return plan(new RebalanceRequest(empty, brokers, OptionalInt.of(replicationFactor))).target();
    }

    private static RackSpread rackSpread(SortedMap<Integer, Optional<String>> brokers, int maxRf) {
        if (brokers.values().iterator().next().isEmpty()) {
            return new RackSpread(null, 0, maxRf);
        }
        Map<String, Integer> rackIndex = new TreeMap<>();
        brokers.values().forEach(rack -> rackIndex.putIfAbsent(rack.orElseThrow(), rackIndex.size()));
        int[] rackOf = new int[brokers.size()];
        int i = 0;
        for (Optional<String> rack : brokers.values()) {
            rackOf[i++] = rackIndex.get(rack.orElseThrow());
        }
        return new RackSpread(rackOf, rackIndex.size(), maxRf);
    }

}

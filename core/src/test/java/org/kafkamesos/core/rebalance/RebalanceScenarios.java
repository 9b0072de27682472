package org.kafkamesos.core.rebalance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators for the planner's properties: random requests over up to 8 target brokers (ids drawn from 0-11,
 * so some current replicas sit on brokers being drained), with no racks or 1 to 4 racks of any sizes, up to
 * 30 partitions of up to 3 topics, current lists of any length (new partitions included), and either one
 * replication factor for all or each partition keeping its own.
 */
final class RebalanceScenarios {

    private RebalanceScenarios() {
    }

    /** Any valid request. */
    static Arbitrary<RebalanceRequest> requests(int maxPartitions) {
        return Combinators.combine(Arbitraries.integers().between(1, 8), Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, maxPartitions), Arbitraries.integers().between(0, 3),
                        Arbitraries.longs())
                .as(RebalanceScenarios::request);
    }

    /** Valid requests whose brokers have no rack. */
    static Arbitrary<RebalanceRequest> requestsWithoutRacks(int maxPartitions) {
        return Combinators.combine(Arbitraries.integers().between(1, 8), Arbitraries.just(0),
                        Arbitraries.integers().between(0, maxPartitions), Arbitraries.integers().between(0, 3),
                        Arbitraries.longs())
                .as(RebalanceScenarios::request);
    }

    /**
     * Growing or draining a balanced cluster without racks: {@code partitions} placed round robin with one
     * factor over brokers {@code 0 .. before - 1}, then the target adds {@code change} new brokers, or, for
     * a negative {@code change}, drops broker {@code -change - 1} (when the factor still fits).
     */
    static Arbitrary<RebalanceRequest> growsAndDrains(int maxPartitions) {
        return Combinators.combine(Arbitraries.integers().between(1, 8), Arbitraries.integers().between(-8, 3),
                        Arbitraries.integers().between(0, maxPartitions), Arbitraries.integers().between(1, 3))
                .as((before, change, partitions, rf) -> {
                    int factor = Math.min(rf, before);
                    List<Integer> old = new ArrayList<>();
                    for (int b = 0; b < before; b++) {
                        old.add(b);
                    }
                    List<Integer> target = new ArrayList<>(old);
                    if (change >= 0) {
                        for (int b = 0; b < change; b++) {
                            target.add(before + b);
                        }
                    } else if (before > factor) {
                        target.remove(Integer.valueOf(Math.min(-change - 1, before - 1)));
                    }
                    return new RebalanceRequest(Assignments.roundRobin("t", partitions, factor, old),
                            Assignments.brokers(target), OptionalInt.empty());
                });
    }

    /**
     * @param brokerCount target brokers
     * @param rackCount   0 for none, else brokers get racks {@code r0 ..}, every rack at least one broker
     * @param partitions  partitions in all
     * @param rfChoice    0: each partition keeps its current factor; else that factor for all (capped at brokers)
     * @param seed        for the rest: which broker ids, racks and current lists
     */
    static RebalanceRequest request(int brokerCount, int rackCount, int partitions, int rfChoice, long seed) {
        Random random = new Random(seed);
        List<Integer> universe = new ArrayList<>();
        for (int id = 0; id < 12; id++) {
            universe.add(id);
        }
        Collections.shuffle(universe, random);
        int racks = Math.min(rackCount, brokerCount);
        TreeMap<Integer, Optional<String>> brokers = new TreeMap<>();
        for (int i = 0; i < brokerCount; i++) {
            int rack = i < racks ? i : random.nextInt(Math.max(racks, 1));
            brokers.put(universe.get(i), racks == 0 ? Optional.empty() : Optional.of("r" + rack));
        }
        OptionalInt rf = rfChoice == 0 ? OptionalInt.empty() : OptionalInt.of(Math.min(rfChoice, brokerCount));
        SortedMap<TopicPartitionId, List<Integer>> current = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            TopicPartitionId id = new TopicPartitionId("t" + random.nextInt(3), p);
            // Keeping each partition's factor needs a current list of 1 to brokerCount replicas.
            int length = rf.isEmpty() ? 1 + random.nextInt(Math.min(4, brokerCount))
                    : random.nextInt(Math.min(5, universe.size()));
            // Mostly target brokers (the first brokerCount of the shuffled universe), sometimes others.
            List<Integer> pool = new ArrayList<>(universe.subList(0, random.nextInt(4) == 0 ? universe.size() : brokerCount));
            Collections.shuffle(pool, random);
            current.put(id, List.copyOf(pool.subList(0, Math.min(length, pool.size()))));
        }
        return new RebalanceRequest(current, brokers, rf);
    }
}

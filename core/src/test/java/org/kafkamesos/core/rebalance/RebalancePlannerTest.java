package org.kafkamesos.core.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kafkamesos.core.rebalance.Assignments.brokers;
import static org.kafkamesos.core.rebalance.Assignments.brokersOnRacks;
import static org.kafkamesos.core.rebalance.Assignments.racksOf;
import static org.kafkamesos.core.rebalance.Assignments.roundRobin;
import static org.kafkamesos.core.rebalance.Assignments.spread;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RebalancePlannerTest {

    private static final List<Integer> THREE = List.of(0, 1, 2);
    private static final List<Integer> FIVE = List.of(0, 1, 2, 3, 4);

    private static RebalancePlan plan(SortedMap<TopicPartitionId, List<Integer>> current,
                                      SortedMap<Integer, Optional<String>> brokers, OptionalInt rf) {
        return RebalancePlanner.plan(new RebalanceRequest(current, brokers, rf));
    }

    @Test
    void plan_growThreeToFiveBrokers_balancesReplicasWithTheMinimumOfMoves() {
        SortedMap<TopicPartitionId, List<Integer>> current = roundRobin("t", 30, 3, THREE);

        RebalancePlan plan = plan(current, brokers(FIVE), OptionalInt.empty());

        assertThat(plan.replicasPerBroker()).containsOnlyKeys(FIVE).allSatisfy((b, n) -> assertThat(n).isEqualTo(18));
        // The new brokers must get 2/5 of the 90 replicas, and nothing else needs to move.
        assertThat(plan.replicaMoves()).isEqualTo(36);
        assertThat(spread(plan.leadersPerBroker())).isLessThanOrEqualTo(1);
        assertThat(plan.brokersTakingPart()).containsAll(Set.of(3, 4));
    }

    @Test
    void plan_growThreeToFiveBrokersWithTwoReplicas_movesStrictlyFewerReplicasThanRoundRobinFromScratch() {
        SortedMap<TopicPartitionId, List<Integer>> current = roundRobin("t", 30, 2, THREE);
        SortedMap<TopicPartitionId, List<Integer>> naive = roundRobin("t", 30, 2, FIVE);

        RebalancePlan plan = plan(current, brokers(FIVE), OptionalInt.empty());

        // 60 replicas, 12 per broker afterwards: the new brokers take 24, the minimum; round robin from
        // scratch moves 36 (it also reshuffles replicas among the old brokers).
        assertThat(plan.replicaMoves()).isEqualTo(24);
        assertThat(Assignments.replicaMoves(current, naive)).isEqualTo(36);
        assertThat(spread(plan.replicasPerBroker())).isZero();
    }

    @Test
    void plan_drainBrokerTwoOfFour_leavesNoReplicaOnItAndMovesOnlyItsReplicas() {
        SortedMap<TopicPartitionId, List<Integer>> current = new TreeMap<>();
        for (int p = 0; p < 40; p++) {
            current.put(new TopicPartitionId("t", p), List.of(p % 4, (p + 1) % 4)); // a ring: 20 replicas per broker
        }

        RebalancePlan plan = plan(current, brokers(List.of(0, 1, 3)), OptionalInt.empty());

        assertThat(plan.target().values()).allSatisfy(replicas -> assertThat(replicas).doesNotContain(2).hasSize(2));
        assertThat(plan.replicasPerBroker()).containsOnlyKeys(0, 1, 3);
        assertThat(spread(plan.replicasPerBroker())).isLessThanOrEqualTo(1);
        assertThat(spread(plan.leadersPerBroker())).isLessThanOrEqualTo(1);
        assertThat(plan.replicaMoves()).isEqualTo(20);
        assertThat(plan.brokersTakingPart()).contains(2);
    }

    @Test
    void plan_fourBrokersOnThreeRacksWithThreeReplicas_putsEveryPartitionOnThreeRacks() {
        SortedMap<Integer, Optional<String>> brokers = brokersOnRacks("r1", "r1", "r2", "r3");
        // Round robin ignores racks: many partitions start on both brokers of r1.
        SortedMap<TopicPartitionId, List<Integer>> current = roundRobin("t", 20, 3, List.of(0, 1, 2, 3));

        RebalancePlan plan = plan(current, brokers, OptionalInt.empty());

        assertThat(plan.target().values()).allSatisfy(replicas -> assertThat(racksOf(replicas, brokers)).hasSize(3));
        // The rule forces a replica of every partition onto each single-broker rack; r1's two brokers share the rest.
        assertThat(plan.replicasPerBroker()).isEqualTo(Map.of(0, 10, 1, 10, 2, 20, 3, 20));
        assertThat(spread(plan.leadersPerBroker())).isLessThanOrEqualTo(1);
    }

    @Test
    void plan_twoRacksWithThreeReplicas_usesBothRacks() {
        SortedMap<Integer, Optional<String>> brokers = brokersOnRacks("a", "a", "a", "b", "b", "b");
        SortedMap<TopicPartitionId, List<Integer>> current = new TreeMap<>();
        for (int p = 0; p < 12; p++) {
            current.put(new TopicPartitionId("t", p), List.of(0, 1, 2)); // all on rack a
        }

        RebalancePlan plan = plan(current, brokers, OptionalInt.empty());

        assertThat(plan.target().values()).allSatisfy(replicas -> assertThat(racksOf(replicas, brokers)).hasSize(2));
        assertThat(spread(plan.replicasPerBroker())).isZero();
    }

    @Test
    void plan_replicationFactorUp_addsOneReplicaPerPartitionAndKeepsTheRest() {
        SortedMap<TopicPartitionId, List<Integer>> current = roundRobin("t", 12, 2, List.of(0, 1, 2, 3));

        RebalancePlan plan = plan(current, brokers(4), OptionalInt.of(3));

        assertThat(plan.target().values()).allSatisfy(replicas -> assertThat(replicas).hasSize(3));
        plan.target().forEach((p, replicas) -> assertThat(replicas).containsAll(current.get(p)));
        assertThat(plan.replicaMoves()).isEqualTo(12);
        assertThat(plan.replicasPerBroker()).allSatisfy((b, n) -> assertThat(n).isEqualTo(9));
        // Round robin two by two left every leader on broker 0 or 2; balancing them takes 6 changes, no more.
        assertThat(plan.leadersPerBroker()).allSatisfy((b, n) -> assertThat(n).isEqualTo(3));
        assertThat(plan.leaderChanges()).isEqualTo(6);
    }

    @Test
    void plan_replicationFactorDown_onlyDropsReplicasAndKeepsBalance() {
        SortedMap<TopicPartitionId, List<Integer>> current = roundRobin("t", 12, 3, List.of(0, 1, 2, 3));

        RebalancePlan plan = plan(current, brokers(4), OptionalInt.of(1));

        assertThat(plan.replicaMoves()).isZero();
        plan.target().forEach((p, replicas) -> assertThat(current.get(p)).containsAll(replicas));
        assertThat(plan.replicasPerBroker()).allSatisfy((b, n) -> assertThat(n).isEqualTo(3));
        assertThat(plan.leaderChanges()).isZero();
    }

    @Test
    void plan_allLeadersOnOneBroker_reordersListsWithoutCopyingData() {
        SortedMap<TopicPartitionId, List<Integer>> current = new TreeMap<>();
        for (int p = 0; p < 9; p++) {
            current.put(new TopicPartitionId("t", p), List.of(0, 1, 2));
        }

        RebalancePlan plan = plan(current, brokers(3), OptionalInt.empty());

        assertThat(plan.replicaMoves()).isZero();
        assertThat(plan.leadersPerBroker()).isEqualTo(Map.of(0, 3, 1, 3, 2, 3));
        assertThat(plan.leaderChanges()).isEqualTo(6);
        assertThat(plan.moves()).hasSize(6);
        // A new leader moves to the front; the others keep their order.
        plan.moves().values().forEach(replicas -> assertThat(replicas.subList(1, 3)).isSortedAccordingTo(Integer::compare));
    }

    @Test
    void plan_balancedAssignmentOnTheSameBrokers_movesNothing() {
        SortedMap<TopicPartitionId, List<Integer>> current = roundRobin("t", 50, 3, FIVE);

        RebalancePlan plan = plan(current, brokers(FIVE), OptionalInt.empty());

        assertThat(plan.moves()).isEmpty();
        assertThat(plan.replicaMoves()).isZero();
        assertThat(plan.brokersTakingPart()).isEmpty();
        assertThat(plan.target()).isEqualTo(current);
    }

    @Test
    void assignNew_twelvePartitionsOnSixBrokersInThreeRacks_spreadsReplicasLeadersAndRacks() {
        SortedMap<Integer, Optional<String>> brokers = brokersOnRacks("r1", "r1", "r2", "r2", "r3", "r3");

        SortedMap<TopicPartitionId, List<Integer>> lists = RebalancePlanner.assignNew("orders", 12, 3, brokers);

        assertThat(lists).hasSize(12).containsKey(new TopicPartitionId("orders", 11));
        assertThat(lists.values()).allSatisfy(replicas -> assertThat(racksOf(replicas, brokers)).hasSize(3));
        RebalancePlan asPlan = new RebalancePlan(lists, lists);
        assertThat(asPlan.replicasPerBroker()).allSatisfy((b, n) -> assertThat(n).isEqualTo(6));
        assertThat(asPlan.leadersPerBroker()).allSatisfy((b, n) -> assertThat(n).isEqualTo(2));
    }

    @Test
    void plan_newPartitions_countEveryReplicaAsAMoveButNoLeaderChange() {
        SortedMap<TopicPartitionId, List<Integer>> current = new TreeMap<>();
        current.put(new TopicPartitionId("t", 0), List.of());
        current.put(new TopicPartitionId("t", 1), List.of());

        RebalancePlan plan = plan(current, brokers(3), OptionalInt.of(2));

        assertThat(plan.replicaMoves()).isEqualTo(4);
        assertThat(plan.leaderChanges()).isZero();
        assertThat(plan.moves()).hasSize(2);
        assertThat(plan.replicasPerBroker()).containsOnlyKeys(0, 1, 2);
    }

    @Test
    void plan_figures_countWhatChanged() {
        SortedMap<TopicPartitionId, List<Integer>> current = new TreeMap<>(Map.of(
                new TopicPartitionId("a", 0), List.of(1, 2),
                new TopicPartitionId("a", 1), List.of(2, 3),
                new TopicPartitionId("b", 0), List.of(3, 1)));
        SortedMap<TopicPartitionId, List<Integer>> target = new TreeMap<>(Map.of(
                new TopicPartitionId("a", 0), List.of(1, 2),   // unchanged
                new TopicPartitionId("a", 1), List.of(3, 2),   // leader change only
                new TopicPartitionId("b", 0), List.of(3, 5))); // 1 replaced by 5

        RebalancePlan plan = new RebalancePlan(current, target, new java.util.TreeSet<>(Set.of(1, 2, 3, 5, 7)));

        assertThat(plan.moves()).containsOnlyKeys(new TopicPartitionId("a", 1), new TopicPartitionId("b", 0));
        assertThat(plan.replicaMoves()).isEqualTo(1);
        assertThat(plan.leaderChanges()).isEqualTo(1);
        assertThat(plan.replicasPerBroker()).isEqualTo(Map.of(1, 1, 2, 2, 3, 2, 5, 1, 7, 0));
        assertThat(plan.leadersPerBroker()).isEqualTo(Map.of(1, 1, 2, 0, 3, 2, 5, 0, 7, 0));
        assertThat(plan.brokersTakingPart()).containsExactly(1, 2, 3, 5);
    }

    @Test
    void topicPartitionId_printsAsKafkaDoesAndOrdersByTopicThenPartition() {
        assertThat(new TopicPartitionId("orders", 3)).hasToString("orders-3");
        assertThat(new TopicPartitionId("a", 10)).isLessThan(new TopicPartitionId("b", 2));
        assertThat(new TopicPartitionId("a", 2)).isLessThan(new TopicPartitionId("a", 10));
    }

    @Test
    void badRequests_areRefusedWithWhatIsWrong() {
        TopicPartitionId t0 = new TopicPartitionId("t", 0);
        assertThatThrownBy(() -> new TopicPartitionId(" ", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> new TopicPartitionId("t", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(">= 0");
        assertThatThrownBy(() -> new RebalanceRequest(new TreeMap<>(Map.of(t0, List.of(1, 2, 1))), brokers(3),
                OptionalInt.empty())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t-0").hasMessageContaining("broker 1 twice");
        assertThatThrownBy(() -> new RebalanceRequest(new TreeMap<>(), brokers(3), OptionalInt.of(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replication factor 4").hasMessageContaining("target brokers, 3");
        assertThatThrownBy(() -> new RebalanceRequest(new TreeMap<>(), brokers(3), OptionalInt.of(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> new RebalanceRequest(new TreeMap<>(Map.of(t0, List.of())), brokers(3),
                OptionalInt.empty())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("new partition needs a replication factor");
        assertThatThrownBy(() -> new RebalanceRequest(new TreeMap<>(Map.of(t0, List.of(0, 1, 2, 3))), brokers(3),
                OptionalInt.empty())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replication factor 4").hasMessageContaining("target brokers, 3");
        assertThatThrownBy(() -> new RebalanceRequest(new TreeMap<>(), new TreeMap<>(), OptionalInt.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no target broker");
        SortedMap<Integer, Optional<String>> mixed = new TreeMap<>(Map.of(0, Optional.of("r1"), 1, Optional.empty()));
        assertThatThrownBy(() -> new RebalanceRequest(new TreeMap<>(), mixed, OptionalInt.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every target broker has a rack or none");
        assertThatThrownBy(() -> RebalancePlanner.assignNew("t", 3, 4, brokers(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replication factor 4");
        assertThatThrownBy(() -> RebalancePlanner.assignNew("t", -1, 1, brokers(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partitions must be >= 0");
        assertThatThrownBy(() -> new RebalancePlan(new TreeMap<>(Map.of(t0, List.of(0))), new TreeMap<>(Map.of(t0, List.of(0))),
                new java.util.TreeSet<>(Set.of(1)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a target broker");
    }
}

package org.kafkamesos.core.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kafkamesos.core.rebalance.Assignments.rackCount;
import static org.kafkamesos.core.rebalance.Assignments.racksOf;
import static org.kafkamesos.core.rebalance.Assignments.spread;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What users of {@link RebalancePlanner} rely on, for any request: every partition gets its replication
 * factor on distinct target brokers, on distinct racks when there are enough racks (else on every rack);
 * replicas per broker within one of each other without racks (within each rack with racks); leaders as even
 * as any choice among the planned replicas allows (checked against every choice on small requests); the
 * same plan every time; nothing moved when nothing needs to; and, when growing or draining a balanced
 * cluster, never more data copied than a naive round-robin reassignment from scratch.
 */
class RebalancePlannerProperties {

    @Provide
    Arbitrary<RebalanceRequest> requests() {
        return RebalanceScenarios.requests(30);
    }

    @Provide
    Arbitrary<RebalanceRequest> requestsWithoutRacks() {
        return RebalanceScenarios.requestsWithoutRacks(30);
    }

    @Provide
    Arbitrary<RebalanceRequest> smallRequests() {
        return RebalanceScenarios.requests(8);
    }

    @Property
    void everyPartitionGetsItsReplicationFactorOnDistinctTargetBrokers(@ForAll("requests") RebalanceRequest request) {
        RebalancePlan plan = RebalancePlanner.plan(request);

        assertThat(plan.target().keySet()).isEqualTo(request.current().keySet());
        plan.target().forEach((partition, replicas) -> {
            assertThat(replicas).hasSize(request.replicationFactorOf(partition)).doesNotHaveDuplicates();
            assertThat(request.brokers().keySet()).containsAll(replicas);
        });
    }

    @Property
    void replicasSpanDistinctRacksWhenThereAreEnoughElseEveryRack(@ForAll("requests") RebalanceRequest request) {
        RebalancePlan plan = RebalancePlanner.plan(request);

        int racks = rackCount(request.brokers());
        plan.target().values().forEach(replicas ->
                assertThat(racksOf(replicas, request.brokers())).hasSize(Math.min(racks, replicas.size())));
    }

    @Property
    void withoutRacksReplicasPerBrokerDifferByAtMostOne(@ForAll("requestsWithoutRacks") RebalanceRequest request) {
        RebalancePlan plan = RebalancePlanner.plan(request);

        assertThat(plan.replicasPerBroker()).containsOnlyKeys(request.brokers().keySet());
        assertThat(spread(plan.replicasPerBroker())).isLessThanOrEqualTo(1);
    }

    @Property
    void withRacksReplicasPerBrokerDifferByAtMostOneWithinEachRack(@ForAll("requests") RebalanceRequest request) {
        RebalancePlan plan = RebalancePlanner.plan(request);

        Map<String, Map<Integer, Integer>> perRack = new TreeMap<>();
        plan.replicasPerBroker().forEach((broker, count) -> perRack
                .computeIfAbsent(request.brokers().get(broker).orElse(""), rack -> new TreeMap<>()).put(broker, count));
        perRack.values().forEach(counts -> assertThat(spread(counts)).isLessThanOrEqualTo(1));
    }

    @Property
    void leadersDifferByAtMostOneWheneverAnyChoiceOfLeadersDoes(@ForAll("smallRequests") RebalanceRequest request) {
        RebalancePlan plan = RebalancePlanner.plan(request);

        int best = bestLeaderSpread(new ArrayList<>(plan.target().values()), new ArrayList<>(request.brokers().keySet()));
        int ours = spread(plan.leadersPerBroker());
        if (best <= 1) {
            assertThat(ours).isLessThanOrEqualTo(1);
        }
        assertThat(maxOf(plan.leadersPerBroker())).isLessThanOrEqualTo(bestLeaderMax);
    }

    @Property
    void theSameRequestGivesTheSamePlan(@ForAll("requests") RebalanceRequest request) {
        RebalanceRequest copy = new RebalanceRequest(new TreeMap<>(request.current()), new TreeMap<>(request.brokers()),
                request.replicationFactor());

        assertThat(RebalancePlanner.plan(copy)).isEqualTo(RebalancePlanner.plan(request));
    }

    @Property
    void planningAPlannedAssignmentAgainMovesNothing(@ForAll("requestsWithoutRacks") RebalanceRequest request) {
        RebalancePlan first = RebalancePlanner.plan(request);

        RebalancePlan second = RebalancePlanner.plan(new RebalanceRequest(first.target(), request.brokers(),
                OptionalInt.empty()));

        assertThat(second.moves()).isEmpty();
    }

    @Provide
    Arbitrary<RebalanceRequest> growsAndDrains() {
        return RebalanceScenarios.growsAndDrains(40);
    }

    /**
     * Growing or draining a balanced cluster, the planner copies no more than placing everything afresh
     * would. Not claimed for any input: shedding replicas from over-full brokers is greedy, not a min-cost
     * matching, and from unbalanced starts it can copy one or two replicas more than round robin (found by
     * this property over arbitrary requests, e.g. brokers 1, 2, 4, 9 and {@code [2, 4, 1], [1, 9],
     * [1, 2, 4], [4, 1, 9, 2], [2, 1, 4], [9, 2, 1], [8, 3]}: 4 copies, round robin 3).
     */
    @Property
    void growingOrDrainingMovesNoMoreReplicasThanARoundRobinReassignmentFromScratch(
            @ForAll("growsAndDrains") RebalanceRequest request) {
        RebalancePlan plan = RebalancePlanner.plan(request);

        Map<TopicPartitionId, Integer> rf = new TreeMap<>();
        request.current().keySet().forEach(p -> rf.put(p, request.replicationFactorOf(p)));
        SortedMap<TopicPartitionId, List<Integer>> naive =
                Assignments.roundRobin(request.current().keySet(), rf, request.brokers().keySet());

        assertThat(plan.replicaMoves()).isLessThanOrEqualTo(Assignments.replicaMoves(request.current(), naive));
    }

    // The brute-force reference for leaders: every choice of one leader per partition among its replicas.

    private int bestLeaderMax;

    private int bestLeaderSpread(List<List<Integer>> lists, List<Integer> brokers) {
        Map<Integer, Integer> leads = new TreeMap<>();
        brokers.forEach(b -> leads.put(b, 0));
        bestLeaderMax = Integer.MAX_VALUE;
        return search(lists, 0, leads);
    }

    private int search(List<List<Integer>> lists, int next, Map<Integer, Integer> leads) {
        if (next == lists.size()) {
            bestLeaderMax = Math.min(bestLeaderMax, maxOf(leads));
            return spread(leads);
        }
        int best = Integer.MAX_VALUE;
        for (int broker : new HashSet<>(lists.get(next))) {
            leads.merge(broker, 1, Integer::sum);
            best = Math.min(best, search(lists, next + 1, leads));
            leads.merge(broker, -1, Integer::sum);
        }
        return best;
    }

    private static int maxOf(Map<Integer, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

}

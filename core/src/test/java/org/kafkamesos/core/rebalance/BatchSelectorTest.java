package org.kafkamesos.core.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kafkamesos.core.rebalance.Moves.move;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchSelectorTest {

    private static final RebalanceLimits LIMITS = RebalanceLimits.throttledTo(1_000_000);

    @Test
    void next_movesOnDisjointBrokers_allGoWithinTheClusterCap() {
        List<TrackedMove> pending = List.of(move("t", 0, List.of(0), List.of(1)), move("t", 1, List.of(2), List.of(3)),
                move("t", 2, List.of(4), List.of(5)));

        assertThat(BatchSelector.next(pending, List.of(), LIMITS)).containsExactlyElementsOf(pending);
    }

    @Test
    void next_perBrokerCap_countsEveryBrokerBeforeAndAfter() {
        // Every move involves broker 0 (a current replica of each): at most 2 may be in flight with a cap of 2
        List<TrackedMove> pending = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
            pending.add(move("t", p, List.of(0, 1), List.of(1, 2 + p)));
        }

        List<TrackedMove> batch = BatchSelector.next(pending, List.of(), LIMITS.withMaxMovesPerBroker(2));

        assertThat(batch).containsExactly(pending.get(0), pending.get(1));
    }

    @Test
    void next_aMoveThatDoesNotFit_isSkippedSoMovesOnIdleBrokersStillGo() {
        TrackedMove busy = move("a", 0, List.of(0), List.of(1));
        TrackedMove blocked = move("a", 1, List.of(0), List.of(2));
        TrackedMove elsewhere = move("b", 0, List.of(3), List.of(4));

        List<TrackedMove> batch = BatchSelector.next(List.of(blocked, elsewhere), List.of(busy),
                LIMITS.withMaxMovesPerBroker(1));

        assertThat(batch).containsExactly(elsewhere);
    }

    @Test
    void next_clusterCap_countsTheMovesInFlight() {
        List<TrackedMove> inFlight = List.of(move("t", 0, List.of(0), List.of(1)), move("t", 1, List.of(2), List.of(3)));
        List<TrackedMove> pending = List.of(move("t", 2, List.of(4), List.of(5)), move("t", 3, List.of(6), List.of(7)));

        assertThat(BatchSelector.next(pending, inFlight, LIMITS.withMaxMovesPerCluster(3)))
                .containsExactly(pending.get(0));
        assertThat(BatchSelector.next(pending, inFlight, LIMITS.withMaxMovesPerCluster(2))).isEmpty();
    }

    @Test
    void next_withNothingInFlight_alwaysTakesTheFirstPendingMove() {
        TrackedMove wide = move("t", 0, List.of(0, 1, 2), List.of(3, 4, 5));

        assertThat(BatchSelector.next(List.of(wide), List.of(), LIMITS.withMaxMovesPerBroker(1).withMaxMovesPerCluster(1)))
                .containsExactly(wide);
    }

    @Test
    void next_neverExceedsACap_overManyShapes() {
        // A small exhaustive sweep: every broker and the cluster stay within their caps after the batch
        for (int perBroker = 1; perBroker <= 4; perBroker++) {
            for (int perCluster = 1; perCluster <= 12; perCluster += 3) {
                List<TrackedMove> pending = new ArrayList<>();
                for (int p = 0; p < 30; p++) {
                    pending.add(move("t", p, List.of(p % 5, (p + 1) % 5), List.of((p + 2) % 5, 5 + p % 3)));
                }
                List<TrackedMove> inFlight = List.of(move("u", 0, List.of(0), List.of(6)));
                RebalanceLimits limits = LIMITS.withMaxMovesPerBroker(perBroker).withMaxMovesPerCluster(perCluster);

                List<TrackedMove> all = new ArrayList<>(inFlight);
                all.addAll(BatchSelector.next(pending, inFlight, limits));

                Map<Integer, Integer> perBrokerCount = new HashMap<>();
                all.forEach(m -> m.brokers().forEach(b -> perBrokerCount.merge(b, 1, Integer::sum)));
                int cap = perBroker;
                assertThat(all.size()).isLessThanOrEqualTo(perCluster);
                assertThat(perBrokerCount.values()).allMatch(n -> n <= cap);
                if (perCluster > inFlight.size()) {
                    assertThat(all.size()).as("progress while the cluster has room").isGreaterThan(inFlight.size());
                }
            }
        }
    }
}

package org.kafkamesos.core.rebalance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the next moves to submit within {@link RebalanceLimits}: pending moves in their order, each taken when the
 * cluster and every broker it counts against ({@link TrackedMove#brokers()}) stay within their caps; a move that does
 * not fit is skipped so that moves on idle brokers still go. With nothing in flight the first pending move always
 * fits, so a rebalance always progresses.
 */
final class BatchSelector {

    private BatchSelector() {
    }

    /**
     * The moves to submit next, in {@code pending}'s order.
     *
     * @param pending  moves not yet submitted, in the order they should go
     * @param inFlight moves submitted and not complete
     */
    static List<TrackedMove> next(List<TrackedMove> pending, List<TrackedMove> inFlight, RebalanceLimits limits) {
        Map<Integer, Integer> perBroker = new HashMap<>();
        for (TrackedMove move : inFlight) {
            move.brokers().forEach(b -> perBroker.merge(b, 1, Integer::sum));
        }
        int inCluster = inFlight.size();
        List<TrackedMove> batch = new ArrayList<>();
        for (TrackedMove move : pending) {
            if (inCluster >= limits.maxMovesPerCluster()) {
                break;
            }
            boolean fits = move.brokers().stream()
                    .allMatch(b -> perBroker.getOrDefault(b, 0) < limits.maxMovesPerBroker());
            if (fits) {
                batch.add(move);
                inCluster++;
                move.brokers().forEach(b -> perBroker.merge(b, 1, Integer::sum));
            }
        }
        return List.copyOf(batch);
    }
}

package org.kafkamesos.core.rebalance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kafkamesos.core.model.CommandRejectedException;

/** The moves of a {@link RebalancePlan} as the executor tracks them, and the check that the plan is still current. */
final class PlannedMoves {

    private PlannedMoves() {
    }

    /**
     * A pending move for each partition whose target replicas differ from its current ones (a new order alone is a
     * move: it changes the preferred leader), sorted by topic then partition, sizes not yet known.
     */
    static List<TrackedMove> of(RebalancePlan plan) {
        List<TrackedMove> moves = new ArrayList<>();
        plan.moves().forEach((partition, target) ->
                moves.add(TrackedMove.pending(partition, plan.current().get(partition), target, 0)));
        return List.copyOf(moves);
    }

    /**
     * Checks that each move's current replicas are the cluster's.
     *
     * @throws CommandRejectedException INVALID if a partition does not exist, CONFLICT if its replicas changed
     */
    static void requireCurrent(List<TrackedMove> moves, Map<TopicPartitionId, ClusterObservation.PartitionReplicas> actual) {
        for (TrackedMove move : moves) {
            ClusterObservation.PartitionReplicas replicas = actual.get(move.partition());
            if (replicas == null) {
                throw new CommandRejectedException(CommandRejectedException.Kind.INVALID,
                        "the plan moves " + move.partition() + ", which does not exist");
            }
            if (!replicas.replicas().equals(move.current())) {
                throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT,
                        "the plan was made for replicas " + move.current() + " of " + move.partition()
                                + ", which now has " + replicas.replicas() + "; plan again");
            }
        }
    }
}

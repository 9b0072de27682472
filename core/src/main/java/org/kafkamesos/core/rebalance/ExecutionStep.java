package org.kafkamesos.core.rebalance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One poll's decision, a pure function of the persisted state and what the poll saw.
 *
 * <ol>
 *   <li>A move in flight whose partition Kafka no longer reassigns is done when the partition's replicas equal its
 *       target, and pending again otherwise (its reassignment was cancelled outside, or never reached Kafka because
 *       the scheduler stopped between writing it ahead and submitting it). A partition that no longer exists fails
 *       the rebalance.</li>
 *   <li>A move still reassigning whose partition has fewer in-sync replicas than its topic's
 *       {@code min.insync.replicas} stops the rebalance.</li>
 *   <li>Otherwise the next batch ({@link BatchSelector}) goes in flight; with nothing pending nor in flight the
 *       rebalance is complete.</li>
 * </ol>
 */
final class ExecutionStep {

    /** How many partitions a reason names before it says "and N more". */
    static final int NAMED_IN_REASON = 5;

    private ExecutionStep() {
    }

    /** What a poll decided. */
    sealed interface Outcome {
    }

    /** Carry on: persist {@code next} (moves of {@code submit} already marked in flight), then submit. */
    record Continue(ExecutionState next, List<TrackedMove> submit) implements Outcome {
        Continue {
            submit = List.copyOf(submit);
        }
    }

    /** Every move is done: elect preferred leaders, remove throttles, persist DONE. */
    record Complete(ExecutionState next) implements Outcome {
    }

    /** End the rebalance in {@code end}: cancel the moves in flight, remove throttles, persist. */
    record Halt(RebalanceState end, String reason) implements Outcome {
    }

    static Outcome decide(ExecutionState state, ClusterObservation seen) {
        if (state.state() != RebalanceState.RUNNING) {
            throw new IllegalArgumentException("only a RUNNING rebalance polls, not " + state.state());
        }
        List<TopicPartitionId> vanished = new ArrayList<>();
        List<String> underMinIsr = new ArrayList<>();
        Set<TopicPartitionId> done = new HashSet<>();
        Set<TopicPartitionId> retry = new HashSet<>();
        for (TrackedMove move : state.inPhase(TrackedMove.Phase.IN_FLIGHT)) {
            TopicPartitionId id = move.partition();
            ClusterObservation.PartitionReplicas described = seen.partitions().get(id);
            if (seen.reassigning().contains(id)) {
                Integer minIsr = seen.minInsyncReplicas().get(id.topic());
                if (described != null && minIsr != null && described.isr() < minIsr) {
                    underMinIsr.add(id + " (" + described.isr() + " in sync, min.insync.replicas " + minIsr + ")");
                }
            } else if (described == null) {
                vanished.add(id);
            } else if (described.replicas().equals(move.target())) {
                done.add(id);
            } else {
                retry.add(id);
            }
        }
        if (!vanished.isEmpty()) {
            return new Halt(RebalanceState.FAILED, "partitions no longer exist: "
                    + names(vanished.stream().map(TopicPartitionId::toString).toList()));
        }
        if (!underMinIsr.isEmpty()) {
            return new Halt(RebalanceState.STOPPED,
                    "partitions under their min.insync.replicas: " + names(underMinIsr));
        }
        ExecutionState settled = state.withMoves(m -> done.contains(m.partition()) ? m.withPhase(TrackedMove.Phase.DONE)
                : retry.contains(m.partition()) ? m.withPhase(TrackedMove.Phase.PENDING) : m);
        List<TrackedMove> pending = settled.inPhase(TrackedMove.Phase.PENDING);
        List<TrackedMove> inFlight = settled.inPhase(TrackedMove.Phase.IN_FLIGHT);
        if (pending.isEmpty() && inFlight.isEmpty()) {
            return new Complete(settled);
        }
        List<TrackedMove> batch = BatchSelector.next(pending, inFlight, settled.limits());
        Set<TopicPartitionId> submitted = batch.stream().map(TrackedMove::partition).collect(Collectors.toSet());
        ExecutionState next = settled.withMoves(
                m -> submitted.contains(m.partition()) ? m.withPhase(TrackedMove.Phase.IN_FLIGHT) : m);
        return new Continue(next, next.moves().stream().filter(m -> submitted.contains(m.partition())).toList());
    }

    static String names(List<String> names) {
        String shown = String.join(", ", names.subList(0, Math.min(NAMED_IN_REASON, names.size())));
        return names.size() > NAMED_IN_REASON ? shown + " and " + (names.size() - NAMED_IN_REASON) + " more" : shown;
    }
}

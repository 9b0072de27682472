package org.kafkamesos.core.rebalance;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Everything a {@link RebalanceExecutor} persists: enough for another instance to report the status, remove the
 * throttles or carry on with the remaining moves.
 *
 * @param state    where the rebalance stands; never {@link RebalanceState#IDLE}
 * @param started  when it started
 * @param finished when it ended; present exactly when the state is final
 * @param reason   why it ended (stopped, failed, cancelled) or, while running, why the last poll failed
 * @param limits   its limits, including the throttle
 * @param moves    every partition the plan moves, sorted by topic then partition
 */
record ExecutionState(RebalanceState state, Instant started, Optional<Instant> finished, Optional<String> reason,
                      RebalanceLimits limits, List<TrackedMove> moves) {

    ExecutionState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(limits, "limits");
        if (state == RebalanceState.IDLE) {
            throw new IllegalArgumentException("a persisted rebalance is never IDLE");
        }
        if (state.isFinal() != finished.isPresent()) {
            throw new IllegalArgumentException("finished must be present exactly when the state is final: " + state
                    + ", finished " + finished);
        }
        moves = moves.stream().sorted(Comparator.comparing(TrackedMove::partition)).toList();
        long distinct = moves.stream().map(TrackedMove::partition).distinct().count();
        if (distinct != moves.size()) {
            throw new IllegalArgumentException("a partition appears twice among the moves");
        }
    }

    /** A rebalance that starts now with every move pending. */
    static ExecutionState running(Instant now, RebalanceLimits limits, List<TrackedMove> moves) {
        return new ExecutionState(RebalanceState.RUNNING, now, Optional.empty(), Optional.empty(), limits, moves);
    }

    /** This rebalance ended in {@code end} at {@code now}; moves in flight go back to pending (they were reverted). */
    ExecutionState finish(RebalanceState end, Instant now, Optional<String> why) {
        if (!end.isFinal()) {
            throw new IllegalArgumentException("a rebalance ends DONE, CANCELLED, STOPPED or FAILED, not " + end);
        }
        return new ExecutionState(end, started, Optional.of(now), why, limits,
                moves.stream().map(m -> m.phase() == TrackedMove.Phase.IN_FLIGHT ? m.withPhase(TrackedMove.Phase.PENDING) : m)
                        .toList());
    }

    ExecutionState withReason(Optional<String> why) {
        return new ExecutionState(state, started, finished, why, limits, moves);
    }

    ExecutionState withMoves(UnaryOperator<TrackedMove> change) {
        return new ExecutionState(state, started, finished, reason, limits, moves.stream().map(change).toList());
    }

    List<TrackedMove> inPhase(TrackedMove.Phase phase) {
        return moves.stream().filter(m -> m.phase() == phase).collect(Collectors.toList());
    }

    /** The throttles of the whole plan, set while it runs. */
    ThrottleConfigs throttles() {
        return ThrottleConfigs.of(moves, limits.throttleBytesPerSecond());
    }

    /** The progress: counts of partitions and their bytes by phase. */
    RebalanceStatus status() {
        int done = 0;
        int inFlight = 0;
        long bytesTotal = 0;
        long bytesDone = 0;
        for (TrackedMove move : moves) {
            bytesTotal += move.bytes();
            if (move.phase() == TrackedMove.Phase.DONE) {
                done++;
                bytesDone += move.bytes();
            } else if (move.phase() == TrackedMove.Phase.IN_FLIGHT) {
                inFlight++;
            }
        }
        OptionalLong throttle = state == RebalanceState.RUNNING
                ? OptionalLong.of(limits.throttleBytesPerSecond()) : OptionalLong.empty();
        return new RebalanceStatus(state, moves.size(), done, bytesTotal, bytesDone, inFlight, Optional.of(started),
                finished, reason, throttle);
    }
}

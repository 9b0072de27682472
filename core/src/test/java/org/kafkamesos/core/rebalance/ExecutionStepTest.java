package org.kafkamesos.core.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kafkamesos.core.rebalance.Moves.move;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kafkamesos.core.rebalance.ClusterObservation.PartitionReplicas;
import org.kafkamesos.core.rebalance.TrackedMove.Phase;

class ExecutionStepTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final RebalanceLimits LIMITS = RebalanceLimits.throttledTo(1_000_000).withMaxMovesPerCluster(2);
    private static final TopicPartitionId A0 = TopicPartitionId.of("a", 0);
    private static final TopicPartitionId A1 = TopicPartitionId.of("a", 1);
    private static final TopicPartitionId A2 = TopicPartitionId.of("a", 2);

    private static ExecutionState state(Phase a0, Phase a1, Phase a2) {
        return ExecutionState.running(NOW, LIMITS, List.of(
                move("a", 0, List.of(0, 1), List.of(1, 2), 100, a0),
                move("a", 1, List.of(0, 1), List.of(2, 3), 200, a1),
                move("a", 2, List.of(0, 1), List.of(3, 4), 300, a2)));
    }

    private static ClusterObservation seen(Set<TopicPartitionId> reassigning, Map<TopicPartitionId, PartitionReplicas> parts) {
        return new ClusterObservation(reassigning, parts, Map.of("a", 2));
    }

    @Test
    void decide_firstPoll_submitsTheFirstBatchWithinTheLimits_writtenAheadAsInFlight() {
        ExecutionStep.Outcome outcome = ExecutionStep.decide(state(Phase.PENDING, Phase.PENDING, Phase.PENDING),
                seen(Set.of(), Map.of()));

        ExecutionStep.Continue next = (ExecutionStep.Continue) outcome;
        assertThat(next.submit()).extracting(TrackedMove::partition).containsExactly(A0, A1);
        assertThat(next.submit()).allMatch(m -> m.phase() == Phase.IN_FLIGHT);
        assertThat(next.next().inPhase(Phase.IN_FLIGHT)).extracting(TrackedMove::partition).containsExactly(A0, A1);
    }

    @Test
    void decide_aMoveNoLongerReassigning_withItsTargetReplicas_isDone_andMakesRoomForTheNext() {
        ExecutionStep.Outcome outcome = ExecutionStep.decide(state(Phase.IN_FLIGHT, Phase.IN_FLIGHT, Phase.PENDING),
                seen(Set.of(A1), Map.of(A0, new PartitionReplicas(List.of(1, 2), 2, 1),
                        A1, new PartitionReplicas(List.of(0, 1, 2, 3), 2, 0))));

        ExecutionStep.Continue next = (ExecutionStep.Continue) outcome;
        assertThat(next.next().inPhase(Phase.DONE)).extracting(TrackedMove::partition).containsExactly(A0);
        assertThat(next.submit()).extracting(TrackedMove::partition).containsExactly(A2);
    }

    @Test
    void decide_aMoveNoLongerReassigning_withOtherReplicas_isSubmittedAgain() {
        // Cancelled outside, or written ahead by a scheduler that stopped before submitting it
        ExecutionStep.Outcome outcome = ExecutionStep.decide(state(Phase.IN_FLIGHT, Phase.DONE, Phase.DONE),
                seen(Set.of(), Map.of(A0, new PartitionReplicas(List.of(0, 1), 2, 0))));

        assertThat(((ExecutionStep.Continue) outcome).submit()).extracting(TrackedMove::partition).containsExactly(A0);
    }

    @Test
    void decide_aPartitionInFlightUnderItsMinIsr_stopsTheRebalance_namingIt() {
        ExecutionStep.Outcome outcome = ExecutionStep.decide(state(Phase.IN_FLIGHT, Phase.PENDING, Phase.PENDING),
                seen(Set.of(A0), Map.of(A0, new PartitionReplicas(List.of(0, 1, 2), 1, 0))));

        assertThat(outcome).isInstanceOfSatisfying(ExecutionStep.Halt.class, halt -> {
            assertThat(halt.end()).isEqualTo(RebalanceState.STOPPED);
            assertThat(halt.reason()).contains("a-0", "1 in sync", "min.insync.replicas 2");
        });
    }

    @Test
    void decide_atMinIsr_carriesOn() {
        ExecutionStep.Outcome outcome = ExecutionStep.decide(state(Phase.IN_FLIGHT, Phase.PENDING, Phase.PENDING),
                seen(Set.of(A0), Map.of(A0, new PartitionReplicas(List.of(0, 1, 2), 2, 0))));

        assertThat(outcome).isInstanceOf(ExecutionStep.Continue.class);
    }

    @Test
    void decide_aPartitionThatNoLongerExists_failsTheRebalance() {
        ExecutionStep.Outcome outcome = ExecutionStep.decide(state(Phase.IN_FLIGHT, Phase.PENDING, Phase.PENDING),
                seen(Set.of(), Map.of()));

        assertThat(outcome).isInstanceOfSatisfying(ExecutionStep.Halt.class,
                halt -> assertThat(halt.end()).isEqualTo(RebalanceState.FAILED));
    }

    @Test
    void decide_theLastMoveDone_completes() {
        ExecutionStep.Outcome outcome = ExecutionStep.decide(state(Phase.DONE, Phase.DONE, Phase.IN_FLIGHT),
                seen(Set.of(), Map.of(A2, new PartitionReplicas(List.of(3, 4), 2, 3))));

        assertThat(outcome).isInstanceOfSatisfying(ExecutionStep.Complete.class,
                complete -> assertThat(complete.next().inPhase(Phase.DONE)).hasSize(3));
    }

    @Test
    void status_countsPartitionsAndBytesByPhase_andShowsTheThrottleWhileRunning() {
        RebalanceStatus status = state(Phase.DONE, Phase.IN_FLIGHT, Phase.PENDING).status();

        assertThat(status.state()).isEqualTo(RebalanceState.RUNNING);
        assertThat(status.partitionsTotal()).isEqualTo(3);
        assertThat(status.partitionsDone()).isEqualTo(1);
        assertThat(status.inFlight()).isEqualTo(1);
        assertThat(status.bytesTotal()).isEqualTo(600);
        assertThat(status.bytesDone()).isEqualTo(100);
        assertThat(status.progress()).isEqualTo(100.0 / 600);
        assertThat(status.throttleBytesPerSecond()).hasValue(1_000_000);
        assertThat(status.started()).contains(NOW);
        assertThat(status.finished()).isEmpty();
    }

    @Test
    void finish_revertsTheMovesInFlightToPending_andDropsTheThrottleFromTheStatus() {
        ExecutionState cancelled = state(Phase.DONE, Phase.IN_FLIGHT, Phase.PENDING)
                .finish(RebalanceState.CANCELLED, NOW.plusSeconds(5), java.util.Optional.of("cancelled"));

        RebalanceStatus status = cancelled.status();
        assertThat(status.inFlight()).isZero();
        assertThat(status.partitionsDone()).isEqualTo(1);
        assertThat(status.throttleBytesPerSecond()).isEmpty();
        assertThat(status.finished()).contains(NOW.plusSeconds(5));
        assertThat(status.reason()).contains("cancelled");
    }
}

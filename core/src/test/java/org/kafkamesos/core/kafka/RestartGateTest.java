package org.kafkamesos.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The restart gate as a table: one partition or one quorum per row, and whether broker 2 may be restarted. */
class RestartGateTest {

    private static final int BROKER = 2;
    private static final Set<Integer> NO_CONTROLLERS = Set.of();

    static Stream<Arguments> partitionCases() {
        return Stream.of(
                Arguments.of("RF 3, minISR 2, full ISR", partition(List.of(0, 1, 2), List.of(0, 1, 2), 2), true),
                Arguments.of("RF 3, minISR 2, ISR = minISR with the broker in it", partition(List.of(0, 1, 2), List.of(1, 2), 2), false),
                Arguments.of("RF 3, minISR 2, ISR = minISR without the broker", partition(List.of(0, 1, 2), List.of(0, 1), 2), true),
                Arguments.of("RF 3, minISR 2, ISR < minISR with the broker", partition(List.of(0, 1, 2), List.of(2), 2), false),
                Arguments.of("RF 3, minISR 2, ISR < minISR without the broker", partition(List.of(0, 1, 2), List.of(0), 2), false),
                Arguments.of("RF 3, minISR 3 (RF <= minISR), ISR = minISR", partition(List.of(0, 1, 2), List.of(0, 1, 2), 3), true),
                Arguments.of("RF 2, minISR 2 (RF <= minISR), ISR < minISR", partition(List.of(1, 2), List.of(1), 2), true),
                Arguments.of("RF 1, minISR 1, the broker is the only replica", partition(List.of(2), List.of(2), 1), true),
                Arguments.of("RF 3, minISR 1, ISR = the broker alone", partition(List.of(0, 1, 2), List.of(2), 1), false),
                Arguments.of("a partition the broker does not host, ISR < minISR", partition(List.of(0, 1, 3), List.of(0), 2), true),
                Arguments.of("RF 5, minISR 3, ISR of 4 with the broker", partition(List.of(0, 1, 2, 3, 4), List.of(0, 1, 2, 3), 3), true),
                Arguments.of("RF 5, minISR 3, ISR of 3 with the broker", partition(List.of(0, 1, 2, 3, 4), List.of(0, 2, 3), 3), false));
    }

    @ParameterizedTest(name = "{0}: allowed {2}")
    @MethodSource("partitionCases")
    void check_onePartition_allowsExactlyWhenStrimzisRuleHolds(String name, PartitionState p, boolean allowed) {
        RestartDecision decision = RestartGate.check(BROKER, List.of(p), NO_CONTROLLERS, QuorumState.UNKNOWN);

        assertThat(decision.allowed()).as(name).isEqualTo(allowed);
        assertThat(decision.blockers()).hasSize(allowed ? 0 : 1);
    }

    static Stream<Arguments> quorumCases() {
        return Stream.of(
                Arguments.of("3 voters all caught up", quorum(0, voter(0, 1000), voter(1, 990), voter(2, 999)), true),
                Arguments.of("3 voters, another one lagging", quorum(0, voter(0, 10_000), voter(1, 1_000), voter(2, 9_999)), false),
                Arguments.of("3 voters, the broker itself lagging", quorum(0, voter(0, 10_000), voter(1, 9_999), voter(2, 1_000)), true),
                Arguments.of("3 voters, the broker is the leader, others caught up", quorum(2, voter(0, 9_000), voter(1, 9_500), voter(2, 10_000)), true),
                Arguments.of("3 voters, the broker is the leader, one other lagging", quorum(2, voter(0, 1_000), voter(1, 9_500), voter(2, 10_000)), false),
                Arguments.of("3 voters, one never caught up", quorum(0, voter(0, 10_000), new QuorumState.Voter(1, -1, OptionalLong.empty()),
                        voter(2, 10_000)), false),
                Arguments.of("exactly the max lag behind counts as caught up", quorum(0, voter(0, 10_000), voter(1, 8_000), voter(2, 10_000)), true),
                Arguments.of("1 ms more than the max lag does not", quorum(0, voter(0, 10_000), voter(1, 7_999), voter(2, 10_000)), false),
                Arguments.of("5 voters, one other lagging", quorum(0, voter(0, 10_000), voter(1, 1), voter(2, 10_000), voter(3, 10_000),
                        voter(4, 10_000)), true),
                Arguments.of("5 voters, two others lagging", quorum(0, voter(0, 10_000), voter(1, 1), voter(2, 10_000), voter(3, 1),
                        voter(4, 10_000)), false),
                Arguments.of("no leader (an election)", new QuorumState(OptionalInt.empty(), List.of(voter(0, 1), voter(1, 1), voter(2, 1)),
                        QuorumState.DEFAULT_MAX_LAG), false),
                Arguments.of("the quorum could not be described", QuorumState.UNKNOWN, false),
                Arguments.of("a single voter: the broker (no order keeps a one-voter quorum up)", quorum(2, voter(2, 10_000)), true),
                Arguments.of("a single voter: another one", quorum(0, voter(0, 10_000)), true));
    }

    @ParameterizedTest(name = "{0}: allowed {2}")
    @MethodSource("quorumCases")
    void check_controller_allowedOnlyIfACaughtUpMajorityRemains(String name, QuorumState quorum, boolean allowed) {
        RestartDecision decision = RestartGate.check(BROKER, List.of(), Set.of(0, 1, 2), quorum);

        assertThat(decision.allowed()).as(name).isEqualTo(allowed);
        assertThat(decision.blockers()).allMatch(b -> b instanceof RestartDecision.QuorumBlocker);
    }

    @Test
    void check_brokerNotAController_ignoresTheQuorum() {
        RestartDecision decision = RestartGate.check(BROKER, List.of(), Set.of(0, 1, 3), QuorumState.UNKNOWN);

        assertThat(decision.allowed()).isTrue();
    }

    @Test
    void check_snapshot_takesTheQuorumsVotersAsControllers() {
        QuorumState lagging = quorum(0, voter(0, 10_000), voter(1, 1_000), voter(2, 10_000));

        assertThat(RestartGate.check(BROKER, new RestartSnapshot(List.of(), lagging)).allowed()).isFalse();
        assertThat(RestartGate.check(5, new RestartSnapshot(List.of(), lagging)).allowed()).isTrue();
    }

    @Test
    void describe_isrAtMinIsr_namesThePartitionItsIsrMinIsrAndTheBroker() {
        RestartDecision decision = RestartGate.check(BROKER, List.of(
                new PartitionState("t", 0, OptionalInt.of(1), List.of(0, 1, 2), List.of(2, 1), 2),
                new PartitionState("a", 3, OptionalInt.of(0), List.of(0, 1, 2), List.of(0), 2)), NO_CONTROLLERS, QuorumState.UNKNOWN);

        assertThat(decision.describe()).isEqualTo("broker 2 not restarted: partition a-3 has ISR [0] < min.insync.replicas 2; "
                + "partition t-0 has ISR [1, 2] = min.insync.replicas 2 with broker 2 in it");
        assertThat(decision.blockers()).extracting(b -> ((RestartDecision.PartitionBlocker) b).rule()).containsExactly(
                RestartDecision.PartitionRule.ISR_BELOW_MIN_ISR, RestartDecision.PartitionRule.ISR_AT_MIN_ISR_WITH_BROKER);
    }

    @Test
    void describe_quorum_namesTheVotersTheCaughtUpOnesAndTheMajority() {
        RestartDecision decision = RestartGate.check(BROKER, List.of(), Set.of(0, 1, 2),
                quorum(0, voter(0, 10_000), voter(1, 1_000), voter(2, 10_000)));

        assertThat(decision.describe()).isEqualTo("broker 2 not restarted: controller quorum [0, 1, 2] has caught-up voters [0, 2]; "
                + "without controller 2 it keeps 1 caught up, a majority needs 2");
    }

    @Test
    void describe_allowed_saysSo() {
        assertThat(RestartGate.check(BROKER, List.of(), NO_CONTROLLERS, QuorumState.UNKNOWN).describe())
                .isEqualTo("broker 2 may be restarted");
    }

    @Test
    void check_partitionsAndQuorum_reportsPartitionsFirstThenTheQuorum() {
        RestartDecision decision = RestartGate.check(BROKER, List.of(partition(List.of(0, 1, 2), List.of(1, 2), 2)), Set.of(2),
                QuorumState.UNKNOWN);

        assertThat(decision.blockers()).hasSize(2);
        assertThat(decision.blockers().get(0)).isInstanceOf(RestartDecision.PartitionBlocker.class);
        assertThat(decision.blockers().get(1)).isInstanceOf(RestartDecision.QuorumBlocker.class);
    }

    private static PartitionState partition(List<Integer> replicas, List<Integer> isr, int minIsr) {
        return new PartitionState("t", 0, isr.isEmpty() ? OptionalInt.empty() : OptionalInt.of(isr.get(0)), replicas, isr, minIsr);
    }

    private static QuorumState.Voter voter(int id, long lastCaughtUpMs) {
        return new QuorumState.Voter(id, 100, OptionalLong.of(lastCaughtUpMs));
    }

    private static QuorumState quorum(int leader, QuorumState.Voter... voters) {
        return new QuorumState(OptionalInt.of(leader), List.of(voters), QuorumState.DEFAULT_MAX_LAG);
    }
}

package org.kafkamesos.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/** Invariants of the restart gate over random partitions and quorums. */
class RestartGateProperties {

    private static final int BROKERS = 6;

    /**
     * The gate allows a restart exactly when, with the broker out of every ISR, every partition it hosts with
     * RF > minISR still has an ISR of at least minISR, and none had fewer before: the naive reference.
     */
    @Property
    void check_allowsExactlyWhenNoPartitionWouldDropBelowMinIsr(@ForAll("partitions") List<PartitionState> partitions,
                                                                  @ForAll @IntRange(max = BROKERS - 1) int broker) {
        boolean reference = true;
        for (PartitionState p : partitions) {
            if (!p.replicas().contains(broker) || p.replicas().size() <= p.minIsr()) {
                continue;
            }
            Set<Integer> after = new HashSet<>(p.isr());
            after.remove(broker);
            if (p.isr().size() < p.minIsr() || after.size() < p.minIsr()) {
                reference = false;
            }
        }

        assertThat(RestartGate.check(broker, partitions, Set.of(), QuorumState.UNKNOWN).allowed()).isEqualTo(reference);
    }

    /** Every blocker names a partition the broker hosts, with RF > minISR, and its ISR and minISR as given. */
    @Property
    void check_blockersNameOnlyHostedPartitionsWithRfAboveMinIsr(@ForAll("partitions") List<PartitionState> partitions,
                                                                 @ForAll @IntRange(max = BROKERS - 1) int broker) {
        for (RestartDecision.Blocker b : RestartGate.check(broker, partitions, Set.of(), QuorumState.UNKNOWN).blockers()) {
            RestartDecision.PartitionBlocker pb = (RestartDecision.PartitionBlocker) b;
            assertThat(pb.replicas()).contains(broker);
            assertThat(pb.replicas().size()).isGreaterThan(pb.minIsr());
            assertThat(partitions).anySatisfy(p -> {
                assertThat(p.name()).isEqualTo(pb.name());
                assertThat(p.isr()).isEqualTo(pb.isr());
                assertThat(p.minIsr()).isEqualTo(pb.minIsr());
            });
        }
    }

    /** The decision does not depend on the order partitions are listed in. */
    @Property
    void check_isIndependentOfPartitionOrder(@ForAll("partitions") List<PartitionState> partitions,
                                             @ForAll @IntRange(max = BROKERS - 1) int broker) {
        List<PartitionState> reversed = new ArrayList<>(partitions);
        Collections.reverse(reversed);

        assertThat(RestartGate.check(broker, reversed, Set.of(), QuorumState.UNKNOWN))
                .isEqualTo(RestartGate.check(broker, partitions, Set.of(), QuorumState.UNKNOWN));
    }

    /**
     * A controller's restart is allowed only if, counting by brute force, the other voters within the max lag of the
     * leader's stamp (the leader included) are a majority of all voters, or the broker is the quorum's only voter.
     */
    @Property
    void check_controller_allowedExactlyWhenACaughtUpMajorityRemains(@ForAll("quorums") QuorumState quorum,
                                                                     @ForAll @IntRange(max = BROKERS - 1) int broker) {
        int leader = quorum.leaderId().orElse(-1);
        long leaderStamp = quorum.voter(leader).flatMap(v -> v.lastCaughtUpTimestamp().isPresent()
                ? java.util.Optional.of(v.lastCaughtUpTimestamp().getAsLong()) : java.util.Optional.empty()).orElse(Long.MIN_VALUE);
        int others = 0;
        for (QuorumState.Voter v : quorum.voters()) {
            boolean caughtUp = v.id() == leader || leaderStamp != Long.MIN_VALUE && v.lastCaughtUpTimestamp().isPresent()
                    && leaderStamp - v.lastCaughtUpTimestamp().getAsLong() <= quorum.maxLag().toMillis();
            if (caughtUp && v.id() != broker) {
                others++;
            }
        }
        boolean sole = quorum.voters().size() == 1 && quorum.voters().get(0).id() == broker;
        boolean reference = sole || !quorum.voters().isEmpty() && others > quorum.voters().size() / 2;

        assertThat(RestartGate.check(broker, List.of(), Set.of(broker), quorum).allowed()).isEqualTo(reference);
    }

    @Provide
    Arbitrary<List<PartitionState>> partitions() {
        Arbitrary<PartitionState> partition = Arbitraries.integers().between(0, BROKERS - 1).set().ofMinSize(1).ofMaxSize(5)
                .flatMap(replicaSet -> {
                    List<Integer> replicas = new ArrayList<>(replicaSet);
                    return Combinators.combine(
                            Arbitraries.of(replicas).set().ofMaxSize(replicas.size()),
                            Arbitraries.integers().between(1, 4),
                            Arbitraries.strings().withChars("abc").ofLength(1),
                            Arbitraries.integers().between(0, 3))
                            .as((isr, minIsr, topic, number) -> new PartitionState(topic, number, OptionalInt.empty(), replicas,
                                    new ArrayList<>(isr), minIsr));
                });
        return partition.list().ofMaxSize(8).uniqueElements(PartitionState::name);
    }

    @Provide
    Arbitrary<QuorumState> quorums() {
        Arbitrary<QuorumState.Voter> voter = Combinators.combine(
                Arbitraries.integers().between(0, BROKERS - 1),
                Arbitraries.longs().between(0, 5_000).injectNull(0.15))
                .as((id, stamp) -> new QuorumState.Voter(id, 0, stamp == null ? OptionalLong.empty() : OptionalLong.of(stamp)));
        return voter.list().ofMaxSize(5).uniqueElements(QuorumState.Voter::id).flatMap(voters -> {
            List<Integer> ids = new ArrayList<>();
            voters.forEach(v -> ids.add(v.id()));
            Arbitrary<OptionalInt> leader = ids.isEmpty() ? Arbitraries.just(OptionalInt.empty())
                    : Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.of(ids).map(OptionalInt::of)),
                            Tuple.of(1, Arbitraries.just(OptionalInt.empty())));
            return Combinators.combine(leader, Arbitraries.longs().between(0, 3_000))
                    .as((l, lag) -> new QuorumState(l, voters, java.time.Duration.ofMillis(lag)));
        });
    }
}

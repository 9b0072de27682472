package org.kafkamesos.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.kafkamesos.core.scheduler.QuorumPlan;

/** The targets and steps a round derives from what the quorum's leader describes. */
class QuorumChangesTest {

    private static final Duration LAG = Duration.ofSeconds(2);
    private static final QuorumPlan.Voter ZERO = new QuorumPlan.Voter(0, "AAAAAAAAAAAAAAAAAAAAAg");
    private static final QuorumPlan.Voter ONE = new QuorumPlan.Voter(1, "AAAAAAAAAAAAAAAAAAAAAw");
    private static final QuorumPlan.Voter TWO = new QuorumPlan.Voter(2, "AAAAAAAAAAAAAAAAAAAABA");
    private static final QuorumPlan.Voter ONE_NEW = new QuorumPlan.Voter(1, "AAAAAAAAAAAAAAAAAAAABQ");

    private static QuorumChanges.Replica up(QuorumPlan.Voter v) {
        return new QuorumChanges.Replica(v, OptionalLong.of(10_000), OptionalLong.of(10_000));
    }

    private static QuorumChanges.Replica behind(QuorumPlan.Voter v) {
        return new QuorumChanges.Replica(v, OptionalLong.of(1_000), OptionalLong.of(1_000));
    }

    private static QuorumChanges.Replica never(QuorumPlan.Voter v) {
        return new QuorumChanges.Replica(v, OptionalLong.of(10_000), OptionalLong.empty());
    }

    @Test
    void aControllerReplacedUnderItsId_isAddedInPlaceOfItsOldStorage_oneStepAtATime() {
        List<Integer> controllers = List.of(0, 1, 2);
        // the old storage of 1 is gone (its stamp is old), its new storage fetches as an observer, not caught up yet
        QuorumChanges.Described joining = new QuorumChanges.Described(OptionalInt.of(0), List.of(up(ZERO), behind(ONE), up(TWO)),
                List.of(never(ONE_NEW), up(new QuorumPlan.Voter(3, "AAAAAAAAAAAAAAAAAAAABg"))));
        QuorumChanges.Planned first = QuorumChanges.plan(joining, controllers, LAG);
        assertThat(first.target()).hasValue(java.util.Set.of(ZERO, ONE_NEW, TWO));
        assertThat(first.step()).isInstanceOfSatisfying(QuorumPlan.Wait.class, w -> assertThat(w.reason())
                .contains("controller " + ONE_NEW + " to run and catch up before " + ONE + " leaves"));

        QuorumChanges.Described caughtUp = new QuorumChanges.Described(OptionalInt.of(0), List.of(up(ZERO), behind(ONE), up(TWO)),
                List.of(up(ONE_NEW)));
        assertThat(QuorumChanges.plan(caughtUp, controllers, LAG).step()).isEqualTo(new QuorumPlan.Remove(ONE));

        QuorumChanges.Described removed = new QuorumChanges.Described(OptionalInt.of(0), List.of(up(ZERO), up(TWO)),
                List.of(up(ONE_NEW)));
        assertThat(QuorumChanges.plan(removed, controllers, LAG).step()).isEqualTo(new QuorumPlan.Add(ONE_NEW));

        QuorumChanges.Described added = new QuorumChanges.Described(OptionalInt.of(0), List.of(up(ZERO), up(ONE_NEW), up(TWO)),
                List.of(behind(ONE)));
        assertThat(QuorumChanges.plan(added, controllers, LAG).step())
                .as("the voter removed, among the leader's observers for a while, fetches no more: it is no joiner")
                .isInstanceOf(QuorumPlan.Done.class);
    }

    @Test
    void withoutALeader_orWithAControllerNeverSeen_theChangeWaits_andSaysForWhat() {
        QuorumChanges.Described noLeader = new QuorumChanges.Described(OptionalInt.empty(), List.of(up(ZERO), up(ONE)), List.of());
        assertThat(QuorumChanges.plan(noLeader, List.of(0, 1), LAG).step()).isEqualTo(new QuorumPlan.Wait("the quorum to elect a leader"));
        assertThat(QuorumChanges.caughtUp(noLeader, LAG)).isEmpty();

        QuorumChanges.Described growing = new QuorumChanges.Described(OptionalInt.of(0), List.of(up(ZERO), up(ONE), up(TWO)), List.of());
        assertThat(QuorumChanges.plan(growing, List.of(0, 1, 2, 3, 4), LAG).step())
                .isEqualTo(new QuorumPlan.Wait("controller(s) [3, 4] to run and fetch from the quorum as observers"));
    }

    @Test
    void aVoterThatIsNoControllerAnyMore_isRemoved_whileTheRestKeepAMajority() {
        QuorumChanges.Described five = new QuorumChanges.Described(OptionalInt.of(0), List.of(up(ZERO), up(ONE), up(TWO),
                up(new QuorumPlan.Voter(3, "AAAAAAAAAAAAAAAAAAAABg")), behind(new QuorumPlan.Voter(4, "AAAAAAAAAAAAAAAAAAAABw"))), List.of());
        assertThat(QuorumChanges.plan(five, List.of(0, 1, 2), LAG).step())
                .isEqualTo(new QuorumPlan.Remove(new QuorumPlan.Voter(3, "AAAAAAAAAAAAAAAAAAAABg")));
        assertThat(QuorumChanges.caughtUp(five, LAG)).as("within 2 s of the leader's stamp").containsExactly(ZERO, ONE, TWO,
                new QuorumPlan.Voter(3, "AAAAAAAAAAAAAAAAAAAABg"));
    }
}

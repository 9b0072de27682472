package org.kafkamesos.core.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.kafkamesos.core.scheduler.QuorumPlan.Add;
import org.kafkamesos.core.scheduler.QuorumPlan.Done;
import org.kafkamesos.core.scheduler.QuorumPlan.Observed;
import org.kafkamesos.core.scheduler.QuorumPlan.Remove;
import org.kafkamesos.core.scheduler.QuorumPlan.Step;
import org.kafkamesos.core.scheduler.QuorumPlan.Voter;
import org.kafkamesos.core.scheduler.QuorumPlan.Wait;

/** What a quorum change promises: never less than a caught-up majority, one change at a time, and an end. */
class QuorumPlanProperties {

    /** A quorum as Kafka could report it, and a target. */
    record Case(Set<Voter> voters, Set<Voter> observers, Set<Voter> caughtUp, Set<Voter> target) {
    }

    @Property(tries = 2000)
    void everyStep_keepsACaughtUpMajorityOfTheNewVoters_addsOnlyACaughtUpObserverWhoseIdNoVoterHas_andNeverEmptiesTheQuorum(
            @ForAll("cases") Case c) {
        Step step = QuorumPlan.next(new Observed(c.voters(), c.observers(), c.caughtUp(), Optional.empty()), c.target());

        Statistics.label("step").collect(step.getClass().getSimpleName());
        if (step instanceof Add add) {
            assertThat(c.observers()).contains(add.voter());
            assertThat(c.caughtUp()).contains(add.voter());
            assertThat(c.voters()).noneMatch(v -> v.id() == add.voter().id());
            assertThat(c.target()).contains(add.voter());
            assertThat(caughtUpMajority(with(c.voters(), add.voter()), c.caughtUp())).isTrue();
        } else if (step instanceof Remove remove) {
            assertThat(c.voters()).contains(remove.voter());
            assertThat(c.target()).doesNotContain(remove.voter());
            Set<Voter> rest = without(c.voters(), remove.voter());
            assertThat(rest).isNotEmpty();
            assertThat(caughtUpMajority(rest, c.caughtUp())).isTrue();
        } else if (step instanceof Done) {
            assertThat(c.voters()).isEqualTo(c.target());
        } else {
            assertThat(((Wait) step).reason()).isNotBlank();
        }
    }

    @Property(tries = 500)
    void whileAChangeIsInFlight_theNextOneWaits(@ForAll("cases") Case c) {
        Step inFlight = new Remove(c.voters().iterator().next());

        Step step = QuorumPlan.next(new Observed(c.voters(), c.observers(), c.caughtUp(), Optional.of(inFlight)), c.target());

        assertThat(step).isInstanceOf(Wait.class);
        assertThat(((Wait) step).reason()).contains("in flight");
    }

    /**
     * Once every node of the target runs and a majority of the voters it starts from does, the steps, each committed
     * before the next, reach the target: in at most one step per voter that leaves or joins.
     */
    @Property(tries = 2000)
    void onceTheNodesItNeedsRun_aChangeEnds(@ForAll("reachable") Case c) {
        Set<Voter> voters = new TreeSet<>(c.voters());
        Set<Voter> alive = new HashSet<>(c.caughtUp());
        int bound = c.voters().size() + c.target().size() + 1;
        for (int i = 0; i <= bound; i++) {
            Set<Voter> observers = new HashSet<>(alive);
            observers.removeAll(voters);
            Step step = QuorumPlan.next(new Observed(voters, observers, alive, Optional.empty()), c.target());
            if (step instanceof Done) {
                Statistics.label("steps").collect(i);
                assertThat(voters).isEqualTo(c.target());
                return;
            }
            assertThat(step).as("from %s to %s, alive %s", voters, c.target(), alive).isNotInstanceOf(Wait.class);
            if (step instanceof Add add) {
                voters.add(add.voter());
            } else {
                voters.remove(((Remove) step).voter());
            }
            assertThat(caughtUpMajority(voters, alive)).isTrue();
        }
        throw new AssertionError("no end after " + bound + " steps from " + c.voters() + " to " + c.target());
    }

    // ---------------------------------------------------------------------------------- generators

    private static final List<String> DIRECTORIES = List.of("dirA", "dirB");

    /** Voter sets of up to 5 over node ids 0..5, two possible directories each, anything caught up or observing. */
    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Voter> voter = Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.of(DIRECTORIES)).as(Voter::new);
        Arbitrary<Set<Voter>> voters = uniqueIds(voter, 1, 5);
        return Combinators.combine(voters, voter.set().ofMaxSize(4), voter.set().ofMaxSize(8), uniqueIds(voter, 1, 5))
                .as((v, observers, up, target) -> {
                    Set<Voter> caughtUp = new HashSet<>(up);
                    return new Case(v, without(observers, v), caughtUp, target);
                });
    }

    /**
     * Cases in which every target node runs and has caught up, and so does a majority of the starting voters, and
     * that Kafka allows to finish: a single voter cannot be replaced under its own node id (it is the last voter).
     */
    @Provide
    Arbitrary<Case> reachable() {
        Arbitrary<Voter> voter = Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.of(DIRECTORIES)).as(Voter::new);
        return Combinators.combine(uniqueIds(voter, 1, 5), uniqueIds(voter, 1, 5), Arbitraries.randoms())
                .as((start, target, random) -> {
                    Set<Voter> alive = new HashSet<>(target);
                    List<Voter> others = start.stream().filter(v -> !target.contains(v)).toList();
                    for (Voter v : start) {
                        if (target.contains(v) || random.nextBoolean()) {
                            alive.add(v);
                        }
                    }
                    // a majority of the starting voters runs
                    for (Voter v : others) {
                        if (caughtUpMajority(start, alive)) {
                            break;
                        }
                        alive.add(v);
                    }
                    return new Case(start, Set.of(), alive, target);
                })
                .filter(c -> !(c.voters().size() == 1 && c.target().stream().anyMatch(t -> !c.voters().contains(t)
                        && c.voters().iterator().next().id() == t.id())));
    }

    private static Arbitrary<Set<Voter>> uniqueIds(Arbitrary<Voter> voter, int min, int max) {
        return voter.list().ofMinSize(min).ofMaxSize(max).map(list -> {
            Map<Integer, Voter> byId = new TreeMap<>();
            list.forEach(v -> byId.putIfAbsent(v.id(), v));
            return (Set<Voter>) new TreeSet<>(byId.values());
        });
    }

    /** More than half of {@code voters} have caught up: Kafka's rule for a committed voter change, stated here apart. */
    private static boolean caughtUpMajority(Set<Voter> voters, Set<Voter> caughtUp) {
        int up = 0;
        for (Voter v : voters) {
            if (caughtUp.contains(v)) {
                up++;
            }
        }
        return up > voters.size() / 2;
    }

    private static Set<Voter> with(Set<Voter> voters, Voter v) {
        Set<Voter> s = new TreeSet<>(voters);
        s.add(v);
        return s;
    }

    private static Set<Voter> without(Set<Voter> voters, Set<Voter> others) {
        Set<Voter> s = new TreeSet<>(voters);
        s.removeAll(others);
        return s;
    }

    private static Set<Voter> without(Set<Voter> voters, Voter v) {
        Set<Voter> s = new TreeSet<>(voters);
        s.remove(v);
        return s;
    }
}

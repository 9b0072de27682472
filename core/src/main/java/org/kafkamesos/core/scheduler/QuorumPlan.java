package org.kafkamesos.core.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The next change of a dynamic KRaft quorum (KIP-853) on the way from its voters to a target set: pure, from what
 * Kafka reports ({@code describeMetadataQuorum}: the voters and observers, each caught up or not) and the target,
 * so that a scheduler that fails over in the middle of a change plans the same next step from the same facts.
 *
 * <p>The rules, from Kafka's KRaft operations docs and its {@code AddVoterHandler} / {@code RemoveVoterHandler}:
 * <ul>
 *   <li>one change at a time: while one is in flight (submitted, not yet seen among the voters), the plan waits;</li>
 *   <li>a change commits on a majority of the new voter set, so every step keeps a caught-up majority of it;</li>
 *   <li>a voter is added only once it runs as an observer and has caught up, and only if no voter has its node id
 *       (Kafka answers {@code DUPLICATE_VOTER} for any directory id): a voter replaced under the same node id (a new
 *       disk, a new host) is removed first, then its replacement added;</li>
 *   <li>the last voter is never removed ({@code VOTER_NOT_FOUND}).</li>
 * </ul>
 */
public final class QuorumPlan {

    /**
     * A voter of the quorum, or a node that could be one: its node id and the directory id of its metadata log dir.
     */
    public record Voter(int id, String directoryId) implements Comparable<Voter> {

        public Voter {
            if (id < 0) {
                throw new IllegalArgumentException("a voter's node id must be >= 0, got " + id);
            }
            Objects.requireNonNull(directoryId, "directoryId");
        }

        @Override
        public int compareTo(Voter other) {
            return Comparator.comparingInt(Voter::id).thenComparing(Voter::directoryId).compare(this, other);
        }

        @Override
        public String toString() {
            return id + ":" + directoryId;
        }
    }

    /**
     * The quorum as Kafka reports it.
     *
     * @param voters    the voters
     * @param observers the controllers that fetch the metadata log without voting (a new controller before it is added)
     * @param caughtUp  the voters and observers that have caught up with the leader
     * @param inFlight  the change submitted and not seen committed yet, if any
     */
    public record Observed(Set<Voter> voters, Set<Voter> observers, Set<Voter> caughtUp, Optional<Step> inFlight) {

        public Observed {
            voters = Set.copyOf(voters);
            observers = Set.copyOf(observers);
            caughtUp = Set.copyOf(caughtUp);
            Objects.requireNonNull(inFlight, "inFlight");
        }
    }

    /** What to do next. */
    public sealed interface Step {
    }

    /** Add {@code voter}, an observer that has caught up. */
    public record Add(Voter voter) implements Step {
    }

    /** Remove {@code voter}. */
    public record Remove(Voter voter) implements Step {
    }

    /** Nothing can be done safely now: {@code reason} says what the change waits for. */
    public record Wait(String reason) implements Step {
    }

    /** The voters are the target. */
    public record Done() implements Step {
    }

    private QuorumPlan() {
    }

    /** The next step from {@code now} towards the voter set {@code target}. */
    public static Step next(Observed now, Set<Voter> target) {
        Objects.requireNonNull(now, "now");
        Set<Voter> goal = Set.copyOf(target);
        if (goal.isEmpty()) {
            throw new IllegalArgumentException("a quorum needs at least one voter");
        }
        if (now.inFlight().isPresent()) {
            return new Wait("the change " + describe(now.inFlight().get()) + " is in flight: one change at a time");
        }
        if (now.voters().equals(goal)) {
            return new Done();
        }
        List<String> waits = new ArrayList<>();
        // adds first: a new voter joins before anything leaves, as long as no voter holds its node id
        for (Voter v : sorted(goal)) {
            if (now.voters().contains(v)) {
                continue;
            }
            if (now.voters().stream().anyMatch(existing -> existing.id() == v.id())) {
                continue; // replaced under the same id: its predecessor leaves first (below)
            }
            if (!now.observers().contains(v)) {
                waits.add("controller " + v + " to run and fetch as an observer");
            } else if (!now.caughtUp().contains(v)) {
                waits.add("controller " + v + " to catch up with the leader");
            } else if (keepsMajority(with(now.voters(), v), now.caughtUp())) {
                return new Add(v);
            } else {
                waits.add("a caught-up majority of the voters " + with(now.voters(), v) + " to add " + v);
            }
        }
        // removals: voters outside the target, those replaced under their id first
        List<Voter> leaving = sorted(now.voters()).stream().filter(v -> !goal.contains(v))
                .sorted(Comparator.comparing((Voter v) -> goal.stream().noneMatch(g -> g.id() == v.id())).thenComparing(v -> v))
                .toList();
        for (Voter v : leaving) {
            Set<Voter> rest = without(now.voters(), v);
            if (rest.isEmpty()) {
                waits.add("another voter before " + v + " can leave: the last voter cannot be removed");
            } else if (goal.stream().anyMatch(g -> g.id() == v.id()) && !(now.observers().contains(replacement(goal, v))
                    && now.caughtUp().contains(replacement(goal, v)))) {
                // the replacement runs and has caught up before its predecessor leaves, so that it is added right after
                waits.add("controller " + replacement(goal, v) + " to run and catch up before " + v + " leaves");
            } else if (keepsMajority(rest, now.caughtUp())) {
                return new Remove(v);
            } else {
                waits.add("a caught-up majority of the voters " + rest + " to remove " + v);
            }
        }
        return new Wait("waiting for " + String.join("; ", waits));
    }

    /** Whether most of {@code voters} have caught up. */
    static boolean keepsMajority(Set<Voter> voters, Set<Voter> caughtUp) {
        long up = voters.stream().filter(caughtUp::contains).count();
        return up * 2 > voters.size();
    }

    private static Voter replacement(Set<Voter> goal, Voter leaving) {
        return goal.stream().filter(g -> g.id() == leaving.id()).findFirst().orElseThrow();
    }

    private static Set<Voter> with(Set<Voter> voters, Voter v) {
        Set<Voter> s = new TreeSet<>(voters);
        s.add(v);
        return s;
    }

    private static Set<Voter> without(Set<Voter> voters, Voter v) {
        Set<Voter> s = new TreeSet<>(voters);
        s.remove(v);
        return s;
    }

    private static List<Voter> sorted(Set<Voter> voters) {
        return voters.stream().sorted().collect(Collectors.toList());
    }

    private static String describe(Step step) {
        if (step instanceof Add a) {
            return "add " + a.voter();
        }
        if (step instanceof Remove r) {
            return "remove " + r.voter();
        }
        return step.toString();
    }
}

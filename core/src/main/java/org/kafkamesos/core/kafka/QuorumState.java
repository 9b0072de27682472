package org.kafkamesos.core.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The KRaft controller quorum as its leader describes it ({@code Admin.describeMetadataQuorum()}).
 *
 * <p><b>Caught up.</b> The leader stamps each voter with the last time (leader's clock, ms) the voter's fetch reached
 * the leader's log end offset, and stamps itself with the time of the answer. A voter is <em>caught up</em> if it is
 * the leader, or its stamp is at most {@link #maxLag()} older than the leader's own stamp. Comparing two stamps of the
 * leader's clock, rather than a stamp with this machine's clock, keeps clock skew out of the rule. A voter that never
 * caught up (no stamp) is not caught up; without a leader no voter is. A voter that has just stopped still counts as
 * caught up until its stamp is {@code maxLag} old: the gate's view of the quorum lags by up to {@code maxLag}.
 *
 * @param leaderId the leader's node id; empty while there is none (an election), or if the quorum could not be described
 * @param voters   the voters, sorted by id
 * @param maxLag   how far behind the leader's stamp a voter's may be and still count as caught up; the default,
 *                 {@link #DEFAULT_MAX_LAG}, is Kafka's default {@code controller.quorum.fetch.timeout.ms}, after which
 *                 a follower that has not heard from the leader starts an election
 */
public record QuorumState(OptionalInt leaderId, List<Voter> voters, Duration maxLag) {

    /** 2 seconds, Kafka's default {@code controller.quorum.fetch.timeout.ms}. */
    public static final Duration DEFAULT_MAX_LAG = Duration.ofSeconds(2);

    /** A quorum that could not be described: no leader, no voters. The gate refuses every controller on it. */
    public static final QuorumState UNKNOWN = new QuorumState(OptionalInt.empty(), List.of(), DEFAULT_MAX_LAG);

    public QuorumState {
        Objects.requireNonNull(leaderId, "leaderId");
        List<Voter> sorted = new ArrayList<>(voters);
        sorted.sort(Comparator.comparingInt(Voter::id));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).id() == sorted.get(i - 1).id()) {
                throw new IllegalArgumentException("voter " + sorted.get(i).id() + " is listed twice");
            }
        }
        voters = List.copyOf(sorted);
        if (maxLag == null || maxLag.isNegative()) {
            throw new IllegalArgumentException("the quorum's max lag must be >= 0, got " + maxLag);
        }
    }

    /**
     * One voter as the leader sees it.
     *
     * @param id                    its node id
     * @param logEndOffset          its log end offset as the leader last saw it; -1 if unknown
     * @param lastCaughtUpTimestamp the last time, in ms of the leader's clock, it was caught up with the leader
     */
    public record Voter(int id, long logEndOffset, OptionalLong lastCaughtUpTimestamp) {

        public Voter {
            Objects.requireNonNull(lastCaughtUpTimestamp, "lastCaughtUpTimestamp");
        }
    }

    /** The voters' ids, sorted. */
    public SortedSet<Integer> voterIds() {
        SortedSet<Integer> ids = new TreeSet<>();
        voters.forEach(v -> ids.add(v.id()));
        return ids;
    }

    /** The voter {@code id}, if it is one. */
    public Optional<Voter> voter(int id) {
        return voters.stream().filter(v -> v.id() == id).findFirst();
    }

    /** How many voters a majority is: more than half. */
    public int majority() {
        return voters.size() / 2 + 1;
    }

    /** The caught-up voters' ids, sorted; see the type's description. */
    public SortedSet<Integer> caughtUp() {
        SortedSet<Integer> ids = new TreeSet<>();
        if (leaderId.isEmpty()) {
            return ids;
        }
        int leader = leaderId.getAsInt();
        OptionalLong reference = voter(leader).map(Voter::lastCaughtUpTimestamp).orElse(OptionalLong.empty());
        for (Voter v : voters) {
            if (v.id() == leader) {
                ids.add(v.id());
            } else if (reference.isPresent() && v.lastCaughtUpTimestamp().isPresent()
                    && reference.getAsLong() - v.lastCaughtUpTimestamp().getAsLong() <= maxLag.toMillis()) {
                ids.add(v.id());
            }
        }
        return ids;
    }
}

package org.kafkamesos.core.kafka;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where the changes of a dynamic quorum's voters stand, as {@link QuorumChanges} last saw them.
 *
 * @param state  what the last round did
 * @param detail what it did, or what the change waits for, or why it failed
 * @param voters the voters as the leader last described them (after a change, with it), {@code id:directoryId} each;
 *               empty when not described
 * @param since  since when the state and detail are what they are
 */
public record QuorumChangeStatus(State state, String detail, List<String> voters, Instant since) {

    public QuorumChangeStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
        voters = List.copyOf(voters);
        Objects.requireNonNull(since, "since");
    }

    /** What the last round did. */
    public enum State {
        /** Nothing to drive: a static quorum, or a dynamic one still forming. */
        IDLE,
        /** The voters are the cluster's controllers. */
        DONE,
        /** A change is needed and waits, for what the detail says. */
        WAITING,
        /** A voter was just added or removed; the next round goes on. */
        CHANGED,
        /** Adding or removing a voter failed; the next round plans again. */
        FAILED
    }
}

package org.kafkamesos.core.kafka;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a {@link RollingRestart} stands.
 *
 * @param state   the whole run's state
 * @param brokers each selected broker's step, by id
 * @param reason  while running, what it waits for (the gate's latest refusal, or the partitions still recovering);
 *                once failed, why it stopped, naming the broker and the partitions or quorum that blocked it
 */
public record RollingRestartStatus(State state, SortedMap<Integer, BrokerStep> brokers, Optional<String> reason) {

    public RollingRestartStatus {
        Objects.requireNonNull(state, "state");
        brokers = Collections.unmodifiableSortedMap(new TreeMap<>(brokers));
        Objects.requireNonNull(reason, "reason");
        if (state == State.FAILED && reason.isEmpty()) {
            throw new IllegalArgumentException("a failed rolling restart needs a reason");
        }
    }

    /** The whole run. */
    public enum State {
        /** Brokers are still to be restarted. */
        RUNNING,
        /** Every selected broker was restarted and its partitions recovered. */
        DONE,
        /** It stopped before the end (a timeout, a broker that did not come back, a cancel); see the reason. */
        FAILED
    }

    /** One broker's step. */
    public enum BrokerStep {
        /** Not begun. */
        PENDING,
        /** Waiting for the {@link RestartGate} to allow its restart. */
        WAITING_FOR_GATE,
        /** Restarted; waiting for it to run again with a new task. */
        RESTARTING,
        /** Running again; waiting for the partitions it hosts to get their full ISR back. */
        RECOVERING,
        /** Restarted and recovered. */
        DONE
    }
}

package org.kafkamesos.core.model;

import java.time.Instant;
import java.util.Optional;

/**
 * A broker's failures in a row, and when the last one happened.
 *
 * @param failures    failures since the broker last ran (or was started by an operator)
 * @param lastFailure when the last one happened
 * @param lastReason  what Mesos or the executor said about it
 */
public record Failover(int failures, Optional<Instant> lastFailure, Optional<String> lastReason) {

    /** No failure. */
    public static final Failover NONE = new Failover(0, Optional.empty(), Optional.empty());

    public Failover {
        if (failures < 0) {
            throw new IllegalArgumentException("failures must be >= 0, got " + failures);
        }
    }

    /** One more failure at {@code at}. */
    public Failover failed(Instant at, String reason) {
        return new Failover(failures + 1, Optional.of(at), Optional.ofNullable(reason));
    }

    /** The instant before which the broker must not be launched again, under {@code policy}. */
    public Instant retryAt(FailoverPolicy policy) {
        return lastFailure.map(t -> t.plus(policy.backoff(failures))).orElse(Instant.MIN);
    }
}

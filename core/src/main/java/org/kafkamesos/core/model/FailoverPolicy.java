package org.kafkamesos.core.model;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How a broker that failed is launched again: after {@code min(delay * 2^(failures-1), maxDelay)},
 * and not at all once it has failed {@code maxTries} times in a row (it is then deactivated).
 *
 * @param delay    the first back-off; default 1 minute
 * @param maxDelay the longest back-off; default 10 minutes
 * @param maxTries failures in a row after which the broker is deactivated; empty (the default) for no limit
 */
public record FailoverPolicy(Duration delay, Duration maxDelay, OptionalInt maxTries) {

    /** The defaults of mesos/kafka: 1 minute, 10 minutes, no limit. */
    public static final FailoverPolicy DEFAULT = new FailoverPolicy(Duration.ofMinutes(1), Duration.ofMinutes(10), OptionalInt.empty());

    public FailoverPolicy {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxTries, "maxTries");
        if (delay.isNegative() || maxDelay.compareTo(delay) < 0) {
            throw new IllegalArgumentException("failover delays need 0 <= delay <= maxDelay, got delay " + delay + " and maxDelay " + maxDelay);
        }
        if (maxTries.isPresent() && maxTries.getAsInt() < 1) {
            throw new IllegalArgumentException("failover max tries must be >= 1 when given, got " + maxTries.getAsInt());
        }
    }

    /** The wait before the next launch after {@code failures} failures in a row ({@code >= 1}). */
    public Duration backoff(int failures) {
        if (failures < 1) {
            return Duration.ZERO;
        }
        Duration wait = delay;
        for (int i = 1; i < failures && wait.compareTo(maxDelay) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxDelay) > 0 ? maxDelay : wait;
    }

    /** Whether {@code failures} in a row use up the tries, so that the broker is deactivated. */
    public boolean exhausted(int failures) {
        return maxTries.isPresent() && failures >= maxTries.getAsInt();
    }
}

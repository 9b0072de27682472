package org.kafkamesos.core.rebalance;

import java.time.Duration;
import java.util.Objects;

/**
 * How fast a {@link RebalanceExecutor} moves partitions.
 *
 * <p>A move counts against every broker that holds a replica of its partition before or after it: the leader
 * sends, added replicas fetch, removed ones delete. A batch adds moves while every broker stays within
 * {@code maxMovesPerBroker} moves in flight and the cluster within {@code maxMovesPerCluster}.
 *
 * @param maxMovesPerBroker      partition moves in flight per broker, at least 1; default
 *                               {@value #DEFAULT_MAX_MOVES_PER_BROKER}
 * @param maxMovesPerCluster     partition moves in flight in the cluster, at least 1; default
 *                               {@value #DEFAULT_MAX_MOVES_PER_CLUSTER}
 * @param throttleBytesPerSecond replication throttle in bytes per second, set as both
 *                               {@code leader.replication.throttled.rate} and
 *                               {@code follower.replication.throttled.rate} on every broker taking part; required,
 *                               greater than 0
 * @param pollInterval           time between two looks at the reassignments in flight, positive; default 1 second
 */
public record RebalanceLimits(int maxMovesPerBroker, int maxMovesPerCluster, long throttleBytesPerSecond,
                              Duration pollInterval) {

    /** Default partition moves in flight per broker, as in Cruise Control. */
    public static final int DEFAULT_MAX_MOVES_PER_BROKER = 5;
    /** Default partition moves in flight in the cluster, as in Cruise Control. */
    public static final int DEFAULT_MAX_MOVES_PER_CLUSTER = 1250;
    /** Default time between two polls: 1 second. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    public RebalanceLimits {
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (maxMovesPerBroker < 1) {
            throw new IllegalArgumentException("maxMovesPerBroker must be at least 1, got " + maxMovesPerBroker);
        }
        if (maxMovesPerCluster < 1) {
            throw new IllegalArgumentException("maxMovesPerCluster must be at least 1, got " + maxMovesPerCluster);
        }
        if (throttleBytesPerSecond <= 0) {
            throw new IllegalArgumentException(
                    "throttleBytesPerSecond must be greater than 0 (bytes per second), got " + throttleBytesPerSecond);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, got " + pollInterval);
        }
    }

    /** The default limits with a replication throttle of {@code bytesPerSecond} bytes per second. */
    public static RebalanceLimits throttledTo(long bytesPerSecond) {
        return new RebalanceLimits(DEFAULT_MAX_MOVES_PER_BROKER, DEFAULT_MAX_MOVES_PER_CLUSTER, bytesPerSecond,
                DEFAULT_POLL_INTERVAL);
    }

    /** These limits with another cap of moves in flight per broker. */
    public RebalanceLimits withMaxMovesPerBroker(int moves) {
        return new RebalanceLimits(moves, maxMovesPerCluster, throttleBytesPerSecond, pollInterval);
    }

    /** These limits with another cap of moves in flight in the cluster. */
    public RebalanceLimits withMaxMovesPerCluster(int moves) {
        return new RebalanceLimits(maxMovesPerBroker, moves, throttleBytesPerSecond, pollInterval);
    }

    /** These limits with another replication throttle, in bytes per second. */
    public RebalanceLimits withThrottleBytesPerSecond(long bytesPerSecond) {
        return new RebalanceLimits(maxMovesPerBroker, maxMovesPerCluster, bytesPerSecond, pollInterval);
    }

    /** These limits with another poll interval. */
    public RebalanceLimits withPollInterval(Duration interval) {
        return new RebalanceLimits(maxMovesPerBroker, maxMovesPerCluster, throttleBytesPerSecond, interval);
    }
}

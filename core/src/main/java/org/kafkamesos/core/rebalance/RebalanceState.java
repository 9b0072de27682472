package org.kafkamesos.core.rebalance;

/** Where a {@link RebalanceExecutor}'s reassignment stands. */
public enum RebalanceState {
    /** No rebalance was ever started (nothing persisted). */
    IDLE,
    /** Partitions are being moved in batches; throttles are in place. */
    RUNNING,
    /** Every partition reached its target replicas; preferred leaders were elected; throttles removed. */
    DONE,
    /** {@link RebalanceExecutor#cancel()} stopped it: the in-flight batch was reverted, throttles removed. */
    CANCELLED,
    /** A partition fell under its {@code min.insync.replicas}: the in-flight batch was reverted, throttles removed. */
    STOPPED,
    /** Kafka refused a step (a reassignment, a throttle): the in-flight batch was reverted, throttles removed. */
    FAILED;

    /** Whether a rebalance in this state has ended and holds no throttles. */
    public boolean isFinal() {
        return this != IDLE && this != RUNNING;
    }
}

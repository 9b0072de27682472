package org.kafkamesos.core.rebalance;

/** Kafka refused or did not answer a request of a {@link RebalanceExecutor} in time. */
public final class RebalanceException extends RuntimeException {

    public RebalanceException(String message, Throwable cause) {
        super(message, cause);
    }

    public RebalanceException(String message) {
        super(message);
    }
}

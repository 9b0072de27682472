package org.kafkamesos.core.kafka;

/**
 * A Kafka operation failed for a reason of the world rather than of the request: the cluster did not answer in
 * time, or answered with an error a caller cannot fix by changing the request. Requests Kafka refuses (an unknown
 * topic, a bad config) are {@link org.kafkamesos.core.model.CommandRejectedException}s instead.
 */
public class KafkaOperationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KafkaOperationException(String message) {
        super(message);
    }

    public KafkaOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}

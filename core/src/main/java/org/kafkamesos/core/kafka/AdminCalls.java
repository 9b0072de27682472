package org.kafkamesos.core.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.BrokerNotAvailableException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicDeletionDisabledException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.kafkamesos.core.model.CommandRejectedException;
import org.kafkamesos.core.model.Durations;

/** Waits for Admin results within a timeout and turns Kafka's errors into this project's. */
final class AdminCalls {

    private final Duration timeout;

    AdminCalls(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the Admin request timeout must be > 0, got " + timeout);
        }
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * The value of {@code future}, waiting at most the timeout.
     *
     * @param what what is being done, for messages: "creating topic t"
     * @throws CommandRejectedException for errors of the request (unknown topic, topic exists, invalid config ...)
     * @throws KafkaOperationException  on a timeout, an interrupt or any other error
     */
    <T> T get(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new KafkaOperationException(what + " timed out after " + Durations.format(timeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaOperationException(what + " was interrupted", e);
        } catch (ExecutionException e) {
            throw translate(e.getCause() == null ? e : e.getCause(), what);
        }
    }

    /** The exception a caller sees for Kafka's {@code cause} while doing {@code what}. */
    static RuntimeException translate(Throwable cause, String what) {
        String detail = what + ": " + cause.getMessage();
        if (cause instanceof UnknownTopicOrPartitionException) {
            return new CommandRejectedException(CommandRejectedException.Kind.UNKNOWN, detail);
        }
        if (cause instanceof TopicExistsException) {
            return new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, detail);
        }
        if (cause instanceof InvalidConfigurationException || cause instanceof InvalidReplicationFactorException
                || cause instanceof InvalidPartitionsException || cause instanceof InvalidReplicaAssignmentException
                || cause instanceof InvalidTopicException || cause instanceof PolicyViolationException
                || cause instanceof InvalidRequestException || cause instanceof TopicDeletionDisabledException) {
            return new CommandRejectedException(CommandRejectedException.Kind.INVALID, detail);
        }
        if (cause instanceof BrokerNotAvailableException) {
            return new CommandRejectedException(CommandRejectedException.Kind.UNKNOWN_BROKER, detail);
        }
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new KafkaOperationException(what + " timed out: " + cause.getMessage(), cause);
        }
        return new KafkaOperationException(detail, cause);
    }
}

package org.kafkamesos.core.rebalance;

import java.util.Comparator;
import java.util.Objects;

/**
 * One partition of one topic, ordered by topic name, then partition number.
 *
 * @param topic     the topic name, not blank
 * @param partition the partition number, {@code >= 0}
 */
public record TopicPartitionId(String topic, int partition) implements Comparable<TopicPartitionId> {

    private static final Comparator<TopicPartitionId> ORDER =
            Comparator.comparing(TopicPartitionId::topic).thenComparingInt(TopicPartitionId::partition);

    /** Validates: the topic is not blank and the partition is not negative. */
    public TopicPartitionId {
        Objects.requireNonNull(topic, "topic");
        if (topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank, got '" + topic + "'");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, got " + partition + " for topic " + topic);
        }
    }

    /** The partition {@code partition} of {@code topic}. */
    public static TopicPartitionId of(String topic, int partition) {
        return new TopicPartitionId(topic, partition);
    }

    /** Topic name first, then partition number. */
    @Override
    public int compareTo(TopicPartitionId other) {
        return ORDER.compare(this, other);
    }

    /** Kafka's own notation, {@code topic-3}. */
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}

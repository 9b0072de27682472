package org.kafkamesos.core.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;

/**
 * Topics of a Kafka cluster, over an {@link Admin} client. Every call waits at most the request timeout given to
 * {@link #over}.
 *
 * <p>Errors: a request Kafka refuses throws {@link org.kafkamesos.core.model.CommandRejectedException} of kind
 * {@code UNKNOWN} (no such topic), {@code UNKNOWN_BROKER} (a broker named is not in the cluster), {@code CONFLICT}
 * (the topic exists) or {@code INVALID} (a bad config, partition count or replication factor, such as more replicas
 * than brokers); a call that does not complete in time, or fails otherwise, throws {@link KafkaOperationException}
 * saying what it was doing.
 */
public interface KafkaTopics {

    /**
     * Topics over {@code admin}, which the caller keeps and closes.
     *
     * @param timeout how long each call waits for Kafka's answer, > 0; 30 seconds suits most clusters
     */
    static KafkaTopics over(Admin admin, Duration timeout) {
        return new AdminTopics(admin, new AdminCalls(timeout));
    }

    /** Every topic but Kafka's internal ones, sorted by name. */
    List<TopicInfo> list();

    /**
     * Creates a topic. With {@link TopicSpec#brokers()}, its replicas go over exactly those brokers, spread over their
     * racks ({@code broker.rack}); without, Kafka places them.
     */
    void add(TopicSpec spec);

    /**
     * Changes a topic's configs: sets {@code set}, and returns the names in {@code delete} to the brokers' defaults.
     * Configs named in neither are kept.
     *
     * @throws IllegalArgumentException if a name is in both
     */
    void updateConfigs(String name, Map<String, String> set, Set<String> delete);

    /** Deletes a topic and its data. */
    void delete(String name);

    /** The partitions of {@code topic}, or of every topic but the internal ones, sorted by topic then partition. */
    List<PartitionState> partitions(Optional<String> topic);
}

package org.kafkamesos.core.kafka;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A topic as Kafka describes it.
 *
 * @param name              the topic's name
 * @param partitions        how many partitions it has
 * @param replicationFactor how many replicas its first partition has (Kafka gives every partition as many, unless a
 *                          reassignment is under way)
 * @param configs           the configs set on the topic itself (Kafka's {@code DYNAMIC_TOPIC_CONFIG}), sorted; the
 *                          brokers' defaults are left out
 */
public record TopicInfo(String name, int partitions, int replicationFactor, Map<String, String> configs) {

    public TopicInfo {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a topic needs a name, got '" + name + "'");
        }
        configs = Collections.unmodifiableSortedMap(new TreeMap<>(configs));
    }
}

package org.kafkamesos.core.kafka;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A topic to create.
 *
 * @param name              the topic's name
 * @param partitions        how many partitions, >= 1
 * @param replicationFactor how many replicas each partition has, >= 1 (at most the brokers given, if any)
 * @param configs           topic configs to set, such as {@code min.insync.replicas=2}; none means the brokers' defaults
 * @param brokers           the brokers to place the replicas on (rack-aware, over exactly these brokers); empty lets
 *                          Kafka place them over every broker
 */
public record TopicSpec(String name, int partitions, int replicationFactor, Map<String, String> configs,
                        Optional<SortedSet<Integer>> brokers) {

    public TopicSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a topic needs a name, got '" + name + "'");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1, got " + partitions);
        }
        if (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException("topic " + name + ": replication factor must be 1.." + Short.MAX_VALUE + ", got "
                    + replicationFactor);
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        configs.forEach((k, v) -> {
            if (k == null || k.isBlank() || v == null) {
                throw new IllegalArgumentException("topic " + name + ": configs need non-blank names and non-null values, got "
                        + k + "=" + v);
            }
            sorted.put(k, v);
        });
        configs = Collections.unmodifiableSortedMap(sorted);
        brokers = brokers.map(b -> Collections.unmodifiableSortedSet(new TreeSet<>(b)));
        brokers.ifPresent(b -> {
            if (b.size() < replicationFactor) {
                throw new IllegalArgumentException("topic " + name + ": replication factor " + replicationFactor
                        + " needs at least as many brokers, got " + b);
            }
            if (b.first() < 0) {
                throw new IllegalArgumentException("topic " + name + ": broker ids must be >= 0, got " + b);
            }
        });
    }

    /** A topic of {@code partitions} partitions and {@code replicationFactor} replicas, default configs, placed by Kafka. */
    public static TopicSpec of(String name, int partitions, int replicationFactor) {
        return new TopicSpec(name, partitions, replicationFactor, Map.of(), Optional.empty());
    }

    /** This topic with {@code values} as its configs. */
    public TopicSpec withConfigs(Map<String, String> values) {
        return new TopicSpec(name, partitions, replicationFactor, values, brokers);
    }

    /** This topic placed over exactly {@code ids}. */
    public TopicSpec onBrokers(SortedSet<Integer> ids) {
        return new TopicSpec(name, partitions, replicationFactor, configs, Optional.of(ids));
    }
}

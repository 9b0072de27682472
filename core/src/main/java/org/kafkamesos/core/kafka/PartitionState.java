package org.kafkamesos.core.kafka;

import java.util.List;
import java.util.OptionalInt;

/**
 * One partition's replicas as Kafka reports them.
 *
 * @param topic    the topic
 * @param partition the partition number
 * @param leader   the leader's broker id; empty while the partition has none (offline)
 * @param replicas the assigned replicas' broker ids, in assignment order (the first is the preferred leader)
 * @param isr      the in-sync replicas' broker ids
 * @param minIsr   the topic's effective {@code min.insync.replicas} (its own, else the brokers' default)
 */
public record PartitionState(String topic, int partition, OptionalInt leader, List<Integer> replicas, List<Integer> isr,
                             int minIsr) {

    public PartitionState {
        if (topic == null || topic.isBlank() || partition < 0) {
            throw new IllegalArgumentException("a partition needs a topic and a number >= 0, got " + topic + "-" + partition);
        }
        java.util.Objects.requireNonNull(leader, "leader");
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        if (minIsr < 1) {
            throw new IllegalArgumentException(name(topic, partition) + ": min.insync.replicas must be >= 1, got " + minIsr);
        }
    }

    /** {@code topic-partition}, as Kafka prints it. */
    public String name() {
        return name(topic, partition);
    }

    /** The replication factor: how many replicas are assigned. */
    public int replicationFactor() {
        return replicas.size();
    }

    /** Whether some assigned replica is out of the ISR. */
    public boolean underReplicated() {
        return isr.size() < replicas.size();
    }

    /** Whether the ISR is smaller than {@code min.insync.replicas}: producers with {@code acks=all} are refused. */
    public boolean underMinIsr() {
        return isr.size() < minIsr;
    }

    /** Whether {@code brokerId} holds a replica of it. */
    public boolean hostedBy(int brokerId) {
        return replicas.contains(brokerId);
    }

    private static String name(String topic, int partition) {
        return topic + "-" + partition;
    }
}

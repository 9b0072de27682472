package org.kafkamesos.core.rebalance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The replication throttles for a set of moves, as Kafka's own reassignment tool sets them.
 *
 * <ul>
 *   <li>Brokers: {@code leader.replication.throttled.rate} and {@code follower.replication.throttled.rate}, both the
 *       rate in bytes per second, on every broker that holds a replica of a moving partition before or after.</li>
 *   <li>Topics: {@code leader.replication.throttled.replicas} lists every current replica of the topic's moving
 *       partitions (they serve the copies), {@code follower.replication.throttled.replicas} the replicas being added
 *       (they copy), each as {@code partition:broker} separated by commas, sorted by partition then broker; a
 *       config whose list would be empty (a move that only reorders replicas) is left out.</li>
 * </ul>
 *
 * <p>Set with {@link AlterConfigOp.OpType#SET}, which replaces any value already there, and removed with
 * {@link AlterConfigOp.OpType#DELETE}, which restores the default (no throttle).
 *
 * @param brokers the broker-level configs by broker id
 * @param topics  the topic-level configs by topic
 */
record ThrottleConfigs(SortedMap<Integer, Map<String, String>> brokers, SortedMap<String, Map<String, String>> topics) {

    static final String LEADER_RATE = "leader.replication.throttled.rate";
    static final String FOLLOWER_RATE = "follower.replication.throttled.rate";
    static final String LEADER_REPLICAS = "leader.replication.throttled.replicas";
    static final String FOLLOWER_REPLICAS = "follower.replication.throttled.replicas";

    ThrottleConfigs {
        brokers = copy(brokers);
        topics = copy(topics);
    }

    /** The throttles for {@code moves} at {@code bytesPerSecond}. */
    static ThrottleConfigs of(Collection<TrackedMove> moves, long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("the throttle must be greater than 0 bytes per second, got " + bytesPerSecond);
        }
        String rate = Long.toString(bytesPerSecond);
        SortedMap<Integer, Map<String, String>> brokers = new TreeMap<>();
        for (TrackedMove move : moves) {
            for (int broker : move.brokers()) {
                brokers.computeIfAbsent(broker, b -> Map.of(LEADER_RATE, rate, FOLLOWER_RATE, rate));
            }
        }
        Map<String, List<TrackedMove>> byTopic = moves.stream().collect(
                Collectors.groupingBy(m -> m.partition().topic(), TreeMap::new, Collectors.toList()));
        SortedMap<String, Map<String, String>> topics = new TreeMap<>();
        byTopic.forEach((topic, topicMoves) -> {
            List<TrackedMove> sorted = new ArrayList<>(topicMoves);
            sorted.sort(Comparator.comparingInt(m -> m.partition().partition()));
            Map<String, String> configs = new LinkedHashMap<>();
            String leaders = replicaList(sorted, false);
            String followers = replicaList(sorted, true);
            if (!leaders.isEmpty()) {
                configs.put(LEADER_REPLICAS, leaders);
            }
            if (!followers.isEmpty()) {
                configs.put(FOLLOWER_REPLICAS, followers);
            }
            if (!configs.isEmpty()) {
                topics.put(topic, configs);
            }
        });
        return new ThrottleConfigs(brokers, topics);
    }

    /** Requests that set every config. */
    Map<ConfigResource, Collection<AlterConfigOp>> setOps() {
        return ops(AlterConfigOp.OpType.SET);
    }

    /** Requests that delete every config (back to no throttle). */
    Map<ConfigResource, Collection<AlterConfigOp>> deleteOps() {
        return ops(AlterConfigOp.OpType.DELETE);
    }

    boolean isEmpty() {
        return brokers.isEmpty() && topics.isEmpty();
    }

    private Map<ConfigResource, Collection<AlterConfigOp>> ops(AlterConfigOp.OpType type) {
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new LinkedHashMap<>();
        brokers.forEach((broker, configs) -> ops.put(
                new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker)), ops(configs, type)));
        topics.forEach((topic, configs) -> ops.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), ops(configs, type)));
        return ops;
    }

    private static List<AlterConfigOp> ops(Map<String, String> configs, AlterConfigOp.OpType type) {
        return configs.entrySet().stream()
                .map(e -> new AlterConfigOp(
                        new ConfigEntry(e.getKey(), type == AlterConfigOp.OpType.DELETE ? null : e.getValue()), type))
                .collect(Collectors.toList());
    }

    private static String replicaList(List<TrackedMove> moves, boolean addedOnly) {
        List<String> entries = new ArrayList<>();
        for (TrackedMove move : moves) {
            SortedSet<Integer> replicas = new TreeSet<>(addedOnly ? move.addedReplicas() : move.current());
            replicas.forEach(b -> entries.add(move.partition().partition() + ":" + b));
        }
        return String.join(",", entries);
    }

    private static <K extends Comparable<K>> SortedMap<K, Map<String, String>> copy(SortedMap<K, Map<String, String>> in) {
        Objects.requireNonNull(in);
        SortedMap<K, Map<String, String>> out = new TreeMap<>();
        in.forEach((k, v) -> out.put(k, Map.copyOf(v)));
        return Collections.unmodifiableSortedMap(out);
    }
}

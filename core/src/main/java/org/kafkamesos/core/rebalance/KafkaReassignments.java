package org.kafkamesos.core.rebalance;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The Admin requests a rebalance makes, each awaited up to a timeout. Every failure to get an answer is a
 * {@link RebalanceException}; refusals of single partitions are returned where the caller decides what they mean.
 */
final class KafkaReassignments {

    private final Supplier<Admin> admin;
    private final Duration timeout;

    KafkaReassignments(Supplier<Admin> admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Every partition with a reassignment in progress, ours or not. */
    Set<TopicPartitionId> reassigning() {
        return await(admin.get().listPartitionReassignments().reassignments(), "list the partition reassignments")
                .keySet().stream().map(KafkaReassignments::id).collect(Collectors.toSet());
    }

    /** Replicas, ISR sizes and leaders of every partition of {@code topics}; a topic that does not exist is left out. */
    Map<TopicPartitionId, ClusterObservation.PartitionReplicas> describe(Collection<String> topics) {
        Map<TopicPartitionId, ClusterObservation.PartitionReplicas> partitions = new HashMap<>();
        Map<String, KafkaFuture<TopicDescription>> described = admin.get().describeTopics(topics).topicNameValues();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> topic : described.entrySet()) {
            Optional<TopicDescription> description = awaitUnlessUnknown(topic.getValue(), "describe topic " + topic.getKey());
            description.ifPresent(d -> {
                for (TopicPartitionInfo p : d.partitions()) {
                    partitions.put(new TopicPartitionId(d.name(), p.partition()), new ClusterObservation.PartitionReplicas(
                            p.replicas().stream().map(Node::id).toList(), p.isr().size(),
                            p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id()));
                }
            });
        }
        return partitions;
    }

    /** {@code min.insync.replicas} of every topic of {@code topics} that exists. */
    Map<String, Integer> minInsyncReplicas(Collection<String> topics) {
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<String, Integer> minIsr = new HashMap<>();
        admin.get().describeConfigs(resources).values().forEach((resource, future) -> {
            Optional<Config> config = awaitUnlessUnknown(future, "describe the configs of topic " + resource.name());
            config.map(c -> c.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)).map(ConfigEntry::value)
                    .ifPresent(v -> minIsr.put(resource.name(), Integer.parseInt(v)));
        });
        return minIsr;
    }

    /** What a poll looks at: the reassignments, and replicas, ISR and min ISR of the topics of {@code moves}. */
    ClusterObservation observe(Collection<TrackedMove> moves) {
        Set<String> topics = moves.stream().map(m -> m.partition().topic()).collect(Collectors.toCollection(TreeSet::new));
        Set<TopicPartitionId> reassigning = reassigning();
        if (topics.isEmpty()) {
            return new ClusterObservation(reassigning, Map.of(), Map.of());
        }
        return new ClusterObservation(reassigning, describe(topics), minInsyncReplicas(topics));
    }

    /**
     * Each partition's size in bytes: its leader's replica, or its largest replica when the leader reports none;
     * 0 when no replica reports one.
     */
    Map<TopicPartitionId, Long> sizes(Map<TopicPartitionId, ClusterObservation.PartitionReplicas> partitions) {
        Set<Integer> brokers = partitions.values().stream().flatMap(p -> p.replicas().stream())
                .collect(Collectors.toCollection(TreeSet::new));
        Map<Integer, Map<String, LogDirDescription>> dirs =
                await(admin.get().describeLogDirs(brokers).allDescriptions(), "describe the log dirs of brokers " + brokers);
        Map<Integer, Map<TopicPartitionId, Long>> sizeOnBroker = new HashMap<>();
        dirs.forEach((broker, byDir) -> byDir.values().forEach(dir -> {
            for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                sizeOnBroker.computeIfAbsent(broker, b -> new HashMap<>())
                        .merge(id(replica.getKey()), replica.getValue().size(), Math::max);
            }
        }));
        Map<TopicPartitionId, Long> sizes = new HashMap<>();
        partitions.forEach((id, p) -> {
            Long leader = sizeOnBroker.getOrDefault(p.leader(), Map.of()).get(id);
            long size = leader != null ? leader : p.replicas().stream()
                    .mapToLong(b -> sizeOnBroker.getOrDefault(b, Map.of()).getOrDefault(id, 0L)).max().orElse(0);
            sizes.put(id, size);
        });
        return sizes;
    }

    /**
     * Submits {@code moves}' targets.
     *
     * @return the partitions Kafka refused for good (not retriable), with its reason
     * @throws RebalanceException when Kafka did not answer or answered with a retriable error
     */
    Map<TopicPartitionId, String> submit(Collection<TrackedMove> moves) {
        Map<TopicPartition, Optional<NewPartitionReassignment>> request = new LinkedHashMap<>();
        moves.forEach(m -> request.put(partition(m.partition()), Optional.of(new NewPartitionReassignment(m.target()))));
        Map<TopicPartitionId, String> refused = new LinkedHashMap<>();
        admin.get().alterPartitionReassignments(request).values().forEach((tp, future) -> {
            Optional<Throwable> error = errorOf(future, "reassign " + tp);
            error.ifPresent(e -> {
                if (e instanceof RetriableException) {
                    throw new RebalanceException("Kafka could not reassign " + tp + " yet: " + e.getMessage(), e);
                }
                refused.put(id(tp), e.getClass().getSimpleName() + ": " + e.getMessage());
            });
        });
        return refused;
    }

    /** Cancels the reassignments of {@code partitions}; a partition no longer reassigning is fine. */
    void cancel(Collection<TopicPartitionId> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Optional<NewPartitionReassignment>> request = new LinkedHashMap<>();
        partitions.forEach(p -> request.put(partition(p), Optional.empty()));
        admin.get().alterPartitionReassignments(request).values().forEach((tp, future) -> {
            Optional<Throwable> error = errorOf(future, "cancel the reassignment of " + tp);
            error.filter(e -> !(e instanceof NoReassignmentInProgressException)
                            && !(e instanceof UnknownTopicOrPartitionException))
                    .ifPresent(e -> {
                        throw new RebalanceException("Kafka refused to cancel the reassignment of " + tp, e);
                    });
        });
    }

    /** Sets the throttles. */
    void apply(ThrottleConfigs throttles) {
        if (!throttles.isEmpty()) {
            await(admin.get().incrementalAlterConfigs(throttles.setOps()).all(), "set the replication throttles");
        }
    }

    /** Removes the throttles; a topic deleted meanwhile is fine. */
    void remove(ThrottleConfigs throttles) {
        if (throttles.isEmpty()) {
            return;
        }
        admin.get().incrementalAlterConfigs(throttles.deleteOps()).values().forEach((resource, future) ->
                awaitUnlessUnknown(future, "remove the replication throttles of " + resource));
    }

    /**
     * Elects the preferred leader of each of {@code partitions}.
     *
     * @return the partitions whose election failed (other than "not needed"), with the reason
     */
    Map<TopicPartitionId, String> electPreferredLeaders(Collection<TopicPartitionId> partitions) {
        Set<TopicPartition> request = partitions.stream().map(KafkaReassignments::partition).collect(Collectors.toSet());
        Map<TopicPartition, Optional<Throwable>> results =
                await(admin.get().electLeaders(ElectionType.PREFERRED, request).partitions(), "elect preferred leaders");
        Map<TopicPartitionId, String> failed = new LinkedHashMap<>();
        results.forEach((tp, error) -> error.filter(e -> !(e instanceof ElectionNotNeededException))
                .ifPresent(e -> failed.put(id(tp), e.getMessage())));
        return failed;
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new RebalanceException("Kafka refused to " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new RebalanceException("Kafka did not " + what + " within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RebalanceException("interrupted while waiting to " + what, e);
        }
    }

    private <T> Optional<T> awaitUnlessUnknown(KafkaFuture<T> future, String what) {
        try {
            return Optional.ofNullable(future.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new RebalanceException("Kafka refused to " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new RebalanceException("Kafka did not " + what + " within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RebalanceException("interrupted while waiting to " + what, e);
        }
    }

    /** The future's failure, after waiting for it; a timeout is thrown, not returned. */
    private Optional<Throwable> errorOf(KafkaFuture<?> future, String what) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(e.getCause());
        } catch (TimeoutException e) {
            throw new RebalanceException("Kafka did not " + what + " within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RebalanceException("interrupted while waiting to " + what, e);
        }
    }

    static TopicPartitionId id(TopicPartition tp) {
        return new TopicPartitionId(tp.topic(), tp.partition());
    }

    static TopicPartition partition(TopicPartitionId id) {
        return new TopicPartition(id.topic(), id.partition());
    }
}

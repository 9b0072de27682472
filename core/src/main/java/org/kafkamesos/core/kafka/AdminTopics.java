package org.kafkamesos.core.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.kafkamesos.core.model.CommandRejectedException;
import org.kafkamesos.core.rebalance.RebalancePlanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link KafkaTopics} over an Admin client. */
final class AdminTopics implements KafkaTopics {

    private static final Logger LOG = LoggerFactory.getLogger(AdminTopics.class);

    private final Admin admin;
    private final AdminCalls calls;

    AdminTopics(Admin admin, AdminCalls calls) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.calls = calls;
    }

    @Override
    public List<TopicInfo> list() {
        Set<String> names = names();
        Map<String, TopicDescription> descriptions = describe(names, true);
        Map<String, Config> configs = configs(descriptions.keySet(), true);
        List<TopicInfo> topics = new ArrayList<>();
        new TreeSet<>(descriptions.keySet()).forEach(name -> {
            List<TopicPartitionInfo> partitions = descriptions.get(name).partitions();
            Map<String, String> own = new TreeMap<>();
            Config config = configs.get(name);
            if (config == null) {
                return; // deleted since it was listed
            }
            for (ConfigEntry e : config.entries()) {
                if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && e.value() != null) {
                    own.put(e.name(), e.value());
                }
            }
            topics.add(new TopicInfo(name, partitions.size(), partitions.isEmpty() ? 0 : partitions.get(0).replicas().size(), own));
        });
        return topics;
    }

    @Override
    public void add(TopicSpec spec) {
        NewTopic topic;
        if (spec.brokers().isPresent()) {
            topic = new NewTopic(spec.name(), assignment(spec, spec.brokers().get()));
        } else {
            topic = new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.of((short) spec.replicationFactor()));
        }
        topic.configs(spec.configs());
        calls.get(admin.createTopics(List.of(topic)).all(), "creating topic " + spec.name());
        LOG.info("created topic {}: {} partitions, replication factor {}, configs {}, brokers {}", spec.name(), spec.partitions(),
                spec.replicationFactor(), spec.configs(), spec.brokers().map(Object::toString).orElse("any"));
    }

    /** Replicas of every partition over exactly {@code brokers}, rack-aware. */
    private Map<Integer, List<Integer>> assignment(TopicSpec spec, Set<Integer> brokers) {
        Collection<Node> nodes = calls.get(admin.describeCluster().nodes(), "describing the cluster's brokers");
        SortedMap<Integer, Optional<String>> racks = new TreeMap<>();
        Set<Integer> known = new TreeSet<>();
        for (Node node : nodes) {
            known.add(node.id());
            if (brokers.contains(node.id())) {
                racks.put(node.id(), Optional.ofNullable(node.rack()));
            }
        }
        Set<Integer> unknown = new TreeSet<>(brokers);
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new CommandRejectedException(CommandRejectedException.Kind.UNKNOWN_BROKER, "topic " + spec.name() + ": broker"
                    + (unknown.size() == 1 ? " " : "s ") + unknown + " not in the cluster, whose brokers are " + known);
        }
        Map<Integer, List<Integer>> byPartition = new TreeMap<>();
        RebalancePlanner.assignNew(spec.name(), spec.partitions(), spec.replicationFactor(), racks)
                .forEach((partition, replicas) -> byPartition.put(partition.partition(), List.copyOf(replicas)));
        return byPartition;
    }

    @Override
    public void updateConfigs(String name, Map<String, String> set, Set<String> delete) {
        Set<String> both = new TreeSet<>(set.keySet());
        both.retainAll(delete);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("topic " + name + ": configs " + both + " are both set and deleted; name each once");
        }
        List<AlterConfigOp> ops = new ArrayList<>();
        new TreeMap<>(set).forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        new TreeSet<>(delete).forEach(k -> ops.add(new AlterConfigOp(new ConfigEntry(k, null), AlterConfigOp.OpType.DELETE)));
        if (ops.isEmpty()) {
            return;
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        calls.get(admin.incrementalAlterConfigs(Map.of(resource, ops)).all(), "changing the configs of topic " + name);
        LOG.info("topic {}: set configs {}, deleted {}", name, set, delete);
    }

    @Override
    public void delete(String name) {
        calls.get(admin.deleteTopics(List.of(name)).all(), "deleting topic " + name);
        LOG.info("deleted topic {}", name);
    }

    @Override
    public List<PartitionState> partitions(Optional<String> topic) {
        return topic.isPresent() ? partitions(Set.of(topic.get()), false) : partitions(names(), true);
    }

    /**
     * The partitions of the topics {@code names}, sorted by topic then partition.
     *
     * @param listed whether the names come from a listing, so that a topic deleted since is left out rather than unknown
     */
    List<PartitionState> partitions(Set<String> names, boolean listed) {
        Map<String, TopicDescription> descriptions = describe(names, listed);
        Map<String, Config> configs = configs(descriptions.keySet(), listed);
        List<PartitionState> partitions = new ArrayList<>();
        descriptions.forEach((name, description) -> {
            if (!configs.containsKey(name)) {
                return; // deleted since it was listed
            }
            int minIsr = minIsr(name, configs.get(name));
            for (TopicPartitionInfo p : description.partitions()) {
                OptionalInt leader = p.leader() == null || p.leader().isEmpty() ? OptionalInt.empty() : OptionalInt.of(p.leader().id());
                partitions.add(new PartitionState(name, p.partition(), leader, ids(p.replicas()), ids(p.isr()), minIsr));
            }
        });
        partitions.sort(Comparator.comparing(PartitionState::topic).thenComparingInt(PartitionState::partition));
        return partitions;
    }

    private static int minIsr(String topic, Config config) {
        ConfigEntry entry = config == null ? null : config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        if (entry == null || entry.value() == null) {
            // Kafka always describes it; its default applies if an old broker did not
            return 1;
        }
        try {
            return Math.max(1, Integer.parseInt(entry.value()));
        } catch (NumberFormatException e) {
            throw new KafkaOperationException("topic " + topic + " has min.insync.replicas '" + entry.value() + "', not a number", e);
        }
    }

    private static List<Integer> ids(List<Node> nodes) {
        List<Integer> ids = new ArrayList<>(nodes.size());
        nodes.forEach(n -> ids.add(n.id()));
        return ids;
    }

    private Set<String> names() {
        return new HashSet<>(calls.get(admin.listTopics().names(), "listing topics"));
    }

    private Map<String, TopicDescription> describe(Set<String> names, boolean skipDeleted) {
        Map<String, TopicDescription> described = new TreeMap<>();
        if (names.isEmpty()) {
            return described;
        }
        admin.describeTopics(names).topicNameValues().forEach((name, future) -> {
            TopicDescription d = orSkip(future, "describing topic " + name, skipDeleted);
            if (d != null) {
                described.put(name, d);
            }
        });
        return described;
    }

    /** The future's value; {@code null} for a topic deleted meanwhile if {@code skipDeleted}. */
    private <T> T orSkip(org.apache.kafka.common.KafkaFuture<T> future, String what, boolean skipDeleted) {
        try {
            return calls.get(future, what);
        } catch (CommandRejectedException e) {
            if (skipDeleted && e.kind() == CommandRejectedException.Kind.UNKNOWN) {
                return null;
            }
            throw e;
        }
    }

    private Map<String, Config> configs(Set<String> names, boolean skipDeleted) {
        Map<String, Config> byName = new HashMap<>();
        if (names.isEmpty()) {
            return byName;
        }
        List<ConfigResource> resources = new ArrayList<>();
        names.forEach(n -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, n)));
        admin.describeConfigs(resources).values().forEach((r, future) -> {
            Config c = orSkip(future, "describing the configs of topic " + r.name(), skipDeleted);
            if (c != null) {
                byName.put(r.name(), c);
            }
        });
        return byName;
    }
}

package org.kafkamesos.core.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kafkamesos.core.KafkaCluster;
import org.kafkamesos.core.local.KafkaOnLocalMesos;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.CommandRejectedException;
import org.kafkamesos.state.MemoryStateStore;

/**
 * The executor against real Kafka: five brokers (three KRaft controllers among them) on a five-agent local Mesos
 * cluster, topics created on brokers 0..2 and rebalanced onto 0..4 under a replication throttle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RebalanceExecutorIT {

    private static final Duration SLOW = Duration.ofSeconds(90);

    @TempDir
    static Path workDir;

    private KafkaOnLocalMesos kafka;
    private KafkaCluster cluster;
    private Admin admin;
    private final ScheduledExecutorService polls = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    void startFiveBrokers() {
        kafka = KafkaOnLocalMesos.builder(workDir)
                .agents(local -> local.agents(5, 14))
                .cluster(c -> c.controllers(3))
                // Five JVMs on a small build machine: a light JIT and GC, few threads
                .brokers("0..4", BrokerSpec.builder().cpus(1).memMb(1024).heapMb(256)
                        .jvmOptions(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.awt.headless=true"))
                        .options(Map.of("num.io.threads", "2", "num.network.threads", "2", "background.threads", "2"))
                        .build())
                .startTimeout(Duration.ofMinutes(3))
                .start();
        cluster = kafka.cluster();
        String bootstrap = kafka.bootstrapServers();
        admin = admin(bootstrap);
        await().atMost(SLOW).until(() -> admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size() == 5);
    }

    @AfterAll
    void stopBrokers() {
        polls.shutdownNow();
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void start_movesEveryPartitionToItsTarget_underThrottlesThatAreRemovedAtTheEnd_keepingEveryRecord() throws Exception {
        String topic = "orders";
        RebalancePlan plan = createTopicOnBrokers0to2(topic, 6);
        long records = 20_000;
        produce(topic, records, 500);
        MemoryStateStore store = MemoryStateStore.create();

        try (RebalanceExecutor executor = executor(store)) {
            RebalanceStatus started = executor.start(plan, RebalanceLimits.throttledTo(1_048_576)
                    .withMaxMovesPerBroker(2).withPollInterval(Duration.ofMillis(300)));

            assertThat(started.state()).isEqualTo(RebalanceState.RUNNING);
            assertThat(started.partitionsTotal()).isEqualTo(6);
            assertThat(started.bytesTotal()).as("the leaders' replica sizes").isGreaterThan(records * 500);
            assertThat(started.throttleBytesPerSecond()).hasValue(1_048_576);
            assertThat(brokerConfig(3, ThrottleConfigs.LEADER_RATE).value()).isEqualTo("1048576");
            assertThat(brokerConfig(0, ThrottleConfigs.FOLLOWER_RATE).value()).isEqualTo("1048576");
            assertThat(topicConfig(topic, ThrottleConfigs.LEADER_REPLICAS).value()).contains("0:0", "0:1", "0:2");
            assertThat(topicConfig(topic, ThrottleConfigs.FOLLOWER_REPLICAS).value()).contains("0:3");

            // The executor refuses a second rebalance while this one runs, and so does one with its own store
            assertThatThrownBy(() -> executor.start(plan, RebalanceLimits.throttledTo(1_000)))
                    .isInstanceOfSatisfying(CommandRejectedException.class,
                            e -> assertThat(e.kind()).isEqualTo(CommandRejectedException.Kind.CONFLICT));
            await().atMost(Duration.ofSeconds(10)).until(() -> !reassigning().isEmpty());
            try (RebalanceExecutor other = executor(MemoryStateStore.create())) {
                // Kafka lists a reassignment while a batch moves; between two batches it lists none, and the plan no
                // longer matches the partitions the first batch moved: either refusal says what is going on
                assertThatThrownBy(() -> other.start(plan, RebalanceLimits.throttledTo(1_000)))
                        .isInstanceOfSatisfying(CommandRejectedException.class, e -> {
                            assertThat(e.kind()).isEqualTo(CommandRejectedException.Kind.CONFLICT);
                            assertThat(e.getMessage()).containsAnyOf("another reassignment", "plan again");
                        });
            }

            RebalanceStatus done = await().atMost(SLOW).until(executor::status,
                    s -> s.state().isFinal());
            assertThat(done.state()).as("ended with reason %s", done.reason()).isEqualTo(RebalanceState.DONE);
            assertThat(done.partitionsDone()).isEqualTo(6);
            assertThat(done.bytesDone()).isEqualTo(done.bytesTotal());
            assertThat(done.throttleBytesPerSecond()).isEmpty();
        }

        // describeTopics answers from a broker's metadata, which may not yet have the controller's last changes
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(replicas(topic)).isEqualTo(plan.target());
            assertThat(leaders(topic)).as("preferred leaders elected").isEqualTo(plan.target().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0))));
        });
        assertThrottlesGone(topic);
        assertThat(consume(topic, records)).isEqualTo(records);
        try (RebalanceExecutor restarted = executor(store)) {
            assertThat(restarted.status().state()).as("a new instance reads the persisted end").isEqualTo(RebalanceState.DONE);
        }
    }

    @Test
    void cancel_revertsTheMovesInFlight_andRemovesTheThrottles() throws Exception {
        String topic = "payments";
        RebalancePlan plan = createTopicOnBrokers0to2(topic, 3);
        produce(topic, 3_000, 1_000);
        MemoryStateStore store = MemoryStateStore.create();

        try (RebalanceExecutor executor = executor(store)) {
            // 10 KB/s: no partition of about 1 MB can finish before the cancel
            executor.start(plan, RebalanceLimits.throttledTo(10_000).withPollInterval(Duration.ofMillis(300)));
            await().atMost(Duration.ofSeconds(10)).until(() -> !reassigning().isEmpty());

            RebalanceStatus cancelled = executor.cancel();

            assertThat(cancelled.state()).isEqualTo(RebalanceState.CANCELLED);
            assertThat(cancelled.inFlight()).isZero();
            assertThat(cancelled.throttleBytesPerSecond()).isEmpty();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> reassigning().isEmpty());
        // Kafka reverts a cancelled reassignment to the original replica set; it may order the list its own way.
        // The controller has reverted it once no reassignment is listed, but describeTopics answers from a broker's
        // metadata, which can lag behind the controller's on a loaded machine
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(replicaSets(topic)).isEqualTo(sets(plan.current())));
        assertThrottlesGone(topic);
        try (RebalanceExecutor restarted = executor(store)) {
            assertThat(restarted.status().state()).isEqualTo(RebalanceState.CANCELLED);
            assertThat(restarted.resume().state()).as("a cancelled rebalance stays cancelled").isEqualTo(RebalanceState.CANCELLED);
        }
    }

    private RebalanceExecutor executor(MemoryStateStore store) {
        return RebalanceExecutor.builder(admin, store, polls, InstantSource.system()).build();
    }

    /** A topic with replicas rotating over brokers 0..2, and a plan onto 0..4 that moves every partition. */
    private RebalancePlan createTopicOnBrokers0to2(String topic, int partitions) throws Exception {
        Map<Integer, List<Integer>> assignment = new TreeMap<>();
        SortedMap<TopicPartitionId, List<Integer>> current = new TreeMap<>();
        SortedMap<TopicPartitionId, List<Integer>> target = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            List<Integer> now = List.of(p % 3, (p + 1) % 3, (p + 2) % 3);
            assignment.put(p, now);
            current.put(TopicPartitionId.of(topic, p), now);
            target.put(TopicPartitionId.of(topic, p), List.of((p + 3) % 5, (p + 4) % 5, p % 5));
        }
        admin.createTopics(List.of(new NewTopic(topic, assignment).configs(Map.of("min.insync.replicas", "2"))))
                .all().get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> replicas(topic).size() == partitions);
        RebalancePlan plan = new RebalancePlan(current, target);
        assertThat(plan.moves()).hasSize(partitions);
        return plan;
    }

    private void produce(String topic, long records, int bytes) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        Random random = new Random(42);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                byte[] value = new byte[bytes];
                random.nextBytes(value);
                producer.send(new ProducerRecord<>(topic, value));
            }
            producer.flush();
        }
    }

    private long consume(String topic, long expected) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            AtomicLong count = new AtomicLong();
            await().atMost(SLOW).until(() -> count.addAndGet(consumer.poll(Duration.ofMillis(500)).count()) >= expected);
            return count.get();
        }
    }

    private String bootstrap() throws Exception {
        return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream()
                .map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(","));
    }

    private Collection<TopicPartition> reassigning() throws Exception {
        return admin.listPartitionReassignments().reassignments().get(10, TimeUnit.SECONDS).keySet();
    }

    private Map<TopicPartitionId, List<Integer>> replicas(String topic) throws Exception {
        return describe(topic).partitions().stream().collect(Collectors.toMap(p -> TopicPartitionId.of(topic, p.partition()),
                p -> p.replicas().stream().map(Node::id).toList(), (a, b) -> a, TreeMap::new));
    }

    private Map<TopicPartitionId, java.util.Set<Integer>> replicaSets(String topic) throws Exception {
        return sets(replicas(topic));
    }

    private static Map<TopicPartitionId, java.util.Set<Integer>> sets(Map<TopicPartitionId, List<Integer>> lists) {
        return lists.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> java.util.Set.copyOf(e.getValue())));
    }

    private Map<TopicPartitionId, Integer> leaders(String topic) throws Exception {
        return describe(topic).partitions().stream()
                .collect(Collectors.toMap(p -> TopicPartitionId.of(topic, p.partition()), p -> p.leader().id()));
    }

    private TopicDescription describe(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
    }

    private ConfigEntry brokerConfig(int broker, String name) throws Exception {
        return config(new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker)), name);
    }

    private ConfigEntry topicConfig(String topic, String name) throws Exception {
        return config(new ConfigResource(ConfigResource.Type.TOPIC, topic), name);
    }

    private ConfigEntry config(ConfigResource resource, String name) throws Exception {
        Config config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
        return Optional.ofNullable(config.get(name)).orElseThrow(() -> new AssertionError(resource + " has no " + name));
    }

    /** Kafka describes a dynamic-only throttle config of a broker only while it is set, and a topic's as a default. */
    private void assertThrottlesGone(String topic) throws Exception {
        List<String> left = new ArrayList<>();
        for (int broker = 0; broker < 5; broker++) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker));
            Config config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
            for (String name : List.of(ThrottleConfigs.LEADER_RATE, ThrottleConfigs.FOLLOWER_RATE)) {
                ConfigEntry entry = config.get(name);
                if (entry != null && entry.source() == ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG) {
                    left.add("broker " + broker + " " + name + "=" + entry.value());
                }
            }
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
        for (String name : List.of(ThrottleConfigs.LEADER_REPLICAS, ThrottleConfigs.FOLLOWER_REPLICAS)) {
            ConfigEntry entry = config.get(name);
            if (entry != null && entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                left.add("topic " + topic + " " + name + "=" + entry.value());
            }
        }
        assertThat(left).as("throttles left behind").isEmpty();
    }

    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // five brokers on two cores pause at times: near Kafka's defaults (30 s a request, 60 s a call), not tighter
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        return Admin.create(p);
    }
}

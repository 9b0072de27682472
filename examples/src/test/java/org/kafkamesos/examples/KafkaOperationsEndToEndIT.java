package org.kafkamesos.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safe Kafka operations end to end, with real brokers on a local Mesos cluster of 5 agents, driven through the
 * command line: growing 3 -> 5 brokers with a throttled rebalance under a producer, a gated rolling restart
 * under an acks=all producer, a restart the gate refuses, and a drained decommission. The steps build on
 * each other, in order.
 */
@Tag("long") // minutes on two cores: run by mvn verify -P long-tests, which .ci/run runs
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaOperationsEndToEndIT {

    private static final String TOPIC = "orders";
    private static final Duration KAFKA_TIMEOUT = Duration.ofMinutes(3);

    private LocalScheduler scheduler;
    private Admin admin;

    @BeforeAll
    void startThreeBrokers(@TempDir Path dir) throws InterruptedException {
        scheduler = LocalScheduler.start(dir, 5, 13, UnaryOperator.identity());
        assertThat(cli("broker", "add", "0..4", "--cpus", "1", "--mem", "1024", "--heap", "256").exitCode()).isZero();
        Cli start = cli("broker", "start", "0..2", "--timeout", "3m");
        assertThat(start.exitCode()).as(start.err()).isZero();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    }

    @AfterAll
    void stop() {
        try {
            if (admin != null) {
                admin.close();
            }
        } finally {
            if (scheduler != null) {
                scheduler.close();
            }
        }
    }

    private Cli cli(String... args) {
        return scheduler.cli(args);
    }

    private JsonNode post(String path, Map<String, String> params) {
        return scheduler.post(path, params, Duration.ofSeconds(30));
    }

    private String bootstrap() {
        return BrokerTable.bootstrapServers(post("api/broker/list", Map.of()).path("brokers"));
    }

    @Test
    @Order(1)
    void growingFromThreeToFiveBrokers_movesPartitionsAsPlanned_throttled_andLosesNoRecord() throws Exception {
        Cli topic = cli("topic", "add", TOPIC, "--partitions", "6", "--replicas", "3", "--broker", "0..2",
                "--options", "min.insync.replicas=2");
        assertThat(topic.exitCode()).as(topic.err()).isZero();
        try (Producer producer = new Producer(bootstrap(), TOPIC, true)) {
            producer.sendAtLeast(30_000);
            // below the throttle from here on, so that the new replicas can catch up with the writes
            producer.pace(100);
            Cli start = cli("broker", "start", "3..4", "--timeout", "3m");
            assertThat(start.exitCode()).as(start.err()).isZero();

            JsonNode started = post("api/rebalance/start", Map.of("broker", "0..4", "throttle", "512KB"));
            JsonNode target = started.path("plan").path("target");
            assertThat(target.size()).isPositive();
            await().atMost(Duration.ofMinutes(1)).until(() -> throttled(3) && topicThrottled(TOPIC)
                    || !post("api/rebalance/status", Map.of()).path("status").path("state").asText().equals("running"));
            assertThat(throttled(3) && topicThrottled(TOPIC)).as("throttles set while the rebalance runs").isTrue();

            Cli status = cli("rebalance", "start", "--broker", "0..4", "--timeout", "0");
            assertThat(status.exitCode()).as("a second rebalance is refused while one runs").isEqualTo(BrokerCli.EXIT_REFUSED);

            await().atMost(KAFKA_TIMEOUT).until(() -> post("api/rebalance/status", Map.of()).path("status").path("state").asText()
                    .equals("done"));
            Map<String, List<Integer>> replicas = replicas(TOPIC);
            target.fields().forEachRemaining(e -> assertThat(replicas.get(e.getKey())).as(e.getKey())
                    .isEqualTo(ints(e.getValue())));
            assertThat(replicas.values()).anySatisfy(r -> assertThat(r).contains(3)).anySatisfy(r -> assertThat(r).contains(4));
            assertThat(throttled(3) || throttled(0) || topicThrottled(TOPIC)).as("throttles removed").isFalse();

            long acknowledged = producer.stopAndCount();
            assertThat(producer.errors()).isEmpty();
            assertThat(consumedKeys(TOPIC, acknowledged)).isGreaterThanOrEqualTo(acknowledged);
        }
    }

    @Test
    @Order(2)
    void rollingRestartOfEveryBroker_underAnAcksAllProducer_seesNoNotEnoughReplicas() throws Exception {
        // no retries: every error reaches the callback, so a NotEnoughReplicas would be seen, not retried away
        try (Producer producer = new Producer(bootstrap(), TOPIC, false)) {
            producer.pace(2_000);
            producer.sendAtLeast(1_000);
            Cli restart = cli("broker", "restart", "*", "--timeout", "10m");
            assertThat(restart.exitCode()).as(restart.err()).isZero();
            producer.sendAtLeast(producer.acknowledged() + 1_000);
            long acknowledged = producer.stopAndCount();
            assertThat(producer.errors()).as("NotEnoughReplicas errors the producer saw")
                    .noneMatch(e -> e instanceof NotEnoughReplicasException || e instanceof NotEnoughReplicasAfterAppendException);
            assertThat(acknowledged).isGreaterThanOrEqualTo(2_000);
        }
        assertThat(post("api/broker/list", Map.of()).path("brokers")).allSatisfy(b -> assertThat(b.path("state").asText()).isEqualTo("running"));
    }

    @Test
    @Order(3)
    void restartRefusedByTheGate_saysWhichPartitionsBlockedIt() throws Exception {
        assertThat(cli("topic", "add", "fragile", "--partitions", "2", "--replicas", "3", "--broker", "0..2",
                "--options", "min.insync.replicas=2").exitCode()).isZero();
        assertThat(cli("broker", "stop", "2", "--timeout", "2m").exitCode()).isZero();
        await().atMost(KAFKA_TIMEOUT).until(() -> isr("fragile").values().stream().allMatch(isr -> isr.size() == 2));

        Cli refused = cli("broker", "restart", "0", "--timeout", "15s");

        assertThat(refused.exitCode()).isEqualTo(BrokerCli.EXIT_FAILED);
        assertThat(refused.err()).contains("broker 0", "fragile-0", "fragile-1", "min.insync.replicas");
        Cli cancelled = cli("broker", "start", "2", "--timeout", "3m");
        assertThat(cancelled.exitCode()).as(cancelled.err()).isZero();
    }

    @Test
    @Order(4)
    void removingABrokerWithReplicas_isRefused_unlessDrained() throws Exception {
        Cli refused = cli("broker", "stop", "4", "--timeout", "0");
        assertThat(refused.exitCode()).isZero();
        // a stopped broker that still holds replicas is not removed without --drain
        await().atMost(Duration.ofMinutes(1)).until(() -> cli("broker", "list", "4").out().contains("stopped"));
        Cli plainRemove = cli("broker", "remove", "4");
        assertThat(plainRemove.exitCode()).isEqualTo(BrokerCli.EXIT_REFUSED);
        assertThat(plainRemove.err()).contains("broker 4", "replicas", "--drain");
        assertThat(cli("broker", "start", "4", "--timeout", "3m").exitCode()).isZero();

        Cli drained = cli("broker", "remove", "4", "--drain", "--throttle", "10MB", "--timeout", "5m");

        assertThat(drained.exitCode()).as(drained.out() + drained.err()).isZero();
        assertThat(post("api/broker/list", Map.of()).path("brokers")).noneSatisfy(b -> assertThat(b.path("id").asInt()).isEqualTo(4));
        assertThat(replicas(TOPIC).values()).allSatisfy(r -> assertThat(r).doesNotContain(4));
    }

    private boolean throttled(int broker) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker));
        Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        return config.get("follower.replication.throttled.rate") != null && config.get("follower.replication.throttled.rate").value() != null
                && !config.get("follower.replication.throttled.rate").value().isEmpty()
                && config.get("follower.replication.throttled.rate").source() == org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG;
    }

    private boolean topicThrottled(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        return !config.get("leader.replication.throttled.replicas").value().isEmpty();
    }

    private Map<String, List<Integer>> replicas(String topic) throws Exception {
        Map<String, List<Integer>> replicas = new java.util.TreeMap<>();
        for (TopicPartitionInfo p : describe(topic).partitions()) {
            List<Integer> ids = new ArrayList<>();
            p.replicas().forEach(n -> ids.add(n.id()));
            replicas.put(topic + "-" + p.partition(), ids);
        }
        return replicas;
    }

    private Map<String, Set<Integer>> isr(String topic) throws Exception {
        Map<String, Set<Integer>> isr = new java.util.TreeMap<>();
        for (TopicPartitionInfo p : describe(topic).partitions()) {
            Set<Integer> ids = new HashSet<>();
            p.isr().forEach(n -> ids.add(n.id()));
            isr.put(topic + "-" + p.partition(), ids);
        }
        return isr;
    }

    private TopicDescription describe(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> ids = new ArrayList<>();
        array.forEach(id -> ids.add(id.asInt()));
        return ids;
    }

    /** The distinct keys of the topic, read from the beginning until {@code expected} were seen or a minute passed. */
    private long consumedKeys(String topic, long expected) {
        Set<String> keys = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (keys.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    keys.add(r.key());
                }
            }
        }
        return keys.size();
    }

    /** Writes numbered records with acks=all on a thread of its own until stopped; counts acknowledgements and errors. */
    private static final class Producer implements AutoCloseable {
        private final KafkaProducer<String, String> producer;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong acknowledged = new AtomicLong();
        private final List<Exception> errors = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private final boolean retries;
        /** Records per second; 0 for as fast as the producer takes them. */
        private volatile int pace;

        /** @param retries whether failed sends are retried (Kafka's default), or every error reaches the callback */
        Producer(String bootstrap, String topic, boolean retries) {
            Map<String, Object> config = new java.util.HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000));
            this.retries = retries;
            if (!retries) {
                config.put(ProducerConfig.RETRIES_CONFIG, 0);
                config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
            }
            producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
            String padding = "x".repeat(100);
            thread = new Thread(() -> {
                long n = 0;
                while (running.get()) {
                    long key = n++;
                    producer.send(new ProducerRecord<>(topic, Long.toString(key), padding), (metadata, e) -> {
                        if (e == null) {
                            acknowledged.incrementAndGet();
                        } else {
                            errors.add(e);
                        }
                    });
                    if (n % 1000 == 0) {
                        producer.flush();
                    }
                    int perSecond = pace;
                    if (perSecond > 0) {
                        // a load generator's pacing, not a wait for a condition
                        LockSupport.parkNanos(1_000_000_000L / perSecond);
                    }
                }
                producer.flush();
            }, "test-producer");
            thread.start();
        }

        /** Writes {@code perSecond} records a second from now on; 0 for as fast as it can. */
        void pace(int perSecond) {
            pace = perSecond;
        }

        void sendAtLeast(long records) {
            // with retries, any error ends the wait (the test fails on it); without, errors are expected and counted
            await().atMost(KAFKA_TIMEOUT).until(() -> acknowledged.get() >= records || retries && !errors.isEmpty());
        }

        long acknowledged() {
            return acknowledged.get();
        }

        List<Exception> errors() {
            return errors;
        }

        long stopAndCount() throws InterruptedException {
            running.set(false);
            thread.join(KAFKA_TIMEOUT.toMillis());
            return acknowledged.get();
        }

        @Override
        public void close() throws InterruptedException {
            stopAndCount();
            producer.close(Duration.ofSeconds(30));
        }
    }
}

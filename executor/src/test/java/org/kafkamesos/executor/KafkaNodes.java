package org.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Real Kafka nodes for the ITs: the distribution the build assembles, free ports, clients, and the no-orphan check. */
final class KafkaNodes {

    /** Enough for a test node, small enough for three of them on a 2-core, 24 GB machine. */
    static final int HEAP_MB = 384;
    static final String HOST = "127.0.0.1";

    private KafkaNodes() {
    }

    /** The Kafka distribution folder assembled by the build ({@code executor/target/kafka-dist}). */
    static Path distribution() {
        Path dist = Path.of(System.getProperty("kafka.dist", "target/kafka-dist")).toAbsolutePath();
        assertThat(dist.resolve("libs")).as("Kafka distribution assembled by the build").isDirectory();
        return dist;
    }

    /** {@code count} distinct ports that were free a moment ago. */
    static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0);
                sockets.add(s);
                ports.add(s.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // a port we only probed
                }
            }
        }
    }

    /** A combined broker+controller node on localhost; the caller adds the quorum. */
    static LaunchSpec.Builder combined(int nodeId, String clusterId, int brokerPort, int controllerPort) {
        return LaunchSpec.builder(nodeId, clusterId)
                .roles(Role.BROKER, Role.CONTROLLER)
                .bindHost(HOST).advertisedHost(HOST)
                .brokerPort(brokerPort).controllerPort(controllerPort)
                .heapMb(HEAP_MB)
                .distribution(distribution().toString())
                .override("group.initial.rebalance.delay.ms", "0");
    }

    /** A one-node cluster: internal topics with one replica. */
    static LaunchSpec.Builder singleNode(int nodeId, String clusterId, int brokerPort, int controllerPort) {
        return combined(nodeId, clusterId, brokerPort, controllerPort)
                .voter(nodeId, HOST, controllerPort)
                .override("offsets.topic.replication.factor", "1")
                .override("transaction.state.log.replication.factor", "1")
                .override("transaction.state.log.min.isr", "1");
    }

    /** Kafka processes (nodes and storage tools) started by this JVM that are still alive. */
    static List<ProcessHandle> kafkaProcesses() {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(KafkaDistribution.KAFKA_MAIN)
                        || c.contains(KafkaDistribution.STORAGE_TOOL_MAIN)).orElse(false))
                .collect(Collectors.toList());
    }

    static void assertNoKafkaProcessLeft() {
        // A process that was just SIGKILLed may take a moment to be reaped.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kafkaProcesses())
                .as("Kafka processes left running").extracting(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .isEmpty());
    }

    static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return Admin.create(p);
    }

    /** Sends {@code count} records {@code prefix0..} with acks=all and waits for every acknowledgement. */
    static void produce(String bootstrap, String topic, String prefix, int count) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, Integer.toString(i), prefix + i)));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        }
    }

    /** Reads {@code topic} from the start with a fresh group until {@code expected} distinct values arrived. */
    static Set<String> consumeAll(String bootstrap, String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Set<String> values = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return values.size() >= expected;
            });
        }
        return values;
    }

    static Set<String> values(String prefix, int count) {
        Set<String> values = new HashSet<>();
        for (int i = 0; i < count; i++) {
            values.add(prefix + i);
        }
        return values;
    }

    static Properties metaProperties(Path logDir) throws IOException {
        Properties p = new Properties();
        try (var reader = Files.newBufferedReader(logDir.resolve(KafkaStorage.META_PROPERTIES))) {
            p.load(reader);
        }
        return p;
    }

    static Map<String, String> asMap(Properties p) {
        return p.stringPropertyNames().stream().collect(Collectors.toMap(k -> k, p::getProperty));
    }
}

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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkamesos.core.local.LocalMesosCluster;

/**
 * The whole stack with real Kafka brokers: the example scheduler on a local Mesos cluster of 3 agents, driven
 * through its CLI and HTTP API, its agents offering only ports 31000-32000 as stock Mesos agents do; brokers 7, 1000 and
 * 1001, which form their KRaft quorum on ports from those offers, hold a topic of replication factor 3; a broker killed with SIGKILL fails over onto its host; the scheduler itself is
 * dropped and restarted from its file store and takes the running brokers over.
 */
class EndToEndIT {

    private static final int RECORDS = 10_000;
    private static final String TOPIC = "e2e";
    private static final Duration KAFKA_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;
    private LocalScheduler scheduler;

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private JsonNode brokers() {
        return scheduler.brokers("*");
    }

    private static Map<Integer, String> taskIds(JsonNode brokers) {
        Map<Integer, String> ids = new TreeMap<>();
        brokers.forEach(b -> ids.put(b.path("id").asInt(), b.path("task").path("id").asText()));
        return ids;
    }

    @Test
    void threeBrokers_keepEveryRecord_throughAKilledBroker_andASchedulerRestart() throws Exception {
        Storage storage = Storage.parse("file:" + dir.resolve("state"));
        scheduler = LocalScheduler.startOnStockPorts(dir, 3, 11, config -> config.storage(storage));
        LocalMesosCluster local = scheduler.local();

        // ids that are not 0..N-1: the first brokers started are the KRaft controllers
        Cli add = scheduler.cli("broker", "add", "7,1000..1001", "--cpus", "1", "--mem", "1536", "--heap", "384", "--failover-delay", "5s");
        assertThat(add.exitCode()).as(add.err()).isZero();
        Cli start = scheduler.cli("broker", "start", "*", "--timeout", "3m");
        assertThat(start.exitCode()).as(start.err()).isZero();
        JsonNode running = brokers();
        assertThat(running).extracting(b -> b.path("id").asInt() + " " + b.path("state").asText())
                .containsExactly("7 running", "1000 running", "1001 running");
        Cli status = scheduler.cli("status");
        assertThat(status.out()).as(status.err()).contains("3 of 3 brokers running")
                .containsPattern("controllers: 7, 1000, 1001, a dynamic quorum; quorum leader (7|1000|1001)");
        String bootstrap = BrokerTable.bootstrapServers(running);
        assertThat(running).as("the listeners and the controllers take ports the agents offer, as stock agents offer them")
                .allSatisfy(b -> assertThat(b.path("task").path("ports")).extracting(JsonNode::asInt).hasSize(2)
                        .allSatisfy(port -> assertThat(port).isBetween(31000, 32000)));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertThat(admin.describeFeatures().featureMetadata().get().finalizedFeatures().get("kraft.version").maxVersionLevel())
                    .as("a new cluster forms a dynamic quorum").isEqualTo((short) 1);
            assertThat(admin.describeMetadataQuorum().quorumInfo().get().voters()).extracting(v -> v.replicaId())
                    .containsExactlyInAnyOrder(7, 1000, 1001);
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all().get(1, TimeUnit.MINUTES);
            TestRecords.produce(bootstrap, TOPIC, RECORDS);
            assertThat(consumedKeys(bootstrap)).hasSize(RECORDS);

            // SIGKILL one broker's Kafka process: it fails over after its back-off, onto the same host
            JsonNode victim = running.get(1);
            String killedTask = victim.path("task").path("id").asText();
            String host = victim.path("task").path("hostname").asText();
            ProcessHandle kafka = local.process(killedTask).orElseThrow();
            assertThat(kafka.destroyForcibly()).isTrue();
            await().atMost(KAFKA_TIMEOUT).until(() -> {
                JsonNode b = brokers().get(1);
                return b.path("state").asText().equals("running") && !b.path("task").path("id").asText().equals(killedTask);
            });
            JsonNode failedOver = brokers().get(1);
            assertThat(failedOver.path("task").path("hostname").asText()).isEqualTo(host);
            await().atMost(KAFKA_TIMEOUT).until(() -> minIsr(admin) == 3);
            assertThat(consumedKeys(bootstrap)).hasSize(RECORDS);
        }

        // Drop the scheduler; a new one restores from the file store, reconciles, and takes the brokers over
        Map<Integer, String> tasksBefore = taskIds(brokers());
        Set<Long> pidsBefore = pids(tasksBefore);
        scheduler.restartScheduler();
        await().atMost(Duration.ofMinutes(2)).until(() -> {
            JsonNode b = brokers();
            return b.size() == 3 && allRunning(b);
        });
        assertThat(taskIds(brokers())).isEqualTo(tasksBefore);
        assertThat(pids(tasksBefore)).isEqualTo(pidsBefore);
        assertThat(local.tasks()).filteredOn(t -> !t.state().isTerminal()).hasSize(3);
        assertThat(consumedKeys(bootstrap)).hasSize(RECORDS);
    }

    private static boolean allRunning(JsonNode brokers) {
        for (JsonNode b : brokers) {
            if (!b.path("state").asText().equals("running")) {
                return false;
            }
        }
        return true;
    }

    private Set<Long> pids(Map<Integer, String> tasks) {
        Set<Long> pids = new HashSet<>();
        tasks.values().forEach(task -> pids.add(scheduler.local().process(task).orElseThrow().pid()));
        return pids;
    }

    /** The distinct keys of every record in the topic, read from the beginning until all were seen or a minute passed. */
    private static Set<String> consumedKeys(String bootstrap) {
        Set<String> keys = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(TOPIC).forEach(p -> partitions.add(new TopicPartition(TOPIC, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (keys.size() < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    keys.add(r.key());
                }
            }
        }
        return keys;
    }

    /** The smallest ISR of the topic's partitions. */
    private static int minIsr(Admin admin) throws Exception {
        TopicDescription topic = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
        return topic.partitions().stream().mapToInt(p -> p.isr().size()).min().orElse(0);
    }
}

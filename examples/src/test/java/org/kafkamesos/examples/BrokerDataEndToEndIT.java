package org.kafkamesos.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkamesos.core.local.LocalAgentState;

/**
 * A broker's data outlives its task: with replication factor 1 no replica elsewhere could bring it back, so every
 * record read again after a relaunch was on the broker's own volume. Brokers on a local Mesos cluster of 3 agents,
 * the scheduler on a file store, its role {@code kafka}: each broker's volume reserved and created by the scheduler.
 */
class BrokerDataEndToEndIT {

    private static final String TOPIC = "only-on-broker-1";
    private static final int RECORDS = 10_000;
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

    @Test
    void recordsOnBroker1_surviveARestart_aKilledProcess_andASchedulerRestart_inTheSameFiles_andDrainingLeavesNothingReserved()
            throws Exception {
        Storage storage = Storage.parse("file:" + dir.resolve("state"));
        scheduler = LocalScheduler.start(dir, 3, 15, config -> config.storage(storage).controllers(1));
        Cli add = scheduler.cli("broker", "add", "0..2", "--cpus", "1", "--mem", "1024", "--heap", "256", "--disk", "2048",
                "--failover-delay", "5s");
        assertThat(add.exitCode()).as(add.err()).isZero();
        Cli start = scheduler.cli("broker", "start", "*", "--timeout", "3m");
        assertThat(start.exitCode()).as(start.err()).isZero();
        JsonNode broker1 = broker(1);
        assertThat(broker1.path("volume").asText()).isEqualTo("auto");
        Path volume = volumePath(broker1.path("data").path("volume").asText());
        assertThat(volume).as("the volume lives outside every sandbox").startsWith(dir.resolve("mesos").resolve("agent-2")
                .resolve("volumes"));

        String bootstrap = BrokerTable.bootstrapServers(scheduler.brokers("*"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, Map.of(0, List.of(1), 1, List.of(1), 2, List.of(1)))))
                    .all().get(1, TimeUnit.MINUTES);
        }
        TestRecords.produce(bootstrap, TOPIC, RECORDS);
        assertThat(count(bootstrap)).isEqualTo(RECORDS);
        Map<Path, Object> segments = segments(volume);
        assertThat(segments).as("log segments of the topic on broker 1's volume").isNotEmpty();

        // a restart: a new task, on the same volume
        String firstTask = broker1.path("task").path("id").asText();
        Cli restart = scheduler.cli("broker", "restart", "1", "--timeout", "3m");
        assertThat(restart.exitCode()).as(restart.err()).isZero();
        assertThat(broker(1).path("task").path("id").asText()).isNotEqualTo(firstTask);
        assertEverythingThere(bootstrap, volume, segments);

        // SIGKILL of its Kafka process: it fails over onto its volume
        String killed = broker(1).path("task").path("id").asText();
        ProcessHandle kafka = scheduler.local().process(killed).orElseThrow();
        assertThat(kafka.destroyForcibly()).isTrue();
        await().atMost(KAFKA_TIMEOUT).until(() -> {
            JsonNode b = broker(1);
            return b.path("state").asText().equals("running") && !b.path("task").path("id").asText().equals(killed);
        });
        assertEverythingThere(bootstrap, volume, segments);

        // the scheduler stops and a new one on the same file store takes the brokers over
        scheduler.restartScheduler();
        await().atMost(Duration.ofMinutes(2)).until(() -> allRunning(scheduler.brokers("*")));
        assertEverythingThere(BrokerTable.bootstrapServers(scheduler.brokers("*")), volume, segments);

        // broker 2 is drained and removed: its reservation and volume are released
        Cli remove = scheduler.cli("broker", "remove", "2", "--drain", "--timeout", "5m");
        assertThat(remove.exitCode()).as(remove.out() + remove.err()).isZero();
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            LocalAgentState agent3 = scheduler.local().agents().stream().filter(a -> a.agent().agentId().equals("agent-3"))
                    .findFirst().orElseThrow();
            assertThat(agent3.reservations()).as("reservations left on agent-3").isEmpty();
            assertThat(agent3.volumes()).as("volumes left on agent-3").isEmpty();
        });
        assertThat(scheduler.brokers("*")).extracting(b -> b.path("id").asInt()).containsExactly(0, 1);
    }

    private JsonNode broker(int id) {
        return scheduler.brokers(Integer.toString(id)).get(0);
    }

    private Path volumePath(String persistenceId) {
        return scheduler.local().agents().stream().flatMap(a -> a.volumes().stream())
                .filter(v -> v.persistenceId().equals(persistenceId)).findFirst().orElseThrow().path();
    }

    private void assertEverythingThere(String bootstrap, Path volume, Map<Path, Object> segments) throws IOException {
        assertThat(count(bootstrap)).as("records read back").isEqualTo(RECORDS);
        Map<Path, Object> now = segments(volume);
        assertThat(now).as("the segment files, by inode").containsAllEntriesOf(segments);
    }

    private static boolean allRunning(JsonNode brokers) {
        for (JsonNode b : brokers) {
            if (!b.path("state").asText().equals("running")) {
                return false;
            }
        }
        return !brokers.isEmpty();
    }

    /** The topic's log segment files on the volume, with their inodes. */
    private static Map<Path, Object> segments(Path volume) throws IOException {
        Map<Path, Object> inodes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(volume)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getParent().getFileName().toString().startsWith(TOPIC + "-") && f.toString().endsWith(".log")) {
                    inodes.put(volume.relativize(f), Files.getAttribute(f, "unix:ino"));
                }
            }
        }
        return inodes;
    }

    /** The records of the topic, read from the beginning up to its end offsets (the broker may take a moment to serve). */
    private static int count(String bootstrap) {
        return await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(), new StringDeserializer())) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (int p = 0; p < 3; p++) {
                    partitions.add(new TopicPartition(TOPIC, p));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
                int n = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    n += consumer.poll(Duration.ofMillis(500)).count();
                }
                return Optional.of(n);
            }
        }, n -> n.orElse(0) == RECORDS).orElseThrow();
    }
}

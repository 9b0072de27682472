package org.kafkamesos.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A KRaft quorum that heals: on a local cluster of 4 agents that offer only stock ports, 3 combined nodes form a
 * dynamic quorum; the agent of a controller is lost for good (cut off, its Kafka process killed), and after
 * {@code broker replace} the controller runs on the fourth agent with new storage and the quorum has 3 caught-up voters
 * again; then another controller is replaced with a scheduler restart in the middle of the change, which the new
 * scheduler finishes. An acks=all producer writes throughout: no send fails, and every acknowledged record is read back.
 */
class QuorumHealingIT {

    private static final String TOPIC = "through-quorum-changes";
    private static final Duration HEAL = Duration.ofMinutes(4);

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
    void aControllerWhoseAgentIsLostForGood_isReplaced_andTheQuorumHasThreeCaughtUpVotersAgain_evenAcrossASchedulerRestart()
            throws Exception {
        Storage storage = Storage.parse("file:" + dir.resolve("state"));
        scheduler = LocalScheduler.startOnStockPorts(dir, 5, 18, config -> config.storage(storage).controllers(3));
        Cli add = scheduler.cli("broker", "add", "0..2", "--cpus", "1", "--mem", "1024", "--heap", "256", "--failover-delay", "5s");
        assertThat(add.exitCode()).as(add.err()).isZero();
        Cli start = scheduler.cli("broker", "start", "*", "--timeout", "3m");
        assertThat(start.exitCode()).as(start.err()).isZero();
        String bootstrap = BrokerTable.bootstrapServers(scheduler.brokers("*"));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             Producing producing = new Producing(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all().get(1, TimeUnit.MINUTES);
            producing.start();
            QuorumInfo before = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS);
            assertThat(before.voters()).extracting(QuorumInfo.ReplicaState::replicaId).containsExactlyInAnyOrder(0, 1, 2);
            await().atMost(Duration.ofMinutes(1)).until(() -> producing.acked() > 100);

            Duration replaced = loseAndReplace(admin, 1, false);
            System.out.println("[quorum-healing] broker replace of controller 1 to 3 caught-up voters: " + replaced.toMillis() + " ms");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scheduler.cli("status").out())
                    .contains("3 of 3 brokers running").containsPattern("quorum voters: 0:\\S+, 1:\\S+, 2:\\S+; done since")
                    .contains(": the voters are the controllers 0, 1, 2"));

            Duration acrossRestart = loseAndReplace(admin, 2, true);
            System.out.println("[quorum-healing] broker replace of controller 2, a scheduler restart in the middle, to 3"
                    + " caught-up voters: " + acrossRestart.toMillis() + " ms");

            long acked = producing.stop();
            assertThat(producing.failure()).as("a send that failed beyond its retries").isNull();
            assertThat(acked).isGreaterThan(100);
            assertThat(consumedKeys(BrokerTable.bootstrapServers(scheduler.brokers("*")), acked)).as("every acknowledged record")
                    .hasSize((int) acked);
        }
    }

    /**
     * Cuts the agent of controller {@code id} off and kills its Kafka process (its host is gone), replaces it, and
     * waits until the quorum has 3 caught-up voters, {@code id} among them with a new directory id on another agent.
     * With {@code restart}, the scheduler restarts once the new node has joined as an observer, before it is a voter.
     */
    private Duration loseAndReplace(Admin admin, int id, boolean restart) throws Exception {
        JsonNode victim = scheduler.brokers(Integer.toString(id)).get(0);
        String agent = victim.path("task").path("agentId").asText();
        String task = victim.path("task").path("id").asText();
        String oldDirectory = voter(admin, id).replicaDirectoryId().toString();
        scheduler.local().loseAgent(agent);
        scheduler.local().process(task).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofMinutes(1)).until(() -> scheduler.brokers(Integer.toString(id)).get(0).path("task").isNull());

        Instant replace = Instant.now();
        Cli replaced = scheduler.cli("broker", "replace", Integer.toString(id));
        assertThat(replaced.exitCode()).as(replaced.out() + replaced.err()).isZero();
        if (restart) {
            await().atMost(HEAL).until(() -> observerWithNewStorage(admin, id, oldDirectory));
            scheduler.restartScheduler();
        }
        await().alias("3 caught-up voters, " + id + " with new storage").atMost(HEAL).pollInterval(Duration.ofMillis(500))
                .until(() -> healed(admin, id, oldDirectory));
        Duration took = Duration.between(replace, Instant.now());
        JsonNode now = scheduler.brokers(Integer.toString(id)).get(0);
        assertThat(now.path("state").asText()).isEqualTo("running");
        assertThat(now.path("task").path("agentId").asText()).as("on another agent").isNotEqualTo(agent);
        return took;
    }

    private static QuorumInfo.ReplicaState voter(Admin admin, int id) throws Exception {
        return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).voters().stream()
                .filter(v -> v.replicaId() == id).findFirst().orElseThrow();
    }

    private static boolean observerWithNewStorage(Admin admin, int id, String oldDirectory) {
        try {
            QuorumInfo q = admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS);
            return q.observers().stream().anyMatch(o -> o.replicaId() == id && !o.replicaDirectoryId().toString().equals(oldDirectory))
                    || q.voters().stream().anyMatch(v -> v.replicaId() == id && !v.replicaDirectoryId().toString().equals(oldDirectory));
        } catch (Exception e) {
            return false;
        }
    }

    /** 3 voters 0, 1, 2, {@code id} with a directory id other than {@code oldDirectory}, each within 2 s of the leader. */
    private static boolean healed(Admin admin, int id, String oldDirectory) {
        QuorumInfo q;
        try {
            q = admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
        Set<Integer> ids = new HashSet<>();
        q.voters().forEach(v -> ids.add(v.replicaId()));
        if (!ids.equals(Set.of(0, 1, 2))) {
            return false;
        }
        if (q.voters().stream().anyMatch(v -> v.replicaId() == id && v.replicaDirectoryId().toString().equals(oldDirectory))) {
            return false;
        }
        OptionalLong reference = q.voters().stream().filter(v -> v.replicaId() == q.leaderId()).findFirst()
                .map(QuorumInfo.ReplicaState::lastCaughtUpTimestamp).orElse(OptionalLong.empty());
        return reference.isPresent() && q.voters().stream().allMatch(v -> v.lastCaughtUpTimestamp().isPresent()
                && reference.getAsLong() - v.lastCaughtUpTimestamp().getAsLong() <= 2_000);
    }

    private static Set<String> consumedKeys(String bootstrap, long expected) {
        Set<String> keys = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "quorum-healing-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (keys.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofSeconds(1)).forEach(r -> keys.add(r.key()));
            }
        }
        return keys;
    }

    /** An acks=all producer writing keys 0, 1, 2, ... one at a time on its own thread, until stopped. */
    private static final class Producing implements AutoCloseable {
        private final KafkaProducer<String, String> producer;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong acked = new AtomicLong();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final Thread thread;

        Producing(String bootstrap) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000),
                    new StringSerializer(), new StringSerializer());
            thread = new Thread(this::run, "quorum-healing-producer");
        }

        void start() {
            thread.start();
        }

        private void run() {
            long key = 0;
            while (running.get() && failure.get() == null) {
                try {
                    producer.send(new ProducerRecord<>(TOPIC, Long.toString(key), "record " + key)).get(4, TimeUnit.MINUTES);
                    acked.set(++key);
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    failure.set(e);
                }
            }
        }

        long acked() {
            return acked.get();
        }

        Exception failure() {
            return failure.get();
        }

        /** Stops after the send in progress; the number of records acknowledged. */
        long stop() throws InterruptedException {
            running.set(false);
            thread.join(TimeUnit.MINUTES.toMillis(5));
            return acked.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(TimeUnit.MINUTES.toMillis(5));
            producer.close(Duration.ofSeconds(10));
        }
    }
}

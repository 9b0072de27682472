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
import java.util.Optional;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A KRaft quorum that heals, on local clusters whose agents offer only stock ports (31000-32000). Three combined nodes
 * form a dynamic quorum; the agent of a controller is lost for good (cut off, its Kafka process killed), and after
 * {@code broker replace} the controller runs on a spare agent with new storage and the quorum has 3 caught-up voters
 * again; then another controller is replaced with a scheduler restart in the middle of the change, which the new
 * scheduler finishes; then a third is replaced by the scheduler itself, its agent lost longer than
 * {@code --replace-lost-controllers-after}. And three dedicated controllers with three broker-only nodes start, the
 * quorum grows to 5 voters and shrinks back to 3. An acks=all producer writes throughout each: no send fails, and every
 * acknowledged record is read back.
 */
@Tag("long") // minutes on two cores: run by mvn verify -P long-tests, which .ci/run runs
class QuorumHealingIT {

    private static final String TOPIC = "through-quorum-changes";
    private static final Duration HEAL = Duration.ofMinutes(4);
    private static final Duration AUTOMATIC_AFTER = Duration.ofSeconds(15);

    /** How the controller whose agent is lost is replaced. */
    private enum Replacement {
        /** {@code broker replace}. */
        COMMAND,
        /** {@code broker replace}, and a scheduler restart once the new node has joined, before it is a voter. */
        COMMAND_AND_SCHEDULER_RESTART,
        /** By the scheduler, {@link #AUTOMATIC_AFTER} after the loss. */
        AUTOMATIC
    }

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
        scheduler = LocalScheduler.startOnStockPorts(dir, 6, 18, config -> config.storage(storage).controllers(3));
        Cli add = scheduler.cli("broker", "add", "0..2", "--cpus", "1", "--mem", "1024", "--heap", "256", "--failover-delay", "5s");
        assertThat(add.exitCode()).as(add.err()).isZero();
        Cli start = scheduler.cli("broker", "start", "*", "--timeout", "3m");
        assertThat(start.exitCode()).as(start.err()).isZero();
        String bootstrap = BrokerTable.bootstrapServers(scheduler.brokers("*"));

        try (Producing producing = new Producing(bootstrap)) {
            createTopic();
            try (Admin admin = admin()) {
                QuorumInfo before = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS);
                assertThat(before.voters()).extracting(QuorumInfo.ReplicaState::replicaId).containsExactlyInAnyOrder(0, 1, 2);
            }
            producing.start();
            await().atMost(Duration.ofMinutes(1)).until(() -> producing.acked() > 100);

            Duration replaced = loseAndReplace(1, Replacement.COMMAND);
            System.out.println("[quorum-healing] broker replace of controller 1 to 3 caught-up voters: " + replaced.toMillis() + " ms");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scheduler.cli("status").out())
                    .contains("3 of 3 brokers running").containsPattern("quorum voters: 0:\\S+, 1:\\S+, 2:\\S+; done since")
                    .contains(": the voters are the controllers 0, 1, 2"));
            assertThat(scheduler.cli("broker", "explain").out()).contains("quorum voters: done since");

            Duration acrossRestart = loseAndReplace(2, Replacement.COMMAND_AND_SCHEDULER_RESTART);
            System.out.println("[quorum-healing] broker replace of controller 2, a scheduler restart in the middle, to 3"
                    + " caught-up voters: " + acrossRestart.toMillis() + " ms");

            scheduler.restartScheduler(config -> config.replaceLostControllersAfter(Optional.of(AUTOMATIC_AFTER)));
            await().atMost(Duration.ofMinutes(2)).until(() -> scheduler.brokers("*").findValues("state").stream()
                    .allMatch(state -> state.asText().equals("running")));
            Duration automatic = loseAndReplace(0, Replacement.AUTOMATIC);
            System.out.println("[quorum-healing] agent of controller 0 lost, replaced automatically after "
                    + AUTOMATIC_AFTER.toSeconds() + " s, to 3 caught-up voters: " + automatic.toMillis() + " ms");

            long acked = producing.stop();
            assertThat(producing.failure()).as("a send that failed beyond its retries").isNull();
            assertThat(acked).isGreaterThan(100);
            assertThat(consumedKeys(BrokerTable.bootstrapServers(scheduler.brokers("*")), acked)).as("every acknowledged record")
                    .hasSize((int) acked);
        }
    }

    @Test
    void threeDedicatedControllersAndThreeBrokers_startOnStockPorts_andTheQuorumGrowsTo5AndShrinksBackTo3_whileAProducerWrites()
            throws Exception {
        Storage storage = Storage.parse("file:" + dir.resolve("state"));
        scheduler = LocalScheduler.startOnStockPorts(dir, 5, 19, config -> config.storage(storage).controllers(3));
        Cli brokers = scheduler.cli("broker", "add", "0..2", "--role", "broker", "--cpus", "1", "--mem", "1024", "--heap", "256");
        assertThat(brokers.exitCode()).as(brokers.err()).isZero();
        Cli controllers = scheduler.cli("broker", "add", "10..12", "--role", "controller", "--cpus", "0.5", "--mem", "640", "--heap",
                "256", "--disk", "512");
        assertThat(controllers.exitCode()).as(controllers.err()).isZero();
        Cli start = scheduler.cli("broker", "start", "*", "--timeout", "3m");
        assertThat(start.exitCode()).as(start.out() + start.err()).isZero();
        JsonNode running = scheduler.brokers("*");
        assertThat(running).extracting(b -> b.path("id").asInt() + " " + b.path("role").asText() + " " + b.path("state").asText())
                .containsExactly("0 broker running", "1 broker running", "2 broker running", "10 controller running",
                        "11 controller running", "12 controller running");
        assertThat(running).allSatisfy(b -> assertThat(b.path("task").path("ports")).extracting(JsonNode::asInt)
                .allSatisfy(port -> assertThat(port).isBetween(31000, 32000)));
        assertThat(running).filteredOn(b -> b.path("role").asText().equals("controller"))
                .allSatisfy(b -> assertThat(b.path("task").path("endpoint").isNull()).as("no broker listener").isTrue());
        assertThat(caughtUpVoters(Set.of(10, 11, 12))).isTrue();
        String bootstrap = BrokerTable.bootstrapServers(running);
        assertThat(bootstrap.split(",")).hasSize(3);
        try (Producing producing = new Producing(bootstrap)) {
            createTopic();
            producing.start();
            Cli even = scheduler.cli("controllers", "4");
            assertThat(even.exitCode()).isEqualTo(BrokerCli.EXIT_REFUSED);
            assertThat(even.err()).contains("controllers must be an odd number >= 1 (a quorum needs a majority), got 4");

            Instant grow = Instant.now();
            Cli five = scheduler.cli("controllers", "5");
            assertThat(five.exitCode()).as(five.err()).isZero();
            assertThat(five.out()).contains("5 controllers: 10, 11, 12; 2 more: the next brokers started that never ran");
            Cli more = scheduler.cli("broker", "add", "13..14", "--role", "controller", "--cpus", "0.5", "--mem", "640", "--heap", "256",
                    "--disk", "512");
            assertThat(more.exitCode()).as(more.err()).isZero();
            Cli started = scheduler.cli("broker", "start", "13..14", "--timeout", "3m");
            assertThat(started.exitCode()).as(started.out() + started.err()).isZero();
            await().alias("5 caught-up voters").atMost(HEAL).pollInterval(Duration.ofMillis(500))
                    .until(() -> caughtUpVoters(Set.of(10, 11, 12, 13, 14)));
            System.out.println("[quorum-healing] controllers 5 to 5 caught-up voters: " + Duration.between(grow, Instant.now()).toMillis()
                    + " ms");

            Instant shrink = Instant.now();
            Cli three = scheduler.cli("controllers", "3");
            assertThat(three.exitCode()).as(three.err()).isZero();
            await().alias("3 caught-up voters").atMost(HEAL).pollInterval(Duration.ofMillis(500))
                    .until(() -> caughtUpVoters(Set.of(10, 11, 12)));
            System.out.println("[quorum-healing] controllers 3 to 3 caught-up voters: "
                    + Duration.between(shrink, Instant.now()).toMillis() + " ms");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scheduler.cli("broker", "explain", "13").out())
                    .as("left out of the quorum, it keeps running until it is stopped and removed")
                    .containsPattern("broker 13 \\(active\\): running on .*\nquorum voters: done since .*: the voters are the"
                            + " controllers 10, 11, 12"));

            long acked = producing.stop();
            assertThat(producing.failure()).as("a send that failed beyond its retries").isNull();
            assertThat(consumedKeys(BrokerTable.bootstrapServers(scheduler.brokers("*")), acked)).hasSize((int) acked);
        }
        Cli stop = scheduler.cli("broker", "stop", "13..14", "--timeout", "2m");
        assertThat(stop.exitCode()).as(stop.out() + stop.err()).isZero();
        Cli remove = scheduler.cli("broker", "remove", "13..14");
        assertThat(remove.exitCode()).as(remove.out() + remove.err()).isZero();
    }

    /** Whether the quorum's voters are {@code ids}, each within 2 s of the leader's stamp. */
    private boolean caughtUpVoters(Set<Integer> ids) {
        try (Admin admin = admin()) {
            QuorumInfo q = admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS);
            Set<Integer> voters = new HashSet<>();
            q.voters().forEach(v -> voters.add(v.replicaId()));
            return voters.equals(ids) && allCaughtUp(q);
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean allCaughtUp(QuorumInfo q) {
        OptionalLong reference = q.voters().stream().filter(v -> v.replicaId() == q.leaderId()).findFirst()
                .map(QuorumInfo.ReplicaState::lastCaughtUpTimestamp).orElse(OptionalLong.empty());
        return reference.isPresent() && q.voters().stream().allMatch(v -> v.lastCaughtUpTimestamp().isPresent()
                && reference.getAsLong() - v.lastCaughtUpTimestamp().getAsLong() <= 2_000);
    }

    /**
     * Cuts the agent of controller {@code id} off and kills its Kafka process (its host is gone), has it replaced, and
     * waits until the quorum has 3 caught-up voters, {@code id} among them with a new directory id on another agent.
     *
     * @return the time from the replace command (automatically: from the loss) to the healed quorum
     */
    private Duration loseAndReplace(int id, Replacement how) throws Exception {
        JsonNode victim = scheduler.brokers(Integer.toString(id)).get(0);
        String agent = victim.path("task").path("agentId").asText();
        String task = victim.path("task").path("id").asText();
        String oldDirectory = voter(id).replicaDirectoryId().toString();
        Instant lost = Instant.now();
        scheduler.local().loseAgent(agent);
        scheduler.local().process(task).ifPresent(ProcessHandle::destroyForcibly);
        if (how == Replacement.AUTOMATIC) {
            await().alias("3 caught-up voters, " + id + " replaced automatically").atMost(HEAL).pollInterval(Duration.ofMillis(500))
                    .until(() -> healed(id, oldDirectory));
            assertThat(scheduler.brokers(Integer.toString(id)).get(0).path("task").path("agentId").asText()).isNotEqualTo(agent);
            return Duration.between(lost, Instant.now());
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> scheduler.brokers(Integer.toString(id)).get(0).path("task").isNull());

        Instant replace = Instant.now();
        Cli replaced = scheduler.cli("broker", "replace", Integer.toString(id));
        assertThat(replaced.exitCode()).as(replaced.out() + replaced.err()).isZero();
        if (how == Replacement.COMMAND_AND_SCHEDULER_RESTART) {
            await().atMost(HEAL).until(() -> observerWithNewStorage(id, oldDirectory));
            scheduler.restartScheduler();
        }
        await().alias("3 caught-up voters, " + id + " with new storage").atMost(HEAL).pollInterval(Duration.ofMillis(500))
                .until(() -> healed(id, oldDirectory));
        Duration took = Duration.between(replace, Instant.now());
        JsonNode now = scheduler.brokers(Integer.toString(id)).get(0);
        assertThat(now.path("state").asText()).isEqualTo("running");
        assertThat(now.path("task").path("agentId").asText()).as("on another agent").isNotEqualTo(agent);
        return took;
    }

    /** The topic the producer writes: 3 partitions of 3 replicas, min.insync.replicas 2, so acks=all needs 2 in sync. */
    private void createTopic() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all().get(1, TimeUnit.MINUTES);
        }
    }

    /** An Admin client of the brokers running now: every original one may be gone by the end. */
    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BrokerTable.bootstrapServers(scheduler.brokers("*"))));
    }

    private QuorumInfo.ReplicaState voter(int id) throws Exception {
        try (Admin admin = admin()) {
            return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).voters().stream()
                    .filter(v -> v.replicaId() == id).findFirst().orElseThrow();
        }
    }

    private boolean observerWithNewStorage(int id, String oldDirectory) {
        try (Admin admin = admin()) {
            QuorumInfo q = admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS);
            return q.observers().stream().anyMatch(o -> o.replicaId() == id && !o.replicaDirectoryId().toString().equals(oldDirectory))
                    || q.voters().stream().anyMatch(v -> v.replicaId() == id && !v.replicaDirectoryId().toString().equals(oldDirectory));
        } catch (Exception e) {
            return false;
        }
    }

    /** 3 voters 0, 1, 2, {@code id} with a directory id other than {@code oldDirectory}, each within 2 s of the leader. */
    private boolean healed(int id, String oldDirectory) {
        QuorumInfo q;
        try (Admin admin = admin()) {
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
        return allCaughtUp(q);
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

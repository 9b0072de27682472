package org.kafkamesos.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler under faults, with real brokers: 4 brokers (3 of them the controllers) on a local Mesos cluster of 4
 * agents, the scheduler on a file store, a producer writing with {@code acks=all} to a topic of replication factor 3
 * and {@code min.insync.replicas=2} all along, and faults from a seeded schedule, one at a time, each followed by the
 * wait for the cluster to heal (every broker running, every partition's replicas in sync):
 *
 * <ul>
 *   <li>{@code KILL}: SIGKILL of a broker's Kafka process;</li>
 *   <li>{@code RESTART}: {@code broker restart} through the API;</li>
 *   <li>{@code SCHEDULER}: the scheduler stops and a new one starts on its file store;</li>
 *   <li>{@code AGENT}: a broker's agent is cut off from the master for a while, then returns;</li>
 *   <li>{@code STORE}: the store's folder disappears (an unmounted disk) while a broker fails, so that the scheduler's
 *       write fails and it stops acting; the folder comes back and a new scheduler recovers from it, as a supervisor
 *       restarts a scheduler whose health fails.</li>
 * </ul>
 *
 * At the end every acknowledged record is read back, no broker ever ran two Kafka processes at once (watched all
 * along), no offer is left outstanding, and no Kafka process is left once the cluster is closed. The seed is
 * {@code -Dsoak.seed} (default fixed), the number of faults {@code -Dsoak.faults} (default 10: each kind once, in a
 * seeded order, then seeded picks); the figures go to the test's
 * output and to {@code target/fault-soak.txt}.
 */
@Tag("long") // minutes on two cores: run by mvn verify -P long-tests, which .ci/run runs
class FaultSoakIT {

    enum Fault { KILL, RESTART, SCHEDULER, AGENT, STORE }

    private static final long SEED = Long.getLong("soak.seed", 20261207L);
    private static final int FAULTS = Integer.getInteger("soak.faults", 10);
    private static final String TOPIC = "soak";
    private static final int BROKERS = 4;
    private static final Duration HEAL = Duration.ofMinutes(4);
    private static final Pattern EXECUTOR = Pattern.compile("/executors/[^/]*?-(\\d+)-[0-9a-fA-F-]{36}/runs/");

    @TempDir
    Path dir;
    private LocalScheduler scheduler;
    private final AtomicBoolean watching = new AtomicBoolean(true);
    /** Broker ids seen with two Kafka processes at one moment, with the pids. */
    private final Map<Integer, String> ranTwice = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        watching.set(false);
        if (scheduler != null) {
            scheduler.close();
        }
    }

    @Test
    void underSeededFaults_everyAcknowledgedRecordIsRead_noBrokerRunsTwice_noOfferIsHeld_noProcessIsLeft() throws Exception {
        Path state = dir.resolve("state");
        Storage storage = Storage.parse("file:" + state);
        scheduler = LocalScheduler.start(dir, BROKERS, 16, config -> config.storage(storage).controllers(3));
        Path mesos = dir.resolve("mesos");
        Thread watcher = watch(mesos);
        Cli add = scheduler.cli("broker", "add", "0.." + (BROKERS - 1), "--cpus", "0.5", "--mem", "1024", "--heap", "256",
                "--disk", "2048", "--failover-delay", "3s", "--failover-max-delay", "20s");
        assertThat(add.exitCode()).as(add.err()).isZero();
        Cli start = scheduler.cli("broker", "start", "*", "--timeout", "4m");
        assertThat(start.exitCode()).as(start.out() + start.err()).isZero();
        String bootstrap = BrokerTable.bootstrapServers(scheduler.brokers("*"));
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all().get(1, TimeUnit.MINUTES);
        }

        Producing producing = new Producing(bootstrap);
        Random random = new Random(SEED);
        Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
        List<String> schedule = new ArrayList<>();
        // every kind once, in a seeded order, then seeded picks
        List<Fault> faults = new ArrayList<>(List.of(Fault.values()));
        java.util.Collections.shuffle(faults, random);
        while (faults.size() < FAULTS) {
            faults.add(Fault.values()[random.nextInt(Fault.values().length)]);
        }
        for (int i = 0; i < faults.size(); i++) {
            awaitHealed(bootstrap, "before fault " + (i + 1));
            Fault fault = faults.get(i);
            int broker = random.nextInt(BROKERS);
            schedule.add(fault + " " + broker);
            inject(fault, broker, state);
            injected.merge(fault, 1, Integer::sum);
        }
        awaitHealed(bootstrap, "after the last fault");
        producing.stop();

        Set<Long> read = readAll(bootstrap);
        Set<Long> lost = new HashSet<>(producing.acknowledged);
        lost.removeAll(read);
        await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.local().outstandingOffers().isEmpty());
        String report = "fault soak: seed " + SEED + ", faults " + injected + " (" + String.join(", ", schedule) + "), records sent "
                + producing.sent.get() + ", acknowledged " + producing.acknowledged.size() + ", not acknowledged "
                + producing.failed.get() + ", lost " + lost.size() + ", brokers that ran twice " + ranTwice;
        System.out.println(report);
        Files.writeString(Path.of("target", "fault-soak.txt"), report + "\n");

        assertThat(producing.acknowledged).as("records acknowledged while the faults went on").hasSizeGreaterThan(1000);
        assertThat(lost).as("acknowledged records not read back").isEmpty();
        assertThat(ranTwice).as("brokers seen with two Kafka processes at once").isEmpty();
        scheduler.close();
        scheduler = null;
        watching.set(false);
        watcher.join();
        assertThat(kafkaProcesses(mesos)).as("Kafka processes left once the cluster is closed").isEmpty();
    }

    private void inject(Fault fault, int broker, Path state) throws Exception {
        JsonNode b = scheduler.brokers(Integer.toString(broker)).get(0);
        String taskId = b.path("task").path("id").asText();
        switch (fault) {
            case KILL -> scheduler.local().process(taskId).orElseThrow().destroyForcibly();
            case RESTART -> scheduler.post("api/broker/restart", Map.of("broker", Integer.toString(broker), "timeout", "4m"),
                    Duration.ofMinutes(5));
            case SCHEDULER -> scheduler.restartScheduler();
            case AGENT -> {
                String agent = b.path("task").path("agentId").asText();
                scheduler.local().loseAgent(agent);
                // the partition lasts a while: what the scheduler hears meanwhile is the fault
                TimeUnit.SECONDS.sleep(15);
                scheduler.local().restoreAgent(agent);
            }
            case STORE -> {
                Path away = state.resolveSibling("state-away");
                Files.move(state, away);
                scheduler.local().process(taskId).orElseThrow().destroyForcibly();
                await().atMost(Duration.ofMinutes(1)).until(() -> !healthy());
                Files.move(away, state);
                scheduler.restartScheduler();
            }
            default -> throw new AssertionError(fault);
        }
    }

    private boolean healthy() {
        try {
            return new ApiClient(scheduler.scheduler().apiUri()).post("health", Map.of(), Duration.ofSeconds(5)).path("status").asText().equals("ok");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Waits until every broker runs and every partition of the topic has its 3 replicas in sync. */
    private void awaitHealed(String bootstrap, String when) {
        await().alias("the cluster heals " + when).atMost(HEAL).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JsonNode brokers = scheduler.brokers("*");
            for (JsonNode b : brokers) {
                if (!b.path("state").asText().equals("running")) {
                    return false;
                }
            }
            try (Admin admin = admin(bootstrap)) {
                TopicDescription d = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC);
                return d.partitions().stream().allMatch(p -> p.isr().size() == 3);
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** Watches the Kafka nodes of the cluster under {@code mesos} every 100 ms, noting any broker with two at once. */
    private Thread watch(Path mesos) {
        Thread t = new Thread(() -> {
            while (watching.get()) {
                Map<Integer, List<Long>> byBroker = new ConcurrentHashMap<>();
                for (ProcessHandle p : kafkaProcesses(mesos)) {
                    Matcher m = EXECUTOR.matcher(p.info().commandLine().orElse(""));
                    if (m.find()) {
                        byBroker.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new ArrayList<>()).add(p.pid());
                    }
                }
                byBroker.forEach((broker, pids) -> {
                    if (pids.size() > 1) {
                        ranTwice.put(broker, pids.toString());
                    }
                });
                try {
                    TimeUnit.MILLISECONDS.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "soak-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The live Kafka nodes (not the storage tool) whose sandbox is under {@code mesos}. */
    private static List<ProcessHandle> kafkaProcesses(Path mesos) {
        String marker = "-Dkafka.logs.dir=" + mesos.toAbsolutePath();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(p -> p.info().commandLine()
                .map(c -> c.contains(marker) && c.contains(" kafka.Kafka ")).orElse(false)).toList();
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000"));
    }

    /** Every value of the topic, read from the beginning of every partition to its end. */
    private static Set<Long> readAll(String bootstrap) {
        Set<Long> values = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofMinutes(1)).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofMinutes(1));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofMinutes(1)) < end.get(p))) {
                assertThat(System.nanoTime()).as("the topic is read to its end within 3 minutes").isLessThan(deadline);
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                    values.add(Long.parseLong(r.value()));
                }
            }
        }
        return values;
    }

    /** A producer writing sequence numbers with acks=all from its own thread until stopped, noting what was acknowledged. */
    private static final class Producing {
        final Set<Long> acknowledged = new ConcurrentSkipListSet<>();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Producing(String bootstrap) {
            thread = new Thread(() -> {
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000",
                        ProducerConfig.LINGER_MS_CONFIG, "5"), new StringSerializer(), new StringSerializer())) {
                    for (long seq = 0; running.get(); seq++) {
                        long value = seq;
                        producer.send(new ProducerRecord<>(TOPIC, Long.toString(value % 64), Long.toString(value)), (meta, e) -> {
                            if (e == null) {
                                acknowledged.add(value);
                            } else {
                                failed.incrementAndGet();
                            }
                        });
                        sent.incrementAndGet();
                        // a steady rate, about 200 records a second: the producer's pace, not a wait for a condition
                        TimeUnit.MILLISECONDS.sleep(5);
                    }
                    producer.flush();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "soak-producer");
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(TimeUnit.MINUTES.toMillis(3));
        }
    }
}

package org.kafkamesos.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.kafkamesos.core.KafkaCluster;
import org.kafkamesos.core.local.KafkaOnLocalMesos;
import org.kafkamesos.core.local.LocalAgent;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.CommandRejectedException;
import org.kafkamesos.core.model.PortPolicy;
import org.kafkamesos.core.model.TaskPhase;

/**
 * Topics, the restart gate and a rolling restart against a real 3-node KRaft cluster (every node broker and
 * controller) that the orchestrator runs on a 3-agent local Mesos cluster, from the distribution the executor module
 * assembles ({@code kafka.dist}). The cluster is started once and shared; the tests run in order, each leaving every
 * broker running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaOperationsIT {

    private static final Duration KAFKA_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(20);

    private KafkaOnLocalMesos kafka;
    private KafkaCluster cluster;
    private Admin admin;
    private KafkaTopics topics;
    private RestartSnapshotSource snapshots;
    private ScheduledExecutorService scheduler;

    @BeforeAll
    void startCluster(@TempDir Path workDir) {
        kafka = KafkaOnLocalMesos.builder(workDir)
                // Addresses of their own, so that other local clusters on this machine (on 127.0.0.1..3) keep their ports
                .agents(local -> {
                    for (int i = 1; i <= 3; i++) {
                        local.agent(LocalAgent.builder("agent-" + i, "127.0.0." + (40 + i)).attribute("rack", "r" + i).build());
                    }
                    return local;
                })
                .cluster(c -> c.controllers(3).tick(Duration.ofSeconds(1)))
                // A fixed listener port: a restarted broker keeps its endpoint (stickiness keeps its host)
                .brokers("0..2", BrokerSpec.builder().cpus(1).memMb(1536).heapMb(384).port(new PortPolicy.Fixed(9092)).build())
                .startTimeout(KAFKA_TIMEOUT)
                .start();
        cluster = kafka.cluster();
        String bootstrap = kafka.bootstrapServers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
        topics = KafkaTopics.over(admin, ADMIN_TIMEOUT);
        snapshots = RestartSnapshotSource.over(admin, ADMIN_TIMEOUT);
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    void stopCluster() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void topics_addOnABrokerSubset_placesEveryReplicaThere() {
        topics.add(TopicSpec.of("ops-pair", 4, 2).withConfigs(Map.of("retention.ms", "3600000")).onBrokers(new TreeSet<>(Set.of(0, 1))));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(topics.list())
                .contains(new TopicInfo("ops-pair", 4, 2, Map.of("retention.ms", "3600000"))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(topics.partitions(Optional.of("ops-pair")))
                .hasSize(4)
                .allSatisfy(p -> {
                    assertThat(p.replicas()).hasSize(2).allMatch(id -> id == 0 || id == 1);
                    assertThat(p.underReplicated()).isFalse();
                    assertThat(p.minIsr()).isEqualTo(1);
                }));
        assertRejected(() -> topics.add(TopicSpec.of("ops-lost", 1, 2).onBrokers(new TreeSet<>(Set.of(0, 7)))),
                CommandRejectedException.Kind.UNKNOWN_BROKER, "[7]");
        topics.delete("ops-pair");
    }

    @Test
    @Order(2)
    void topics_addListUpdatePartitionsDelete_andKafkasRefusalsAsRejections() {
        topics.add(TopicSpec.of("ops-one", 4, 1).withConfigs(Map.of("retention.ms", "3600000")));
        topics.add(TopicSpec.of("ops-all", 2, 3).withConfigs(Map.of("min.insync.replicas", "2")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(topics.list()).contains(
                new TopicInfo("ops-one", 4, 1, Map.of("retention.ms", "3600000")),
                new TopicInfo("ops-all", 2, 3, Map.of("min.insync.replicas", "2"))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(topics.partitions(Optional.of("ops-one")))
                .extracting(PartitionState::partition, PartitionState::minIsr, p -> p.replicas().size(), PartitionState::underReplicated)
                .containsExactly(tuple(0, 1, 1, false), tuple(1, 1, 1, false), tuple(2, 1, 1, false), tuple(3, 1, 1, false)));
        assertThat(topics.partitions(Optional.of("ops-all"))).extracting(PartitionState::minIsr).containsOnly(2);

        topics.updateConfigs("ops-all", Map.of("retention.ms", "60000"), Set.of("min.insync.replicas"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(topics.list())
                .contains(new TopicInfo("ops-all", 2, 3, Map.of("retention.ms", "60000"))));
        assertThat(topics.partitions(Optional.of("ops-all"))).extracting(PartitionState::minIsr).containsOnly(1);

        assertRejected(() -> topics.add(TopicSpec.of("ops-all", 1, 1)), CommandRejectedException.Kind.CONFLICT, "ops-all");
        assertRejected(() -> topics.add(TopicSpec.of("ops-wide", 1, 4)), CommandRejectedException.Kind.INVALID, "ops-wide");
        assertRejected(() -> topics.add(TopicSpec.of("ops-bad", 1, 1).withConfigs(Map.of("min.insync.replicas", "many"))),
                CommandRejectedException.Kind.INVALID, "ops-bad");
        assertRejected(() -> topics.partitions(Optional.of("ops-none")), CommandRejectedException.Kind.UNKNOWN, "ops-none");
        assertRejected(() -> topics.updateConfigs("ops-none", Map.of("retention.ms", "1"), Set.of()),
                CommandRejectedException.Kind.UNKNOWN, "ops-none");
        assertRejected(() -> topics.updateConfigs("ops-all", Map.of("no.such.config", "1"), Set.of()),
                CommandRejectedException.Kind.INVALID, "ops-all");

        topics.delete("ops-one");
        topics.delete("ops-all");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(topics.list()).extracting(TopicInfo::name)
                .doesNotContain("ops-one", "ops-all"));
        assertRejected(() -> topics.delete("ops-one"), CommandRejectedException.Kind.UNKNOWN, "ops-one");
    }

    @Test
    @Order(3)
    void gate_brokerInAnIsrAtMinIsr_isRefusedNamingThePartitions_andARollingRestartStopsThere() {
        topics.add(TopicSpec.of("gated", 3, 3).withConfigs(Map.of("min.insync.replicas", "2")));
        awaitFullIsr("gated");

        cluster.stop("0").join();
        try {
            refusesBrokerOneWhileBrokerZeroIsDown();
        } finally {
            cluster.start("0").join();
            cluster.await("0", b -> b.phase() == TaskPhase.RUNNING, KAFKA_TIMEOUT).join();
        }
        awaitFullIsr("gated");
        await().atMost(Duration.ofSeconds(60)).until(() -> RestartGate.check(1, snapshots.read()).allowed());
        topics.delete("gated");
    }

    private void refusesBrokerOneWhileBrokerZeroIsDown() {
        cluster.await("0", b -> b.phase() == TaskPhase.NONE, KAFKA_TIMEOUT).join();
        await().atMost(Duration.ofSeconds(60)).until(() -> isrSizes("gated").equals(Set.of(2)));
        // the leader's stamp of a voter that just stopped stays within the max lag for up to that long
        await().atMost(Duration.ofSeconds(30)).until(() -> !snapshots.read().quorum().caughtUp().contains(0));

        RestartDecision decision = RestartGate.check(1, snapshots.read());
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.describe()).contains(
                "partition gated-0 has ISR [1, 2] = min.insync.replicas 2 with broker 1 in it",
                "partition gated-1 has ISR [1, 2] = min.insync.replicas 2 with broker 1 in it",
                "partition gated-2 has ISR [1, 2] = min.insync.replicas 2 with broker 1 in it");
        // broker 0, a voter, is down: restarting controller 1 too would leave one voter of three
        assertThat(decision.blockers()).anyMatch(b -> b instanceof RestartDecision.QuorumBlocker);

        RollingRestartHandle run = RollingRestart.builder().cluster(cluster).snapshots(snapshots).scheduler(scheduler)
                .pollInterval(Duration.ofMillis(500)).gateTimeout(Duration.ofSeconds(3)).build()
                .start(List.of(1));
        RollingRestartStatus outcome = run.outcome().join();
        assertThat(outcome.state()).isEqualTo(RollingRestartStatus.State.FAILED);
        assertThat(outcome.brokers()).containsEntry(1, RollingRestartStatus.BrokerStep.WAITING_FOR_GATE);
        assertThat(outcome.reason().orElseThrow()).startsWith("broker 1 not restarted: partition gated-0 has ISR [1, 2] = "
                + "min.insync.replicas 2 with broker 1 in it").endsWith("; waited 3s");
        assertThatThrownBy(() -> RollingRestart.builder().cluster(cluster).snapshots(snapshots).scheduler(scheduler).build()
                .start(List.of(0)))
                .isInstanceOfSatisfying(CommandRejectedException.class, e -> assertThat(e.kind())
                        .isEqualTo(CommandRejectedException.Kind.CONFLICT));
    }

    @Test
    @Order(4)
    void rollingRestart_ofEveryBroker_underAnAcksAllProducer_losesNoWrite() throws Exception {
        topics.add(TopicSpec.of("rolling", 3, 3).withConfigs(Map.of("min.insync.replicas", "2")));
        awaitFullIsr("rolling");
        Map<Integer, String> tasksBefore = taskIds();

        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        AtomicLong acknowledged = new AtomicLong();
        ConcurrentLinkedQueue<Exception> errors = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> belowMinIsr = new ConcurrentLinkedQueue<>();
        ExecutorService background = Executors.newSingleThreadExecutor();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        try {
            Future<?> producer = background.submit(() -> produce(producing, sent, acknowledged, errors));
            watcher.scheduleWithFixedDelay(() -> checkIsr(belowMinIsr), 0, 100, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.get() > 0);

            long began = System.nanoTime();
            RollingRestartHandle run = RollingRestart.builder().cluster(cluster).snapshots(snapshots).scheduler(scheduler)
                    .pollInterval(Duration.ofMillis(500)).build()
                    .start(List.of(0, 1, 2));
            RollingRestartStatus outcome = run.outcome().get(3, TimeUnit.MINUTES);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);

            producing.set(false);
            producer.get(2, TimeUnit.MINUTES);
            watcher.shutdown();
            assertThat(watcher.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
            assertThat(outcome.state()).as("%s after %ds", outcome.reason(), seconds).isEqualTo(RollingRestartStatus.State.DONE);
            assertThat(outcome.brokers().values()).containsOnly(RollingRestartStatus.BrokerStep.DONE);
            assertThat(run.status()).isEqualTo(outcome);
            assertThat(taskIds()).allSatisfy((id, task) -> assertThat(task).isNotEqualTo(tasksBefore.get(id)));
            assertThat(errors).as("errors the producer's callbacks saw").isEmpty();
            assertThat(acknowledged.get()).isEqualTo(sent.get()).isPositive();
            assertThat(belowMinIsr).as("partitions seen below min.insync.replicas").isEmpty();
        } finally {
            producing.set(false);
            background.shutdownNow();
            watcher.shutdownNow();
        }
    }

    /** Sends records with acks=all in batches of 20, each flushed, until {@code producing} turns false. */
    private void produce(AtomicBoolean producing, AtomicLong sent, AtomicLong acknowledged, ConcurrentLinkedQueue<Exception> errors) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, admin.describeCluster().nodes().get().stream()
                        .map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(",")),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            long n = 0;
            while (producing.get()) {
                for (int i = 0; i < 20; i++, n++) {
                    sent.incrementAndGet();
                    producer.send(new ProducerRecord<>("rolling", Long.toString(n), "record " + n), (metadata, e) -> {
                        if (e == null) {
                            acknowledged.incrementAndGet();
                        } else {
                            errors.add(e);
                        }
                    });
                }
                producer.flush();
            }
        } catch (Exception e) {
            errors.add(e);
        }
    }

    /** Records a partition of {@code rolling} seen with an ISR below min.insync.replicas; one look. */
    private void checkIsr(ConcurrentLinkedQueue<String> below) {
        try {
            for (PartitionState p : topics.partitions(Optional.of("rolling"))) {
                if (p.underMinIsr()) {
                    below.add(p.name() + " ISR " + p.isr());
                }
            }
        } catch (RuntimeException e) {
            // a broker restarting may fail one look; the next one counts
        }
    }

    private Map<Integer, String> taskIds() {
        Map<Integer, String> ids = new java.util.TreeMap<>();
        cluster.list().join().forEach((id, b) -> ids.put(id, b.task().map(t -> t.taskId()).orElse("")));
        return ids;
    }

    private Set<Integer> isrSizes(String topic) {
        return topics.partitions(Optional.of(topic)).stream().map(p -> p.isr().size()).collect(Collectors.toSet());
    }

    private void awaitFullIsr(String topic) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> topics.partitions(Optional.of(topic)).stream().noneMatch(PartitionState::underReplicated));
    }

    private static void assertRejected(Runnable call, CommandRejectedException.Kind kind, String mentioned) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CommandRejectedException.class, e -> {
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(mentioned);
        });
    }
}

package org.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One combined broker+controller node, run by the executor runtime through a whole life: launch, serve,
 * graceful kill, relaunch on the same data, and a kill -9 of the Kafka process. The steps share the node
 * (and run in order) because starting Kafka is what costs time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SingleNodeIT {

    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final String TOPIC = "records";
    private static final int RECORDS = 1000;

    /** Static, so that one folder serves every step: JUnit makes a new one per test method for instance fields. */
    @TempDir
    static Path sandbox;

    private final RecordingSink sink = new RecordingSink();
    /** For each RUNNING update: whether a fresh Admin client saw the broker at that moment. */
    private final Map<String, Boolean> servingWhenRunningReported = new ConcurrentHashMap<>();
    private ExecutorRuntime runtime;
    private LaunchSpec spec;
    private String bootstrap;

    @BeforeAll
    void startRuntime() {
        List<Integer> ports = KafkaNodes.freePorts(2);
        spec = KafkaNodes.singleNode(1, LaunchSpec.randomClusterId(), ports.get(0), ports.get(1)).build();
        bootstrap = KafkaNodes.HOST + ":" + ports.get(0);
        runtime = ExecutorRuntime.builder().statusSink(sink).killGrace(GRACE).build();
        sink.onUpdate(status -> {
            if (status.state() == TaskState.RUNNING) {
                servingWhenRunningReported.put(status.taskId(), brokerListed());
            }
        });
    }

    @AfterAll
    void stopRuntime() {
        runtime.close();
        KafkaNodes.assertNoKafkaProcessLeft();
    }

    @Test
    @Order(1)
    void launch_reportsRunningOnlyOnceTheBrokerIsRegisteredAndUnfenced() throws Exception {
        runtime.launch("task-1", spec.toBytes(), sandbox);

        TaskStatus running = sink.awaitState("task-1", TaskState.RUNNING, START);

        assertThat(sink.states("task-1")).containsExactly(TaskState.STARTING, TaskState.RUNNING);
        assertThat(servingWhenRunningReported).containsEntry("task-1", true);
        assertThat(running.healthy()).isTrue();
        assertThat(running.message()).contains("broker 1 is registered and unfenced");
        assertThat(KafkaNodes.metaProperties(sandbox.resolve("kafka-logs")).getProperty("cluster.id"))
                .isEqualTo(spec.clusterId());
    }

    @Test
    @Order(2)
    void runningNode_servesProduceAndConsumeOf1000Records() throws Exception {
        try (Admin admin = KafkaNodes.admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
        }
        KafkaNodes.produce(bootstrap, TOPIC, "v", RECORDS);

        assertThat(KafkaNodes.consumeAll(bootstrap, TOPIC, RECORDS)).isEqualTo(KafkaNodes.values("v", RECORDS));
    }

    @Test
    @Order(3)
    void kill_stopsKafkaGracefullyWithinTheGracePeriod_andReportsKilled() {
        ProcessHandle kafka = runtime.process("task-1").orElseThrow();
        long started = System.nanoTime();

        runtime.kill("task-1");
        TaskStatus killed = sink.awaitState("task-1", TaskState.KILLED, GRACE.plusSeconds(10));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(sink.states("task-1")).containsExactly(TaskState.STARTING, TaskState.RUNNING, TaskState.KILLING,
                TaskState.KILLED);
        assertThat(killed.message()).contains("after SIGTERM", "exit status 143").doesNotContain("SIGKILL");
        assertThat(took).isLessThan(GRACE);
        assertThat(kafka.isAlive()).isFalse();
        assertThat(runtime.process("task-1")).isEmpty();
        assertThat(KafkaNodes.kafkaProcesses()).isEmpty();
    }

    @Test
    @Order(4)
    void relaunchOnTheSameDataDirectory_keepsItsStorage_andStillServesThe1000Records() throws Exception {
        Properties formatted = KafkaNodes.metaProperties(sandbox.resolve("kafka-logs"));

        runtime.launch("task-2", spec.toBytes(), sandbox);
        sink.awaitState("task-2", TaskState.RUNNING, START);

        assertThat(servingWhenRunningReported).containsEntry("task-2", true);
        assertThat(KafkaNodes.metaProperties(sandbox.resolve("kafka-logs"))).isEqualTo(formatted);
        assertThat(KafkaNodes.consumeAll(bootstrap, TOPIC, RECORDS)).isEqualTo(KafkaNodes.values("v", RECORDS));
    }

    @Test
    @Order(5)
    void logTail_givesTheLastLinesOfServerLog() {
        String tail = runtime.logTail("task-2", LogFile.SERVER_LOG, 5);

        assertThat(tail.split("\n")).hasSize(5);
        assertThat(runtime.logTail("task-2", LogFile.STDERR, 5)).isEmpty();
    }

    @Test
    @Order(6)
    void killMinus9OfTheKafkaProcess_reportsFailedWithTheExitStatusAndTheLogTail() {
        ProcessHandle kafka = runtime.process("task-2").orElseThrow();

        kafka.destroyForcibly();
        TaskStatus failed = sink.awaitState("task-2", TaskState.FAILED, Duration.ofSeconds(30));

        assertThat(sink.states("task-2")).containsExactly(TaskState.STARTING, TaskState.RUNNING, TaskState.FAILED);
        assertThat(failed.message())
                .startsWith("Kafka exited unexpectedly with status 137 (killed by signal 9, SIGKILL)")
                .contains("--- last 20 lines of server.log ---");
        assertThat(failed.message().lines().count()).isGreaterThan(20);
        assertThat(failed.healthy()).isFalse();
        assertThat(runtime.process("task-2")).isEmpty();
    }

    private boolean brokerListed() {
        try (Admin admin = KafkaNodes.admin(bootstrap)) {
            return admin.describeCluster().nodes().get().stream().map(Node::id).anyMatch(id -> id == spec.nodeId());
        } catch (Exception e) {
            return false;
        }
    }
}

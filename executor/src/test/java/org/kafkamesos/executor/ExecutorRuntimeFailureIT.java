package org.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkamesos.executor.wire.LaunchSpecWire.LaunchSpecMessage;

/**
 * Launches that cannot succeed: each ends in FAILED with a message naming the cause, and leaves no process
 * running. Most are caught before any process starts; a config value Kafka itself refuses is caught by Kafka.
 */
class ExecutorRuntimeFailureIT {

    private static final Duration END = Duration.ofSeconds(90);

    @TempDir
    Path sandbox;

    private final RecordingSink sink = new RecordingSink();
    private ExecutorRuntime runtime;
    private List<Integer> ports;
    private String clusterId;

    @BeforeEach
    void startRuntime() {
        runtime = ExecutorRuntime.builder().statusSink(sink).killGrace(Duration.ofSeconds(10)).build();
        ports = KafkaNodes.freePorts(2);
        clusterId = LaunchSpec.randomClusterId();
    }

    @AfterEach
    void noProcessLeft() {
        runtime.close();
        KafkaNodes.assertNoKafkaProcessLeft();
    }

    private LaunchSpec.Builder node() {
        return KafkaNodes.singleNode(1, clusterId, ports.get(0), ports.get(1));
    }

    @Test
    void missingDistribution_failsNamingTheFolder_andStartsNoProcess() {
        Path nowhere = sandbox.resolve("no-such-kafka");

        runtime.launch("t", node().distribution(nowhere.toString()).build(), sandbox);

        TaskStatus failed = sink.awaitState("t", TaskState.FAILED, END);
        assertThat(sink.states("t")).containsExactly(TaskState.STARTING, TaskState.FAILED);
        assertThat(failed.message()).startsWith("Kafka distribution not found: " + nowhere + " has no libs/ folder");
        assertThat(sandbox.resolve("server.properties")).doesNotExist();
    }

    @Test
    void portAlreadyInUse_failsNamingThePort_andStartsNoProcess() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName(KafkaNodes.HOST), ports.get(0)));

            runtime.launch("t", node().build(), sandbox);

            TaskStatus failed = sink.awaitState("t", TaskState.FAILED, END);
            assertThat(failed.message()).startsWith("broker port " + ports.get(0) + " on 127.0.0.1 is already in use");
        }
        assertThat(sandbox.resolve("kafka-logs")).doesNotExist();
    }

    @Test
    void logDirOfAnotherCluster_failsNamingBothClusters_andLeavesTheDirAlone() throws Exception {
        Path logDir = Files.createDirectories(sandbox.resolve("kafka-logs"));
        String meta = "#\nnode.id=1\ndirectory.id=O2ANYShn1yLDD-ejV6SyOQ\nversion=1\ncluster.id=AAAAAAAAAAAAAAAAAAAAAA\n";
        Files.writeString(logDir.resolve("meta.properties"), meta);

        runtime.launch("t", node().build(), sandbox);

        TaskStatus failed = sink.awaitState("t", TaskState.FAILED, END);
        assertThat(failed.message())
                .startsWith("log dir " + logDir + " belongs to another cluster")
                .contains("cluster.id AAAAAAAAAAAAAAAAAAAAAA", "this node is in cluster " + clusterId, "never reformats");
        assertThat(Files.readString(logDir.resolve("meta.properties"))).isEqualTo(meta);
        assertThat(logDir.resolve("bootstrap.checkpoint")).doesNotExist();
    }

    @Test
    void ownedKeyOverriddenOnTheWire_failsWithTheValidationMessage_andStartsNoProcess() {
        LaunchSpecMessage valid;
        try {
            valid = LaunchSpecMessage.parseFrom(node().build().toBytes());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        byte[] bytes = valid.toBuilder().putOverrides("listeners", "PLAINTEXT://:9092").build().toByteArray();

        runtime.launch("t", bytes, sandbox);

        TaskStatus failed = sink.awaitState("t", TaskState.FAILED, END);
        assertThat(sink.states("t")).containsExactly(TaskState.STARTING, TaskState.FAILED);
        assertThat(failed.message()).startsWith("launch spec is invalid: override of 'listeners' refused");
    }

    @Test
    void overrideKafkaRefuses_onFirstLaunch_failsWithTheStorageToolsReason() {
        runtime.launch("t", node().override("num.network.threads", "many").build(), sandbox);

        TaskStatus failed = sink.awaitState("t", TaskState.FAILED, END);
        assertThat(sink.states("t")).containsExactly(TaskState.STARTING, TaskState.FAILED);
        assertThat(failed.message())
                .startsWith("kafka-storage format failed with exit status 1")
                .contains("Invalid value many for configuration num.network.threads");
        assertThat(sandbox.resolve("kafka-logs").resolve("meta.properties")).doesNotExist();
    }

    @Test
    void overrideKafkaRefuses_onFormattedStorage_failsWithKafkasReasonInTheServerLogTail() throws Exception {
        LaunchSpec valid = node().build();
        Path config = Files.writeString(sandbox.resolve("server.properties"), ServerProperties.render(valid, sandbox));
        KafkaStorage.format(valid, ServerProperties.logDirs(valid, sandbox), config,
                KafkaDistribution.locate(valid.distribution(), sandbox), RuntimeSettings.currentJava(), sandbox,
                END, 1 << 20, p -> { });

        runtime.launch("t", node().override("num.network.threads", "many").build(), sandbox);

        TaskStatus failed = sink.awaitState("t", TaskState.FAILED, END);
        assertThat(sink.states("t")).containsExactly(TaskState.STARTING, TaskState.FAILED);
        assertThat(failed.message())
                .startsWith("Kafka exited with status 1 while starting")
                .contains("--- last 20 lines of server.log ---")
                .contains("Invalid value many for configuration num.network.threads");
        assertThat(runtime.process("t")).isEmpty();
    }

    @Test
    void heapTooSmallForAnOverriddenCleanerBuffer_failsLeadingWithTheOutOfMemoryError() {
        runtime.launch("t", node().heapMb(128).override(ServerProperties.DEDUPE_BUFFER, Long.toString(ServerProperties.KAFKA_DEDUPE_BUFFER))
                .build(), sandbox);

        TaskStatus failed = sink.awaitState("t", TaskState.FAILED, END);
        assertThat(failed.message().lines().findFirst().orElseThrow())
                .startsWith("Kafka exited with status 1 while starting: java.lang.OutOfMemoryError: Java heap space");
        assertThat(runtime.process("t")).isEmpty();
    }

    @Test
    void killWhileKafkaStarts_stopsTheProcess_andReportsKilled() {
        runtime.launch("t", node().build(), sandbox);
        Awaitility.await().atMost(END).until(() -> runtime.process("t").isPresent() || !runtime.activeTasks().contains("t"));
        ProcessHandle kafka = runtime.process("t").orElseThrow();

        runtime.kill("t");

        TaskStatus killed = sink.awaitTerminal("t", END);
        assertThat(killed.state()).isEqualTo(TaskState.KILLED);
        assertThat(sink.states("t")).containsExactly(TaskState.STARTING, TaskState.KILLING, TaskState.KILLED);
        assertThat(killed.message()).contains("after SIGTERM");
        assertThat(kafka.isAlive()).isFalse();
    }

    @Test
    void killBeforeAnyProcess_reportsKilled() {
        runtime.launch("t", node().build(), sandbox);
        runtime.kill("t");

        TaskStatus killed = sink.awaitTerminal("t", END);
        assertThat(killed.state()).isEqualTo(TaskState.KILLED);
        assertThat(sink.states("t")).containsExactly(TaskState.STARTING, TaskState.KILLING, TaskState.KILLED);
    }

    @Test
    void killOfAnUnknownTask_reportsItKilled() {
        runtime.kill("never-launched");

        assertThat(sink.states("never-launched")).containsExactly(TaskState.KILLED);
    }
}

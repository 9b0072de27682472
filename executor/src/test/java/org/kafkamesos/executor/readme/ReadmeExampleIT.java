package org.kafkamesos.executor.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkamesos.executor.ExecutorRuntime;
import org.kafkamesos.executor.LaunchSpec;
import org.kafkamesos.executor.Role;
import org.kafkamesos.executor.TaskState;
import org.kafkamesos.executor.TaskStatus;

/** Runs the README's executor example as written there, with free ports and a temporary sandbox. */
class ReadmeExampleIT {

    @TempDir
    Path sandbox;

    @Test
    void readmeExample_launchesANodeThatGetsRunning_andKillsIt() throws IOException {
        int brokerPort = freePort();
        int controllerPort = freePort();
        String distribution = System.getProperty("kafka.dist", "target/kafka-dist");
        List<TaskStatus> updates = new CopyOnWriteArrayList<>();

        // --- README example begins
        ExecutorRuntime runtime = ExecutorRuntime.builder()
                .statusSink(status -> {
                    updates.add(status);
                    System.out.println(status.taskId() + " " + status.state() + ": " + status.message());
                })
                .build();

        LaunchSpec spec = LaunchSpec.builder(1, LaunchSpec.randomClusterId())
                .roles(Role.BROKER, Role.CONTROLLER)                  // a combined KRaft node
                .advertisedHost("localhost").brokerPort(brokerPort).controllerPort(controllerPort)
                .voter(1, "localhost", controllerPort)                // the static controller quorum
                .heapMb(512)
                .distribution(distribution)                           // a folder with libs/*.jar
                .override("offsets.topic.replication.factor", "1")    // one broker
                .build();

        runtime.launch("broker-1", spec.toBytes(), sandbox);          // STARTING, then RUNNING once it serves
        // ...
        runtime.kill("broker-1");                                     // KILLING, then KILLED (SIGTERM, grace, SIGKILL)
        runtime.close();
        // --- README example ends

        assertThat(updates).extracting(TaskStatus::state).endsWith(TaskState.KILLED);
    }

    @Test
    void readmeExample_nodeGetsRunningBeforeTheKill() throws IOException {
        int brokerPort = freePort();
        int controllerPort = freePort();
        List<TaskStatus> updates = new CopyOnWriteArrayList<>();
        ExecutorRuntime runtime = ExecutorRuntime.builder().statusSink(updates::add).build();
        LaunchSpec spec = LaunchSpec.builder(1, LaunchSpec.randomClusterId())
                .roles(Role.BROKER, Role.CONTROLLER)
                .advertisedHost("localhost").brokerPort(brokerPort).controllerPort(controllerPort)
                .voter(1, "localhost", controllerPort)
                .heapMb(512)
                .distribution(System.getProperty("kafka.dist", "target/kafka-dist"))
                .override("offsets.topic.replication.factor", "1")
                .build();
        try {
            runtime.launch("broker-1", spec.toBytes(), sandbox);
            Awaitility.await().atMost(Duration.ofSeconds(120))
                    .until(() -> updates.stream().anyMatch(s -> s.state() == TaskState.RUNNING || s.state().isTerminal()));
            assertThat(updates).extracting(TaskStatus::state).containsExactly(TaskState.STARTING, TaskState.RUNNING);
        } finally {
            runtime.close();
        }
        assertThat(updates).extracting(TaskStatus::state)
                .containsExactly(TaskState.STARTING, TaskState.RUNNING, TaskState.KILLING, TaskState.KILLED);
    }

    @AfterEach
    void noKafkaProcessLeft() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("kafka.Kafka") || c.contains("StorageTool")).orElse(false)))
                .isEmpty());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

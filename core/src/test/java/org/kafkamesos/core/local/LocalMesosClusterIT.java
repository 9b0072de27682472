package org.kafkamesos.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkamesos.core.KafkaCluster;
import org.kafkamesos.core.mesos.FrameworkSettings;
import org.kafkamesos.core.mesos.KafkaFramework;
import org.kafkamesos.core.mesos.TaskInfoFactory;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.core.scheduler.OrchestratorSettings;
import org.kafkamesos.executor.LogFile;
import org.kafkamesos.state.MemoryStateStore;

/**
 * The real scheduler (a {@link KafkaFramework}: the orchestrator behind the Mesos adapters) on a one-agent local cluster whose
 * executor starts a real Kafka node from the distribution the executor module assembles ({@code kafka.dist}).
 */
class LocalMesosClusterIT {

    @TempDir
    Path workDir;

    @Test
    void broker_startedOnTheLocalCluster_servesAdminRequests_andStopEndsItsProcess() throws Exception {
        String distribution = System.getProperty("kafka.dist");
        assertThat(distribution).as("system property kafka.dist").isNotBlank();
        assertThat(Path.of(distribution).resolve("libs")).as("the Kafka distribution (built by the executor module)")
                .isDirectory();

        // The README's embedding example, as written there
        try (LocalMesosCluster local = LocalMesosCluster.builder(workDir.resolve("mesos")).agents(1).build();
             KafkaFramework mesos = KafkaFramework.builder()
                     .cluster(KafkaCluster.builder()
                             .store(MemoryStateStore.create())                                  // or a fenced file or ZooKeeper store
                             .distribution(distribution)                                        // the Kafka folder executors run
                             .settings(OrchestratorSettings.DEFAULT.withBindToAgentHost(true))  // local agents share one machine
                             .controllers(1))
                     .framework(FrameworkSettings.builder("kafka", "*").build())
                     .tasks(TaskInfoFactory.builder("kafka", "https://repo.example/kafka-mesos-executor.jar").build())
                     .driver(local::driver)                                 // or DriverFactory.http("zk://zk1:2181/mesos")
                     .build()
                     .start()) {
            KafkaCluster cluster = mesos.cluster();
            cluster.add("0", BrokerSpec.builder().cpus(1).memMb(1024).heapMb(256).build()).join();
            cluster.start("0").join();
            Broker running = cluster.await("0", b -> b.phase() == TaskPhase.RUNNING, Duration.ofMinutes(2)).join().get(0);

            String taskId = running.task().orElseThrow().taskId();
            String bootstrap = running.task().orElseThrow().hostname() + ":" + running.task().orElseThrow().ports().get(0);
            ProcessHandle process = local.process(taskId).orElseThrow();
            assertThat(local.tasks()).extracting(LocalTask::taskId).containsExactly(taskId);
            assertThat(local.sandbox(taskId).orElseThrow().resolve("server.properties")).satisfies(Files::isRegularFile);
            try (Admin admin = admin(bootstrap)) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .extracting(node -> node.id()).containsExactly(0);
            }
            assertThat(local.logTail(taskId, LogFile.SERVER_LOG, 200)).isNotEmpty();

            cluster.stop("0").get(10, TimeUnit.SECONDS);
            cluster.await("0", b -> b.phase() == TaskPhase.NONE, Duration.ofMinutes(1)).get(2, TimeUnit.MINUTES);
            await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
            await().atMost(Duration.ofSeconds(10)).until(() -> local.tasks().isEmpty());
        }
    }

    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return Admin.create(p);
    }
}

package org.kafkamesos.core.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.junit.jupiter.api.Test;
import org.kafkamesos.core.KafkaCluster;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.store.ClusterStateRepository;
import org.kafkamesos.state.MemoryStateStore;
import org.kafkamesos.state.StateStore;

class KafkaFrameworkTest {

    private final StateStore store = MemoryStateStore.create();
    private final RecordingDriver driver = new RecordingDriver();
    /** What the driver factory was given, one entry per driver made. */
    private final List<Scheduler> schedulers = new ArrayList<>();
    private final List<FrameworkSettings> registrations = new ArrayList<>();

    private KafkaFramework.Builder framework(String clusterName, String taskCluster) {
        return KafkaFramework.builder()
                .cluster(KafkaCluster.builder().name(clusterName).store(store).distribution("/opt/kafka").controllers(1))
                .framework(FrameworkSettings.builder("kafka", "*").build())
                .tasks(TaskInfoFactory.builder(taskCluster, "https://repo.example/executor.jar").build())
                .driver((scheduler, settings) -> {
                    schedulers.add(scheduler);
                    registrations.add(settings);
                    return driver;
                });
    }

    @Test
    void build_wiresTheDriversCallbacksIntoTheCluster_andTheClustersActionsOntoTheDriver() {
        try (KafkaFramework mesos = framework("kafka", "kafka").build().start()) {
            assertThat(driver.calls).containsExactly("start");

            schedulers.get(0).registered(driver, Protos.FrameworkID.newBuilder().setValue("fw-1").build(),
                    Protos.MasterInfo.newBuilder().setId("m").setIp(0).setPort(5050).setHostname("master").build());
            await().atMost(Duration.ofSeconds(10)).until(() -> driver.calls.contains("suppressOffers"));
            assertThat(mesos.cluster().frameworkId().join()).contains("fw-1");

            mesos.cluster().add("0", BrokerSpec.DEFAULT).join();
            mesos.cluster().start("0").join();
            await().atMost(Duration.ofSeconds(10)).until(() -> driver.calls.contains("reviveOffers"));
        }
    }

    @Test
    void build_registersWithTheFrameworkIdTheStoreHolds() {
        ClusterStateRepository.over(store).saveFrameworkId("fw-7");

        try (KafkaFramework mesos = framework("kafka", "kafka").build()) {
            assertThat(registrations).hasSize(1);
            assertThat(registrations.get(0).frameworkId()).contains("fw-7");
            assertThat(registrations.get(0).frameworkInfo().getId().getValue()).isEqualTo("fw-7");
            assertThat(mesos.framework()).isEqualTo(registrations.get(0));
            assertThat(driver.calls).as("not started yet").isEmpty();
        }
    }

    @Test
    void build_withoutAStoredFrameworkId_registersWithTheSettingsGiven() {
        try (KafkaFramework mesos = framework("kafka", "kafka").build()) {
            assertThat(mesos.framework().frameworkId()).isEqualTo(Optional.empty());
            assertThat(registrations.get(0).frameworkInfo().hasId()).isFalse();
        }
    }

    @Test
    void build_withTasksOfAnotherCluster_isRefusedBeforeAnyDriverIsMade_andClosesTheCluster() {
        assertThatThrownBy(() -> framework("refused-cluster", "kafka").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tasks of cluster 'kafka'")
                .hasMessageContaining("named 'refused-cluster'");

        assertThat(schedulers).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("kafka-mesos-refused-cluster") && t.isAlive()));
    }

    @Test
    void build_withoutADriverFactory_namesWhatIsMissing() {
        KafkaFramework.Builder incomplete = KafkaFramework.builder()
                .cluster(KafkaCluster.builder().store(store).distribution("/opt/kafka"))
                .framework(FrameworkSettings.builder("kafka", "*").build());

        assertThatThrownBy(incomplete::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("missing: tasks driver");
    }

    @Test
    void start_ofADriverThatDoesNotRun_failsWithItsStatus() {
        driver.status = Protos.Status.DRIVER_ABORTED;

        try (KafkaFramework mesos = framework("kafka", "kafka").build()) {
            assertThatThrownBy(mesos::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("DRIVER_ABORTED");
        }
    }

    @Test
    void close_stopsTheDriverWithFailover_once() {
        KafkaFramework mesos = framework("kafka", "kafka").build().start();

        mesos.close();
        mesos.close();

        assertThat(driver.calls).containsExactly("start", "stop true");
        assertThatThrownBy(() -> mesos.cluster().list().join()).as("the cluster's event loop is closed")
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    }
}

package org.kafkamesos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.BrokerStatus;
import org.kafkamesos.core.model.CommandRejectedException;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.core.scheduler.MesosAction;
import org.kafkamesos.core.scheduler.OrchestratorSettings;
import org.kafkamesos.core.scheduler.SchedulerEvent;
import org.kafkamesos.core.store.ClusterStateRepository;
import org.kafkamesos.placement.Offer;
import org.kafkamesos.state.MemoryStateStore;

class KafkaClusterTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final MemoryStateStore store = MemoryStateStore.create();
    private final List<MesosAction> sent = new CopyOnWriteArrayList<>();
    private final List<Broker> persistedWhenLaunched = new CopyOnWriteArrayList<>();
    private KafkaCluster cluster = open();

    private KafkaCluster open() {
        return KafkaCluster.builder().store(store).distribution("/opt/kafka").controllers(1).clock(InstantSource.fixed(NOW))
                .actions(actions -> {
                    for (MesosAction a : actions) {
                        if (a instanceof MesosAction.Launch l) {
                            persistedWhenLaunched.add(ClusterStateRepository.over(store).load().brokers().get(l.brokerId()));
                        }
                    }
                    sent.addAll(actions);
                })
                .build();
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private static Offer offer(String id, String host) {
        return Offer.builder(id, "agent-" + host, host).cpus(8).mem(32768).disk(100_000).ports(9092, 9100).attribute("rack", "r1").build();
    }

    /** An offer with room for one broker of the default spec and its executor. */
    private static Offer oneBrokerOffer(String id, String host) {
        return Offer.builder(id, "agent-" + host, host).cpus(1 + OrchestratorSettings.DEFAULT_EXECUTOR.cpus())
                .mem(2048 + OrchestratorSettings.DEFAULT_EXECUTOR.mem()).disk(100_000).ports(9092, 9100).build();
    }

    @Test
    void brokersAddedAndStarted_areLaunched_afterTheirIntentIsStored() {
        cluster.onEvent(new SchedulerEvent.Registered("fw-1", "master"));
        cluster.add("0..2", BrokerSpec.builder().constraints("hostname=unique").build()).join();
        cluster.start("*").join();

        List<Offer> unused = cluster.offer(List.of(offer("o1", "h1"), offer("o2", "h2"), offer("o3", "h3"), offer("o4", "h4"))).join();

        assertThat(unused).extracting(Offer::id).containsExactly("o4");
        assertThat(sent).filteredOn(a -> a instanceof MesosAction.Launch).hasSize(3);
        assertThat(persistedWhenLaunched).hasSize(3).allSatisfy(b -> assertThat(b.phase()).isEqualTo(TaskPhase.LAUNCHING));
        assertThat(sent).noneMatch(a -> a instanceof MesosAction.Decline);
        assertThat(cluster.frameworkId().join()).contains("fw-1");
        assertThat(sent).filteredOn(a -> a instanceof MesosAction.Launch).extracting(a -> ((MesosAction.Launch) a).spec().overrides())
                .as("the agent's rack becomes broker.rack").allSatisfy(o -> assertThat(o).containsEntry("broker.rack", "r1"));
    }

    @Test
    void aNewInstanceOnTheSameStore_restoresBrokersAndFrameworkId() {
        cluster.onEvent(new SchedulerEvent.Registered("fw-1", "master"));
        cluster.add("0,1", BrokerSpec.DEFAULT).join();
        cluster.start("0").join();
        cluster.close();

        cluster = open();

        assertThat(cluster.list().join()).containsOnlyKeys(0, 1);
        assertThat(cluster.list().join().get(0).active()).isTrue();
        assertThat(cluster.frameworkId().join()).contains("fw-1");
    }

    @Test
    void await_completesOnceEverySelectedBrokerIsLaunching_andNotBefore() {
        cluster.onEvent(new SchedulerEvent.Registered("fw-1", "master"));
        cluster.add("0,1", BrokerSpec.DEFAULT).join();
        cluster.start("*").join();
        CompletableFuture<List<Broker>> launching = cluster.await("*", b -> b.phase() == TaskPhase.LAUNCHING, Duration.ofMinutes(1));
        assertThat(launching).isNotDone();

        cluster.offer(List.of(oneBrokerOffer("o1", "h1"))).join();
        assertThat(launching).isNotDone();
        cluster.offer(List.of(oneBrokerOffer("o2", "h2"))).join();

        assertThat(launching.join()).extracting(Broker::id).containsExactly(0, 1);
    }

    @Test
    void await_failsWithATimeout_orForAnExpressionThatSelectsNothing() {
        cluster.add("0", BrokerSpec.DEFAULT).join();

        assertThatThrownBy(() -> cluster.await("0", Broker::active, Duration.ofMillis(50)).join())
                .hasCauseInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> cluster.await("7", Broker::active, Duration.ofMinutes(1)).join())
                .hasCauseInstanceOf(CommandRejectedException.class).hasMessageContaining("no broker matches '7'");
    }

    @Test
    void explain_saysWhyABrokerIsNotRunning() {
        cluster.add("0", BrokerSpec.builder().cpus(16).build()).join();
        cluster.start("0").join();
        cluster.offer(List.of(offer("o1", "h1"))).join();

        List<BrokerStatus> statuses = cluster.explain("0").join();

        assertThat(statuses).singleElement().satisfies(s -> assertThat(s.explanation())
                .isEqualTo("broker 0 (active): no task; data in its sandbox: it does not survive a relaunch (the framework's role"
                        + " '*' cannot reserve a volume); broker 0 not placed: 1 offer too small in cpus (have 8, need 16.1); the demand includes its executor's 0.1 cpus and 256 MB"));
    }

    @Test
    void badInput_isRefusedWithTheReason_andChangesNothing() {
        cluster.add("0", BrokerSpec.DEFAULT).join();
        cluster.start("0").join();

        assertThatThrownBy(() -> cluster.start("0..x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position 3");
        assertThatThrownBy(() -> cluster.add("*", BrokerSpec.DEFAULT)).hasMessageContaining("add needs explicit broker ids");
        assertThatThrownBy(() -> cluster.remove("0").join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(CommandRejectedException.class).hasMessageContaining("stop it before removing it");
        assertThatThrownBy(() -> cluster.stop("5").join()).hasCauseInstanceOf(CommandRejectedException.class)
                .hasMessageContaining("no broker matches '5'");
        assertThat(cluster.list().join().get(0).active()).isTrue();
        assertThat(ClusterStateRepository.over(store).load().brokers().get(0).active()).isTrue();
    }

    @Test
    void aNewClusterWithoutADistribution_isRefused() {
        assertThatThrownBy(() -> KafkaCluster.builder().store(MemoryStateStore.create()).actions(a -> { }).build())
                .hasMessageContaining("location of the Kafka distribution");
    }
}

package org.kafkamesos.core.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.BrokerStatus;
import org.kafkamesos.core.model.BrokerVolume;
import org.kafkamesos.core.model.ClusterSpec;
import org.kafkamesos.core.model.CommandRejectedException;
import org.kafkamesos.core.model.MesosTaskState;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.placement.Offer;
import org.kafkamesos.placement.PlacementEngine;
import org.kafkamesos.placement.PortRange;
import org.kafkamesos.placement.Resources;
import org.kafkamesos.placement.Volume;

/** Brokers on volumes of their own, decided by the offer cycle: made once, used again, released. */
class OrchestratorVolumesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ClusterSpec CLUSTER = new ClusterSpec("kafka", ClusterSpec.KafkaMode.KRAFT, 1, "MkU3OEVBNTcwNTJENDM2Qk", "/opt/kafka");
    private static final OrchestratorSettings SETTINGS = OrchestratorSettings.DEFAULT.withRole("kafka");

    private final AtomicLong uuids = new AtomicLong();
    private final Orchestrator orchestrator = new Orchestrator(CLUSTER, SETTINGS, PlacementEngine.create(), Map.of(), Optional.empty(),
            () -> new UUID(0, uuids.incrementAndGet()));

    private static Offer offer(String id, String host) {
        return Offer.builder(id, "agent-" + host, host).cpus(8).mem(32768).disk(100_000).ports(9092, 9100).build();
    }

    /** An offer of {@code host} carrying broker {@code id}'s reservation and volume, besides unreserved resources. */
    private static SchedulerEvent.OffersReceived withVolume(String offerId, String host, int id, BrokerVolume volume) {
        Resources reserved = new Resources(volume.reserved().cpus(), volume.reserved().mem(), 0, volume.reserved().ports());
        Offer offer = Offer.builder(offerId, "agent-" + host, host).cpus(6).mem(16384).disk(50_000).ports(9094, 9100)
                .reserved("kafka", reserved)
                .volume(new Volume(volume.persistenceId(), "kafka", volume.reserved().disk(), BrokerVolume.CONTAINER_PATH))
                .build();
        return new SchedulerEvent.OffersReceived(List.of(offer), List.of(new SchedulerEvent.OfferedReservation(offerId, "kafka",
                OfferCycle.labels("kafka", id, volume.persistenceId()), reserved, List.of(volume.persistenceId()))));
    }

    private static <T extends MesosAction> List<T> actions(Reaction r, Class<T> type) {
        return r.actions().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Broker 0 (the controller) added, started, launched on {@code host} with a new volume, and running. */
    private BrokerVolume running(String host) {
        orchestrator.handle(new SchedulerEvent.Registered("fw", "m"), T0);
        orchestrator.apply(new BrokerCommand.Add(List.of(0), BrokerSpec.DEFAULT), T0);
        orchestrator.apply(new BrokerCommand.Start(List.of(0)), T0);
        MesosAction.Launch launch = actions(orchestrator.handle(new SchedulerEvent.OffersReceived(List.of(offer("o1", host))), T0),
                MesosAction.Launch.class).get(0);
        orchestrator.handle(new SchedulerEvent.TaskStatusChanged(launch.taskId(), "agent-" + host, MesosTaskState.RUNNING, "",
                Optional.empty(), Optional.empty()), T0);
        return orchestrator.brokers().get(0).volume().orElseThrow();
    }

    @Test
    void firstLaunch_reservesTheBrokersResources_createsItsVolume_andLaunchesOnBoth_inOneAccept_persistedFirst() {
        orchestrator.handle(new SchedulerEvent.Registered("fw", "m"), T0);
        orchestrator.apply(new BrokerCommand.Add(List.of(0), BrokerSpec.builder().diskMb(2048).build()), T0);
        orchestrator.apply(new BrokerCommand.Start(List.of(0)), T0);

        Reaction r = orchestrator.handle(new SchedulerEvent.OffersReceived(List.of(offer("o1", "h1"))), T0);

        MesosAction.Launch launch = actions(r, MesosAction.Launch.class).get(0);
        MesosAction.Reservation reservation = launch.reservation().orElseThrow();
        assertThat(reservation.create()).isTrue();
        assertThat(reservation.role()).isEqualTo("kafka");
        assertThat(reservation.volume().diskMb()).isEqualTo(2048);
        // the broker's 1 cpu and 2048 MB, and its executor's share
        assertThat(reservation.reserve()).isEqualTo(new Resources(1.1, 2304, 2048, List.of(new PortRange(9092, 9093))));
        assertThat(reservation.labels()).containsEntry(OfferCycle.BROKER_LABEL, "0")
                .containsEntry(OfferCycle.VOLUME_LABEL, reservation.volume().persistenceId());
        assertThat(launch.assignment().allocations()).allMatch(a -> a.role().equals("*"));
        assertThat(launch.spec().logDirs()).containsExactly(BrokerVolume.CONTAINER_PATH + "/" + LaunchSpecs.DATA_DIR);
        Broker persisted = r.changed().stream().filter(b -> b.id() == 0).findFirst().orElseThrow();
        assertThat(persisted.volume()).as("the intent, with its volume, is in the reaction to persist")
                .hasValueSatisfying(v -> {
                    assertThat(v.persistenceId()).isEqualTo(reservation.volume().persistenceId());
                    assertThat(v.hostname()).isEqualTo("h1");
                    assertThat(v.confirmed()).isFalse();
                });
    }

    @Test
    void relaunch_isOnlyOnTheOfferCarryingItsVolume_onItsReservedResources_keepingItsPort() {
        BrokerVolume volume = running("h1");
        orchestrator.apply(new BrokerCommand.Stop(List.of(0)), T0);
        String task = orchestrator.brokers().get(0).task().orElseThrow().taskId();
        orchestrator.handle(new SchedulerEvent.TaskStatusChanged(task, "agent-h1", MesosTaskState.KILLED, "", Optional.empty(),
                Optional.empty()), T0);
        orchestrator.apply(new BrokerCommand.Start(List.of(0)), T0);

        Reaction elsewhere = orchestrator.handle(new SchedulerEvent.OffersReceived(List.of(offer("o2", "h2"))), T0.plusSeconds(1));
        assertThat(actions(elsewhere, MesosAction.Launch.class)).as("another host has no volume of the broker").isEmpty();
        assertThat(BrokerStatus.of(orchestrator.brokers().get(0), Optional.ofNullable(orchestrator.lastExplanations().get(0)),
                T0.plusSeconds(1), "kafka").explanation())
                .contains("waits for its volume " + volume.persistenceId() + " on h1: the agent has not offered it since");

        Reaction onVolume = orchestrator.handle(withVolume("o3", "h1", 0, volume), T0.plusSeconds(2));

        MesosAction.Launch launch = actions(onVolume, MesosAction.Launch.class).get(0);
        assertThat(launch.assignment().offerId()).isEqualTo("o3");
        assertThat(launch.reservation().orElseThrow().create()).as("its volume is used again, not made").isFalse();
        assertThat(launch.reservation().orElseThrow().reserve()).as("nothing more to reserve").isEqualTo(Resources.NONE);
        assertThat(launch.assignment().volume().map(Volume::persistenceId)).contains(volume.persistenceId());
        assertThat(launch.assignment().allocations()).allMatch(a -> a.role().equals("kafka"));
        assertThat(launch.assignment().ports()).containsExactly(9092, 9093);
    }

    @Test
    void remove_ofABrokerWithAVolume_waitsForItsAgent_thenReleasesTheReservation_andForgetsTheBroker() {
        BrokerVolume volume = running("h1");
        orchestrator.apply(new BrokerCommand.Stop(List.of(0)), T0);
        String task = orchestrator.brokers().get(0).task().orElseThrow().taskId();
        orchestrator.handle(new SchedulerEvent.TaskStatusChanged(task, "agent-h1", MesosTaskState.KILLED, "", Optional.empty(),
                Optional.empty()), T0);

        Reaction removed = orchestrator.apply(new BrokerCommand.Remove(List.of(0)), T0);

        assertThat(removed.removed()).isEmpty();
        assertThat(orchestrator.brokers().get(0).removing()).isTrue();
        assertThat(actions(removed, MesosAction.Revive.class)).as("offers are needed to release it").hasSize(1);
        assertThatThrownBy(() -> orchestrator.apply(new BrokerCommand.Start(List.of(0)), T0))
                .isInstanceOf(CommandRejectedException.class).hasMessageContaining("waits for its volume");

        Reaction released = orchestrator.handle(withVolume("o4", "h1", 0, volume), T0.plusSeconds(1));

        assertThat(actions(released, MesosAction.Release.class)).singleElement().satisfies(rel -> {
            assertThat(rel.offerId()).isEqualTo("o4");
            assertThat(rel.labels()).isEqualTo(OfferCycle.labels("kafka", 0, volume.persistenceId()));
        });
        assertThat(released.removed()).containsExactly(0);
        assertThat(orchestrator.brokers()).isEmpty();
    }

    @Test
    void aReservationNoBrokerOwns_isReleased_andOneOfAnotherCluster_isLeftAlone() {
        running("h1");
        BrokerVolume orphan = new BrokerVolume("agent-h2", "h2", "kafka-7-old", "kafka", new Resources(1, 1024, 2048,
                List.of(new PortRange(9092, 9092))), true);
        SchedulerEvent.OffersReceived ours = withVolume("o5", "h2", 7, orphan);
        SchedulerEvent.OffersReceived theirs = new SchedulerEvent.OffersReceived(ours.offers(), List.of(
                new SchedulerEvent.OfferedReservation("o5", "kafka", OfferCycle.labels("another-cluster", 7, "kafka-7-old"),
                        ours.reservations().get(0).resources(), List.of("kafka-7-old"))));

        assertThat(actions(orchestrator.handle(theirs, T0.plusSeconds(1)), MesosAction.Release.class)).isEmpty();
        assertThat(actions(orchestrator.handle(withVolume("o6", "h2", 7, orphan), T0.plusSeconds(2)), MesosAction.Release.class))
                .singleElement().satisfies(rel -> assertThat(rel.labels()).containsEntry(OfferCycle.BROKER_LABEL, "7"));
    }

    @Test
    void replace_forgetsTheVolume_soThatTheBrokerIsPlacedAnewOnANewOne_andRefusesAController() {
        orchestrator.handle(new SchedulerEvent.Registered("fw", "m"), T0);
        orchestrator.apply(new BrokerCommand.Add(List.of(0, 1), BrokerSpec.DEFAULT), T0);
        orchestrator.apply(new BrokerCommand.Start(List.of(0, 1)), T0);
        List<MesosAction.Launch> launches = actions(orchestrator.handle(new SchedulerEvent.OffersReceived(List.of(offer("o1", "h1"),
                offer("o2", "h2"))), T0), MesosAction.Launch.class);
        MesosAction.Launch broker1 = launches.stream().filter(l -> l.brokerId() == 1).findFirst().orElseThrow();
        String lostVolume = broker1.reservation().orElseThrow().volume().persistenceId();
        orchestrator.handle(new SchedulerEvent.TaskStatusChanged(broker1.taskId(), broker1.assignment().agentId(), MesosTaskState.LOST,
                "agent removed", Optional.empty(), Optional.empty()), T0);

        assertThatThrownBy(() -> orchestrator.apply(new BrokerCommand.Replace(List.of(0)), T0))
                .isInstanceOf(CommandRejectedException.class).hasMessageContaining("KRaft controller");
        orchestrator.apply(new BrokerCommand.Replace(List.of(1)), T0);

        assertThat(orchestrator.brokers().get(1).volume()).isEmpty();
        Instant later = T0.plus(Duration.ofMinutes(2));
        MesosAction.Launch anew = actions(orchestrator.handle(new SchedulerEvent.OffersReceived(List.of(offer("o3", "h3"))), later),
                MesosAction.Launch.class).get(0);
        assertThat(anew.brokerId()).isEqualTo(1);
        assertThat(anew.assignment().hostname()).isEqualTo("h3");
        assertThat(anew.reservation().orElseThrow().create()).isTrue();
        assertThat(anew.reservation().orElseThrow().volume().persistenceId()).isNotEqualTo(lostVolume);
        assertThat(orchestrator.brokers().get(1).phase()).isEqualTo(TaskPhase.LAUNCHING);
    }
}

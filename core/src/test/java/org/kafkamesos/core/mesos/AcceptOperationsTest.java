package org.kafkamesos.core.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.offer;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.ports;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.scalar;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.mesos.Protos;
import org.junit.jupiter.api.Test;
import org.kafkamesos.core.scheduler.MesosAction;
import org.kafkamesos.core.scheduler.SchedulerEvent;
import org.kafkamesos.executor.LaunchSpec;
import org.kafkamesos.executor.Role;
import org.kafkamesos.placement.Allocation;
import org.kafkamesos.placement.Assignment;
import org.kafkamesos.placement.PortRange;
import org.kafkamesos.placement.Resources;
import org.kafkamesos.placement.Volume;

/** The accepts of brokers on volumes of their own, as the Mesos shell sends them, and what it reads of offers. */
class AcceptOperationsTest {

    private static final UUID UUID_1 = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    private static final String PRINCIPAL = "kafka-principal";
    private static final Map<String, String> LABELS = new TreeMap<>(Map.of("kafka-mesos-cluster", "prod", "kafka-mesos-broker", "1",
            "kafka-mesos-volume", "prod-1-v"));

    private final List<SchedulerEvent> events = new ArrayList<>();
    private final MesosSchedulerAdapter adapter = new MesosSchedulerAdapter(events::add);
    private final RecordingDriver driver = new RecordingDriver();
    private final DriverActionSink sink = adapter.actionSink(driver,
            TaskInfoFactory.builder("prod", "https://repo.example/executor.jar").build(), Optional.of(PRINCIPAL));

    @Test
    void aNewVolume_isReservedCreatedAndLaunchedOnInOneAccept_withThePrincipalAndLabels() {
        adapter.resourceOffers(driver, List.of(offer("o1", "agent-1", "h1")
                .addResources(scalar("cpus", 8)).addResources(scalar("mem", 16384)).addResources(scalar("disk", 100_000))
                .addResources(ports(9092, 9100)).build()));
        Volume volume = new Volume("prod-1-v", "kafka", 2048, "data");
        MesosAction.Launch launch = launch("o1", new Allocation("*", 1, 1024, 2048, List.of(9092)), Optional.empty(),
                new MesosAction.Reservation("kafka", LABELS, volume, new Resources(1, 1024, 2048, List.of(new PortRange(9092, 9092))),
                        true));

        sink.execute(List.of(launch));

        assertThat(driver.calls).containsExactly("acceptOffers [o1] [RESERVE, CREATE, LAUNCH] refuse=5.0");
        List<Protos.Offer.Operation> ops = driver.accepted.get(0);
        assertThat(ops.get(0).getReserve().getResourcesList()).extracting(Protos.Resource::getName)
                .containsExactly("cpus", "mem", "disk", "ports");
        assertThat(ops.get(0).getReserve().getResourcesList()).allSatisfy(this::reservedForTheBroker);
        Protos.Resource created = ops.get(1).getCreate().getVolumes(0);
        reservedForTheBroker(created);
        assertThat(created.getDisk().getPersistence().getId()).isEqualTo("prod-1-v");
        assertThat(created.getDisk().getPersistence().getPrincipal()).isEqualTo(PRINCIPAL);
        assertThat(created.getDisk().getVolume().getContainerPath()).isEqualTo("data");
        assertThat(created.getDisk().getVolume().getMode()).isEqualTo(Protos.Volume.Mode.RW);
        List<Protos.Resource> task = ops.get(2).getLaunch().getTaskInfos(0).getResourcesList();
        assertThat(task).allSatisfy(this::reservedForTheBroker);
        assertThat(task).as("the task takes the volume, not the plain disk it was made on")
                .filteredOn(r -> r.getName().equals("disk")).singleElement().isEqualTo(created);
    }

    @Test
    void anExistingVolume_isLaunchedOn_asOffered_cuttingItsOwnReservationFirst() {
        Protos.Resource.ReservationInfo own = reservation(LABELS);
        Protos.Resource.ReservationInfo other = reservation(Map.of("kafka-mesos-cluster", "prod", "kafka-mesos-broker", "2",
                "kafka-mesos-volume", "prod-2-v"));
        Protos.Resource offeredVolume = scalar("disk", 2048).addReservations(own).setDisk(Protos.Resource.DiskInfo.newBuilder()
                .setPersistence(Protos.Resource.DiskInfo.Persistence.newBuilder().setId("prod-1-v").setPrincipal(PRINCIPAL))
                .setVolume(Protos.Volume.newBuilder().setContainerPath("data").setMode(Protos.Volume.Mode.RW))).build();
        adapter.resourceOffers(driver, List.of(offer("o2", "agent-1", "h1")
                .addResources(scalar("cpus", 1).addReservations(other)).addResources(scalar("cpus", 1).addReservations(own))
                .addResources(scalar("mem", 1024).addReservations(own)).addResources(ports(9092, 9092).addReservations(own))
                .addResources(offeredVolume).build()));
        Volume volume = new Volume("prod-1-v", "kafka", 2048, "data");
        MesosAction.Launch launch = launch("o2", new Allocation("kafka", 1, 1024, 0, List.of(9092)), Optional.of(volume),
                new MesosAction.Reservation("kafka", LABELS, volume, Resources.NONE, false));

        sink.execute(List.of(launch));

        assertThat(driver.calls).containsExactly("acceptOffers [o2] [LAUNCH] refuse=5.0");
        List<Protos.Resource> task = driver.accepted.get(0).get(0).getLaunch().getTaskInfos(0).getResourcesList();
        assertThat(task).allSatisfy(this::reservedForTheBroker);
        assertThat(task).contains(offeredVolume);
        assertThat(events).singleElement().satisfies(e -> assertThat(((SchedulerEvent.OffersReceived) e).reservations())
                .extracting(SchedulerEvent.OfferedReservation::labels).containsExactlyInAnyOrder(LABELS,
                        Map.of("kafka-mesos-cluster", "prod", "kafka-mesos-broker", "2", "kafka-mesos-volume", "prod-2-v")));
    }

    @Test
    void aRelease_destroysTheVolume_thenUnreservesEverythingUnderItsLabels_itsDiskIncluded() {
        Protos.Resource.ReservationInfo own = reservation(LABELS);
        Protos.Resource offeredVolume = scalar("disk", 2048).addReservations(own).setDisk(Protos.Resource.DiskInfo.newBuilder()
                .setPersistence(Protos.Resource.DiskInfo.Persistence.newBuilder().setId("prod-1-v").setPrincipal(PRINCIPAL))
                .setVolume(Protos.Volume.newBuilder().setContainerPath("data").setMode(Protos.Volume.Mode.RW))).build();
        Protos.Resource ownCpus = scalar("cpus", 1).addReservations(own).build();
        Protos.Resource unlabeled = scalar("cpus", 2).addReservations(Protos.Resource.ReservationInfo.newBuilder()
                .setType(Protos.Resource.ReservationInfo.Type.STATIC).setRole("kafka")).build();
        adapter.resourceOffers(driver, List.of(offer("o3", "agent-1", "h1").addResources(ownCpus).addResources(unlabeled)
                .addResources(offeredVolume).addResources(scalar("mem", 4096)).build()));

        sink.execute(List.of(new MesosAction.Release("o3", "kafka", LABELS)));

        assertThat(driver.calls).containsExactly("acceptOffers [o3] [DESTROY, UNRESERVE] refuse=5.0");
        List<Protos.Offer.Operation> ops = driver.accepted.get(0);
        assertThat(ops.get(0).getDestroy().getVolumesList()).containsExactly(offeredVolume);
        assertThat(ops.get(1).getUnreserve().getResourcesList())
                .containsExactlyInAnyOrder(ownCpus, offeredVolume.toBuilder().clearDisk().build());
    }

    @Test
    void offeredReservations_aregroupedByRoleAndLabels_volumesByPersistenceId_unlabeledOnesLeftOut() {
        Protos.Resource.ReservationInfo own = reservation(LABELS);
        Protos.Offer offer = offer("o4", "agent-1", "h1")
                .addResources(scalar("cpus", 0.5).addReservations(own)).addResources(scalar("cpus", 0.25).addReservations(own))
                .addResources(ports(9092, 9093).addReservations(own))
                .addResources(scalar("disk", 10).addReservations(Protos.Resource.ReservationInfo.newBuilder()
                        .setType(Protos.Resource.ReservationInfo.Type.STATIC).setRole("kafka")))
                .addResources(MesosOffersFixtures.volume("prod-1-v", "kafka", 2048, "data").clearReservations().addReservations(own))
                .build();

        List<SchedulerEvent.OfferedReservation> reservations = MesosOffers.reservations(offer);

        assertThat(reservations).singleElement().satisfies(r -> {
            assertThat(r.role()).isEqualTo("kafka");
            assertThat(r.labels()).isEqualTo(LABELS);
            assertThat(r.resources()).isEqualTo(new Resources(0.75, 0, 0, List.of(new PortRange(9092, 9093))));
            assertThat(r.volumes()).containsExactly("prod-1-v");
        });
    }

    private void reservedForTheBroker(Protos.Resource r) {
        assertThat(r.getReservationsCount()).as(r.getName()).isEqualTo(1);
        Protos.Resource.ReservationInfo top = r.getReservations(0);
        assertThat(top.getType()).isEqualTo(Protos.Resource.ReservationInfo.Type.DYNAMIC);
        assertThat(top.getRole()).isEqualTo("kafka");
        assertThat(top.getPrincipal()).isEqualTo(PRINCIPAL);
        assertThat(MesosOffers.labels(r)).isEqualTo(LABELS);
    }

    private static Protos.Resource.ReservationInfo reservation(Map<String, String> labels) {
        Protos.Labels.Builder l = Protos.Labels.newBuilder();
        new TreeMap<>(labels).forEach((k, v) -> l.addLabels(Protos.Label.newBuilder().setKey(k).setValue(v)));
        return Protos.Resource.ReservationInfo.newBuilder().setType(Protos.Resource.ReservationInfo.Type.DYNAMIC).setRole("kafka")
                .setPrincipal(PRINCIPAL).setLabels(l).build();
    }

    private static MesosAction.Launch launch(String offerId, Allocation allocation, Optional<Volume> volume,
                                             MesosAction.Reservation reservation) {
        Assignment a = new Assignment(1, offerId, "agent-1", "h1", allocation.ports(), volume, List.of(allocation));
        LaunchSpec spec = LaunchSpec.builder(1, LaunchSpec.randomClusterId()).roles(Role.BROKER).advertisedHost("h1").brokerPort(9092)
                .voter(0, "h0", 9093).distribution("kafka_2.13-4.1.1").logDir("data/kafka-logs").build();
        return new MesosAction.Launch("prod-1-" + UUID_1, 1, a, spec, Optional.of(reservation));
    }
}

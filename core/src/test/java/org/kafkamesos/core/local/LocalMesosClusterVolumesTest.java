package org.kafkamesos.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.Protos;
import org.apache.mesos.SchedulerDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkamesos.core.mesos.FrameworkSettings;

/**
 * Reservations and persistent volumes on the local cluster: the four offer operations with Mesos' validation, what
 * offers carry afterwards, volumes outliving their tasks, and agents recovering both from their work folder.
 */
class LocalMesosClusterVolumesTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String ROLE = "kafka";
    private static final String PRINCIPAL = "kafka-principal";
    private static final Map<String, String> LABELS = Map.of("cluster", "c1", "broker", "1");

    @TempDir
    Path workDir;

    private final FakeExecutorRuntimes runtimes = new FakeExecutorRuntimes();
    private LocalMesosCluster cluster;

    /** How the tests' schedulers reach the master; {@code LocalMesosClusterVolumesHttpTest} runs them all over HTTP. */
    SchedulerTransport transport() {
        return SchedulerTransport.IN_PROCESS;
    }

    private final List<SchedulerDriver> drivers = new ArrayList<>();

    @BeforeEach
    void startCluster() {
        cluster = start(workDir, LocalAgent.DEFAULT_CPUS);
    }

    @AfterEach
    void closeCluster() {
        cluster.close();
        drivers.forEach(SchedulerDriver::abort); // a driver over HTTP would go on subscribing to the closed master
    }

    private LocalMesosCluster start(Path dir, double cpus) {
        return transport().configure(LocalMesosCluster.builder(dir))
                .agent(LocalAgent.builder("agent-1", "127.0.0.1").cpus(cpus).build())
                .offerInterval(Duration.ofMillis(50))
                .statusUpdateRetry(Duration.ofMillis(300))
                .runtimeFactory(runtimes)
                .build();
    }

    // ------------------------------------------------------------------ RESERVE

    @Test
    void reserve_resourcesAreOfferedAgainReservedForTheRole_withThePrincipalAndLabels() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = register(scheduler, framework(ROLE, PRINCIPAL));
        Protos.Offer offer = latestOffer(scheduler);

        driver.acceptOffers(List.of(offer.getId()), List.of(reserve(reservedCpusMemDisk(1, 512, 1000), reservedPort(9092))),
                refuse(5));

        Protos.Offer next = nextOffer(scheduler, offer);
        assertThat(next.getResourcesList()).filteredOn(r -> r.getReservationsCount() > 0)
                .extracting(r -> r.getName() + ":" + (r.hasScalar() ? Double.toString(r.getScalar().getValue())
                        : Long.toString(r.getRanges().getRange(0).getBegin())))
                .containsExactlyInAnyOrder("cpus:1.0", "mem:512.0", "disk:1000.0", "ports:9092");
        assertThat(next.getResourcesList()).filteredOn(r -> r.getReservationsCount() > 0).allSatisfy(r -> {
            Protos.Resource.ReservationInfo reservation = r.getReservations(0);
            assertThat(reservation.getType()).isEqualTo(Protos.Resource.ReservationInfo.Type.DYNAMIC);
            assertThat(reservation.getRole()).isEqualTo(ROLE);
            assertThat(reservation.getPrincipal()).isEqualTo(PRINCIPAL);
            assertThat(labels(reservation)).isEqualTo(LABELS);
            assertThat(r.getAllocationInfo().getRole()).isEqualTo(ROLE);
        });
        assertThat(unreserved(next, "cpus")).isEqualTo(3.0);
        LocalAgentState agent = cluster.agents().get(0);
        assertThat(agent.reservations()).singleElement().satisfies(r -> {
            assertThat(r.role()).isEqualTo(ROLE);
            assertThat(r.principal()).contains(PRINCIPAL);
            assertThat(r.labels()).isEqualTo(LABELS);
            assertThat(r.cpus()).isEqualTo(1.0);
            assertThat(r.memMb()).isEqualTo(512.0);
            assertThat(r.diskMb()).isEqualTo(1000.0);
            assertThat(r.ports()).isEqualTo("[9092]");
        });
    }

    @Test
    void reservedResources_areOfferedOnlyToFrameworksOfTheirRole() {
        RecordingScheduler kafka = new RecordingScheduler();
        SchedulerDriver kafkaDriver = register(kafka, framework(ROLE, PRINCIPAL));
        Protos.Offer offer = latestOffer(kafka);
        kafkaDriver.acceptOffers(List.of(offer.getId()), List.of(reserve(reservedCpusMemDisk(1, 512, 0))), refuse(0));
        Protos.Offer withReservation = nextOffer(kafka, offer);
        kafkaDriver.suppressOffers();
        kafkaDriver.declineOffer(withReservation.getId(), refuse(0));

        RecordingScheduler other = new RecordingScheduler();
        SchedulerDriver otherDriver = register(other, framework("*", null));

        Protos.Offer offered = latestOffer(other);
        assertThat(offered.getResourcesList()).allMatch(r -> r.getReservationsCount() == 0);
        assertThat(unreserved(offered, "cpus")).as("the reserved cpu stays with its role").isEqualTo(3.0);
        int seen = kafka.offers().size();
        kafkaDriver.reviveOffers();
        otherDriver.declineOffer(offered.getId(), refuse(60));
        await().atMost(WAIT).until(() -> kafka.offers().stream().skip(seen).anyMatch(o -> o.getResourcesList().stream()
                .anyMatch(r -> r.getReservationsCount() > 0 && r.getName().equals("cpus"))));
        otherDriver.stop();
    }

    @Test
    void reserve_invalid_isDroppedAlone_andTheRestOfTheAcceptGoesOn() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = register(scheduler, framework(ROLE, PRINCIPAL));
        Protos.Offer offer = latestOffer(scheduler);

        driver.acceptOffers(List.of(offer.getId()), List.of(
                reserve(reserved("cpus", 1, "*", PRINCIPAL)),                 // role *
                reserve(reserved("cpus", 1, "other", PRINCIPAL)),             // not the framework's role
                reserve(reserved("cpus", 1, ROLE, "someone-else")),           // another principal
                reserve(reserved("cpus", 1, ROLE, null)),                     // no principal
                reserve(reserved("cpus", 64, ROLE, PRINCIPAL)),               // more than offered
                reserve(staticReserved("cpus", 1, ROLE)),                     // not dynamic
                reserve(reserved("mem", 256, ROLE, PRINCIPAL))),              // valid
                refuse(0));

        nextOffer(scheduler, offer);
        assertThat(cluster.agents().get(0).reservations()).singleElement().satisfies(r -> {
            assertThat(r.cpus()).isZero();
            assertThat(r.memMb()).isEqualTo(256.0);
        });
    }

    // ------------------------------------------------------------------ CREATE

    @Test
    void create_onReservedDisk_offersTheVolumeWithItsPersistenceId_andKeepsItsDataOutsideEverySandbox() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = register(scheduler, framework(ROLE, PRINCIPAL));
        Protos.Offer offer = latestOffer(scheduler);

        driver.acceptOffers(List.of(offer.getId()), List.of(reserve(reservedCpusMemDisk(0, 0, 1000)),
                create(volume("v1", 1000, "data"))), refuse(0));

        Protos.Offer next = nextOffer(scheduler, offer);
        assertThat(next.getResourcesList()).filteredOn(r -> r.hasDisk() && r.getDisk().hasPersistence()).singleElement()
                .satisfies(v -> {
                    assertThat(v.getDisk().getPersistence().getId()).isEqualTo("v1");
                    assertThat(v.getDisk().getVolume().getContainerPath()).isEqualTo("data");
                    assertThat(v.getScalar().getValue()).isEqualTo(1000.0);
                    assertThat(v.getReservations(0).getRole()).isEqualTo(ROLE);
                });
        LocalAgentState.Volume volume = cluster.agents().get(0).volumes().get(0);
        assertThat(volume.path()).isEqualTo(workDir.resolve("agent-1/volumes/roles/kafka/v1")).isDirectory();
        assertThat(volume.inUse()).isFalse();
        assertThat(cluster.agents().get(0).reservations()).as("its reserved disk holds the volume now: no plain reservation left")
                .isEmpty();
    }

    @Test
    void create_invalid_isDropped() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = register(scheduler, framework(ROLE, PRINCIPAL));
        Protos.Offer offer = latestOffer(scheduler);
        driver.acceptOffers(List.of(offer.getId()), List.of(reserve(reservedCpusMemDisk(0, 0, 3000)),
                create(volume("v1", 1000, "data"))), refuse(0));
        offer = nextOffer(scheduler, offer);

        driver.acceptOffers(List.of(offer.getId()), List.of(
                create(volume("v1", 500, "data")),                                          // persistence id in use
                create(volume("v2", 500, "a/b")),                                           // container path of two segments
                create(volume("v3", 500, "data").toBuilder().clearReservations().build()), // unreserved disk
                create(withPersistencePrincipal(volume("v4", 500, "data"), "someone-else")),
                create(volume("v5", 5000, "data")),                                         // more disk than reserved
                create(volume("v6", 500, "data"))),                                         // valid
                refuse(0));

        nextOffer(scheduler, offer);
        assertThat(cluster.agents().get(0).volumes()).extracting(LocalAgentState.Volume::persistenceId)
                .containsExactlyInAnyOrder("v1", "v6");
    }

    // ------------------------------------------------------------------ LAUNCH on a volume

    @Test
    void volume_outlivesItsTaskAndExecutor_andTheNextTaskSeesItsData() throws IOException {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = register(scheduler, framework(ROLE, PRINCIPAL));
        Protos.Offer offer = latestOffer(scheduler);
        Protos.Resource data = volume("v1", 1000, "data");

        driver.acceptOffers(List.of(offer.getId()), List.of(reserve(reservedCpusMemDisk(1, 512, 1000)), create(data),
                launch(task("t1", offer, reservedCpusMemDisk(1, 512, 0), data))), refuse(0));
        await().atMost(WAIT).until(() -> scheduler.states("t1").contains(Protos.TaskState.TASK_RUNNING));
        Path mounted = cluster.sandbox("t1").orElseThrow().resolve("data");
        Files.writeString(mounted.resolve("segment.log"), "records");
        assertThat(cluster.agents().get(0).volumes().get(0).inUse()).isTrue();
        assertThat(latestOffer(scheduler).getResourcesList()).as("a volume in use is not offered")
                .noneMatch(r -> r.hasDisk() && r.getDisk().hasPersistence());

        driver.killTask(Protos.TaskID.newBuilder().setValue("t1").build());
        await().atMost(WAIT).until(() -> scheduler.states("t1").contains(Protos.TaskState.TASK_KILLED));
        Protos.Offer withVolume = await().atMost(WAIT).until(() -> latestOffer(scheduler),
                o -> o.getResourcesList().stream().anyMatch(r -> r.hasDisk() && r.getDisk().hasPersistence()));
        driver.acceptOffers(List.of(withVolume.getId()), List.of(launch(task("t2", withVolume, reservedCpusMemDisk(1, 512, 0),
                data))), refuse(0));
        await().atMost(WAIT).until(() -> scheduler.states("t2").contains(Protos.TaskState.TASK_RUNNING));

        Path again = cluster.sandbox("t2").orElseThrow().resolve("data");
        assertThat(cluster.sandbox("t2")).isNotEqualTo(cluster.sandbox("t1"));
        assertThat(again.resolve("segment.log")).hasContent("records");
        assertThat(Files.getAttribute(again.resolve("segment.log"), "unix:ino"))
                .isEqualTo(Files.getAttribute(workDir.resolve("agent-1/volumes/roles/kafka/v1/segment.log"), "unix:ino"));
    }

    // ------------------------------------------------------------------ DESTROY and UNRESERVE

    @Test
    void destroyThenUnreserve_deleteTheDataAndGiveTheResourcesBackUnreserved() throws IOException {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = register(scheduler, framework(ROLE, PRINCIPAL));
        Protos.Offer offer = latestOffer(scheduler);
        Protos.Resource data = volume("v1", 1000, "data");
        driver.acceptOffers(List.of(offer.getId()), List.of(reserve(reservedCpusMemDisk(1, 512, 1000)), create(data)), refuse(0));
        offer = nextOffer(scheduler, offer);
        Path path = cluster.agents().get(0).volumes().get(0).path();
        Files.writeString(path.resolve("segment.log"), "records");

        driver.acceptOffers(List.of(offer.getId()), List.of(unreserve(data)), refuse(0));   // a volume: refused
        offer = nextOffer(scheduler, offer);
        assertThat(cluster.agents().get(0).volumes()).hasSize(1);

        driver.acceptOffers(List.of(offer.getId()), List.of(destroy(data), unreserve(reservedCpusMemDisk(1, 512, 1000))),
                refuse(0));

        Protos.Offer back = nextOffer(scheduler, offer);
        assertThat(back.getResourcesList()).allMatch(r -> r.getReservationsCount() == 0);
        assertThat(unreserved(back, "cpus")).isEqualTo(4.0);
        assertThat(unreserved(back, "disk")).isEqualTo(LocalAgent.DEFAULT_DISK_MB);
        assertThat(path).doesNotExist();
        assertThat(cluster.agents().get(0).reservations()).isEmpty();
        assertThat(cluster.agents().get(0).volumes()).isEmpty();
    }

    @Test
    void destroy_ofAVolumeInUse_isDropped() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = register(scheduler, framework(ROLE, PRINCIPAL));
        Protos.Offer offer = latestOffer(scheduler);
        Protos.Resource data = volume("v1", 1000, "data");
        driver.acceptOffers(List.of(offer.getId()), List.of(reserve(reservedCpusMemDisk(1, 512, 1000)), create(data),
                launch(task("t1", offer, reservedCpusMemDisk(1, 512, 0), data))), refuse(0));
        await().atMost(WAIT).until(() -> scheduler.states("t1").contains(Protos.TaskState.TASK_RUNNING));
        Protos.Offer later = nextOffer(scheduler, offer);

        driver.acceptOffers(List.of(later.getId()), List.of(destroy(data)), refuse(0));

        nextOffer(scheduler, later);
        assertThat(cluster.agents().get(0).volumes()).singleElement().satisfies(v -> assertThat(v.inUse()).isTrue());
    }

    // ------------------------------------------------------------------ recovery

    @Test
    void reservationsAndVolumes_areRecoveredWhenAClusterStartsOnTheSameWorkFolder() throws IOException {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = register(scheduler, framework(ROLE, PRINCIPAL));
        Protos.Offer offer = latestOffer(scheduler);
        driver.acceptOffers(List.of(offer.getId()), List.of(reserve(reservedCpusMemDisk(1, 512, 1000), reservedPort(9092)),
                create(volume("v1", 1000, "data"))), refuse(0));
        nextOffer(scheduler, offer);
        Files.writeString(cluster.agents().get(0).volumes().get(0).path().resolve("segment.log"), "records");
        List<LocalAgentState.Reservation> reservations = cluster.agents().get(0).reservations();
        cluster.close();

        cluster = start(workDir, LocalAgent.DEFAULT_CPUS);
        RecordingScheduler again = new RecordingScheduler();
        register(again, framework(ROLE, PRINCIPAL));

        Protos.Offer recovered = latestOffer(again);
        assertThat(recovered.getResourcesList()).anyMatch(r -> r.hasDisk() && r.getDisk().getPersistence().getId().equals("v1"));
        assertThat(unreserved(recovered, "cpus")).isEqualTo(3.0);
        assertThat(cluster.agents().get(0).reservations()).isEqualTo(reservations);
        assertThat(cluster.agents().get(0).volumes().get(0).path().resolve("segment.log")).hasContent("records");
    }

    @Test
    void recovery_ofReservationsTheAgentCannotHold_isRefusedSayingWhatToDo() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = register(scheduler, framework(ROLE, PRINCIPAL));
        Protos.Offer offer = latestOffer(scheduler);
        driver.acceptOffers(List.of(offer.getId()), List.of(reserve(reservedCpusMemDisk(3, 0, 0))), refuse(0));
        nextOffer(scheduler, offer);
        cluster.close();

        assertThatThrownBy(() -> start(workDir, 2)).isInstanceOf(LocalClusterException.class)
                .hasMessageContaining("agent agent-1 has checkpointed reservations and volumes")
                .hasMessageContaining("remove " + workDir.resolve("agent-1/meta"));
        cluster = start(workDir.resolve("fresh"), 2);
    }

    // ------------------------------------------------------------------ helpers

    private SchedulerDriver register(RecordingScheduler scheduler, Protos.FrameworkInfo info) {
        SchedulerDriver driver = transport().driver(cluster, scheduler, info);
        drivers.add(driver);
        assertThat(driver.start()).isEqualTo(Protos.Status.DRIVER_RUNNING);
        await().atMost(WAIT).until(() -> scheduler.names().contains("registered"));
        return driver;
    }

    private static Protos.FrameworkInfo framework(String role, String principal) {
        FrameworkSettings.Builder b = FrameworkSettings.builder("test", role);
        if (principal != null) {
            b.principal(principal);
        }
        return b.build().frameworkInfo();
    }

    private static Protos.Offer latestOffer(RecordingScheduler scheduler) {
        await().atMost(WAIT).until(() -> !scheduler.offersOf("agent-1").isEmpty());
        List<Protos.Offer> offers = scheduler.offersOf("agent-1");
        return offers.get(offers.size() - 1);
    }

    /** The first offer of agent-1 after {@code previous}. */
    private static Protos.Offer nextOffer(RecordingScheduler scheduler, Protos.Offer previous) {
        return await().atMost(WAIT).until(() -> latestOffer(scheduler), o -> !o.getId().equals(previous.getId()));
    }

    private static Protos.Offer.Operation reserve(List<Protos.Resource> resources, Protos.Resource... more) {
        List<Protos.Resource> all = new ArrayList<>(resources);
        all.addAll(List.of(more));
        return Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.RESERVE)
                .setReserve(Protos.Offer.Operation.Reserve.newBuilder().addAllResources(all)).build();
    }

    private static Protos.Offer.Operation reserve(Protos.Resource resource) {
        return reserve(List.of(resource));
    }

    private static Protos.Offer.Operation unreserve(List<Protos.Resource> resources) {
        return Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.UNRESERVE)
                .setUnreserve(Protos.Offer.Operation.Unreserve.newBuilder().addAllResources(resources)).build();
    }

    private static Protos.Offer.Operation unreserve(Protos.Resource resource) {
        return unreserve(List.of(resource));
    }

    private static Protos.Offer.Operation create(Protos.Resource volume) {
        return Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.CREATE)
                .setCreate(Protos.Offer.Operation.Create.newBuilder().addVolumes(volume)).build();
    }

    private static Protos.Offer.Operation destroy(Protos.Resource volume) {
        return Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.DESTROY)
                .setDestroy(Protos.Offer.Operation.Destroy.newBuilder().addVolumes(volume)).build();
    }

    private static Protos.Offer.Operation launch(Protos.TaskInfo task) {
        return Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH)
                .setLaunch(Protos.Offer.Operation.Launch.newBuilder().addTaskInfos(task)).build();
    }

    /** cpus, mem and disk reserved for {@link #ROLE} by {@link #PRINCIPAL} with {@link #LABELS}; zero amounts left out. */
    private static List<Protos.Resource> reservedCpusMemDisk(double cpus, double mem, double disk) {
        List<Protos.Resource> all = new ArrayList<>();
        if (cpus > 0) {
            all.add(reserved("cpus", cpus, ROLE, PRINCIPAL));
        }
        if (mem > 0) {
            all.add(reserved("mem", mem, ROLE, PRINCIPAL));
        }
        if (disk > 0) {
            all.add(reserved("disk", disk, ROLE, PRINCIPAL));
        }
        return all;
    }

    private static Protos.Resource reserved(String name, double amount, String role, String principal) {
        Protos.Resource.ReservationInfo.Builder reservation = Protos.Resource.ReservationInfo.newBuilder()
                .setType(Protos.Resource.ReservationInfo.Type.DYNAMIC).setRole(role).setLabels(protoLabels());
        Optional.ofNullable(principal).ifPresent(reservation::setPrincipal);
        return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(amount)).addReservations(reservation).build();
    }

    private static Protos.Resource staticReserved(String name, double amount, String role) {
        return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(amount))
                .addReservations(Protos.Resource.ReservationInfo.newBuilder()
                        .setType(Protos.Resource.ReservationInfo.Type.STATIC).setRole(role)).build();
    }

    private static Protos.Resource reservedPort(int port) {
        return reserved("ports", 0, ROLE, PRINCIPAL).toBuilder().clearScalar().setType(Protos.Value.Type.RANGES)
                .setRanges(Protos.Value.Ranges.newBuilder().addRange(Protos.Value.Range.newBuilder().setBegin(port).setEnd(port)))
                .build();
    }

    private static Protos.Resource volume(String id, double mb, String containerPath) {
        return reserved("disk", mb, ROLE, PRINCIPAL).toBuilder()
                .setDisk(Protos.Resource.DiskInfo.newBuilder()
                        .setPersistence(Protos.Resource.DiskInfo.Persistence.newBuilder().setId(id).setPrincipal(PRINCIPAL))
                        .setVolume(Protos.Volume.newBuilder().setContainerPath(containerPath).setMode(Protos.Volume.Mode.RW)))
                .build();
    }

    private static Protos.Resource withPersistencePrincipal(Protos.Resource volume, String principal) {
        Protos.Resource.Builder b = volume.toBuilder();
        b.getDiskBuilder().getPersistenceBuilder().setPrincipal(principal);
        return b.build();
    }

    private static Protos.Labels protoLabels() {
        Protos.Labels.Builder labels = Protos.Labels.newBuilder();
        new java.util.TreeMap<>(LABELS).forEach((k, v) -> labels.addLabels(Protos.Label.newBuilder().setKey(k).setValue(v)));
        return labels.build();
    }

    private static Map<String, String> labels(Protos.Resource.ReservationInfo reservation) {
        Map<String, String> labels = new java.util.TreeMap<>();
        reservation.getLabels().getLabelsList().forEach(l -> labels.put(l.getKey(), l.getValue()));
        return labels;
    }

    private static Protos.TaskInfo task(String id, Protos.Offer offer, List<Protos.Resource> resources, Protos.Resource volume) {
        return Protos.TaskInfo.newBuilder()
                .setName(id)
                .setTaskId(Protos.TaskID.newBuilder().setValue(id))
                .setSlaveId(offer.getSlaveId())
                .addAllResources(resources)
                .addResources(volume)
                .setExecutor(Protos.ExecutorInfo.newBuilder()
                        .setExecutorId(Protos.ExecutorID.newBuilder().setValue(id))
                        .setCommand(Protos.CommandInfo.newBuilder().setValue("in-process")))
                .build();
    }

    private static double unreserved(Protos.Offer offer, String name) {
        return offer.getResourcesList().stream().filter(r -> r.getName().equals(name) && r.getReservationsCount() == 0)
                .mapToDouble(r -> r.getScalar().getValue()).sum();
    }

    private static Protos.Filters refuse(double seconds) {
        return Protos.Filters.newBuilder().setRefuseSeconds(seconds).build();
    }
}

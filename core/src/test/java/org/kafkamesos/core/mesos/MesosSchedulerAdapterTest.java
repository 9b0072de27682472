package org.kafkamesos.core.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.offer;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.ports;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.reservedDynamic;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.scalar;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import org.apache.mesos.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kafkamesos.core.model.MesosTaskState;
import org.kafkamesos.core.scheduler.MesosAction;
import org.kafkamesos.core.scheduler.SchedulerEvent;
import org.kafkamesos.placement.Allocation;
import org.kafkamesos.placement.Assignment;

class MesosSchedulerAdapterTest {

    private static final UUID UUID_1 = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

    private final List<SchedulerEvent> events = new ArrayList<>();
    private final MesosSchedulerAdapter adapter = new MesosSchedulerAdapter(events::add);
    private final RecordingDriver driver = new RecordingDriver();
    private final DriverActionSink executor = adapter.actionSink(driver,
            TaskInfoFactory.builder("prod", "https://repo.example/executor.jar").build());

    // --- callbacks -> events

    @Test
    void registered_becomesRegisteredWithTheFrameworkIdAndMaster() {
        adapter.registered(driver, Protos.FrameworkID.newBuilder().setValue("fw-1").build(), master("m1.example", 5050));

        assertThat(events).containsExactly(new SchedulerEvent.Registered("fw-1", "m1.example:5050"));
    }

    @Test
    void reregistered_becomesReregistered() {
        adapter.reregistered(driver, master("m2.example", 5050));

        assertThat(events).containsExactly(new SchedulerEvent.Reregistered("m2.example:5050"));
    }

    @Test
    void master_isTheBestAddressKnown() {
        Protos.MasterInfo.Builder base = Protos.MasterInfo.newBuilder().setId("m").setIp(0).setPort(5050);

        assertThat(MesosSchedulerAdapter.master(base.clone()
                .setAddress(Protos.Address.newBuilder().setIp("10.0.0.7").setPort(5051)).build())).isEqualTo("10.0.0.7:5051");
        assertThat(MesosSchedulerAdapter.master(base.clone().setHostname("m3").build())).isEqualTo("m3:5050");
        assertThat(MesosSchedulerAdapter.master(base.clone().setPid("master@10.0.0.8:5050").build()))
                .isEqualTo("master@10.0.0.8:5050");
    }

    @Test
    void disconnected_becomesDisconnected() {
        adapter.disconnected(driver);

        assertThat(events).containsExactly(new SchedulerEvent.Disconnected());
    }

    @Test
    void resourceOffers_becomeOffersReceivedInPlacementTerms() {
        Protos.Offer o1 = offer("o1", "a1", "h1").addResources(scalar("cpus", 4)).build();
        Protos.Offer o2 = offer("o2", "a2", "h2").addResources(scalar("mem", 1024)).build();

        adapter.resourceOffers(driver, List.of(o1, o2));

        assertThat(events).containsExactly(new SchedulerEvent.OffersReceived(
                List.of(MesosOffers.toOffer(o1), MesosOffers.toOffer(o2))));
        assertThat(driver.calls).isEmpty();
    }

    @Test
    void resourceOffers_malformedOffer_isDeclinedAndLeftOut() {
        Protos.Offer good = offer("good", "a1", "h1").addResources(scalar("cpus", 4)).build();
        Protos.Offer overlapping = offer("bad", "a2", "h2").addResources(ports(31000, 31010))
                .addResources(ports(31005, 31020)).build();

        adapter.resourceOffers(driver, List.of(overlapping, good));

        assertThat(events).containsExactly(new SchedulerEvent.OffersReceived(List.of(MesosOffers.toOffer(good))));
        assertThat(driver.calls).containsExactly("declineOffer bad refuse=600.0");
    }

    @Test
    void resourceOffers_allMalformed_emitNothing() {
        Protos.Offer overlapping = offer("bad", "a2", "h2").addResources(ports(31000, 31010))
                .addResources(ports(31005, 31020)).build();

        adapter.resourceOffers(driver, List.of(overlapping));

        assertThat(events).isEmpty();
    }

    @Test
    void offerRescinded_becomesOfferRescinded() {
        adapter.offerRescinded(driver, Protos.OfferID.newBuilder().setValue("o1").build());

        assertThat(events).containsExactly(new SchedulerEvent.OfferRescinded("o1"));
    }

    @Test
    void statusUpdate_withUuid_carriesItAsTheAckId() {
        byte[] uuid = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        Protos.TaskStatus status = status("prod-3-x", Protos.TaskState.TASK_RUNNING)
                .setSlaveId(Protos.SlaveID.newBuilder().setValue("a1"))
                .setMessage("ready")
                .setUuid(ByteString.copyFrom(uuid))
                .build();

        adapter.statusUpdate(driver, status);

        SchedulerEvent.TaskStatusChanged event = (SchedulerEvent.TaskStatusChanged) events.get(0);
        assertThat(event.taskId()).isEqualTo("prod-3-x");
        assertThat(event.agentId()).isEqualTo("a1");
        assertThat(event.state()).isEqualTo(MesosTaskState.RUNNING);
        assertThat(event.message()).isEqualTo("ready");
        assertThat(event.reason()).isEmpty();
        assertThat(event.ackId()).hasValueSatisfying(ack -> assertThat(ack).containsExactly(uuid));
    }

    @Test
    void statusUpdate_fromTheMaster_needsNoAcknowledgementAndMayLackAnAgent() {
        Protos.TaskStatus status = status("prod-3-x", Protos.TaskState.TASK_LOST)
                .setReason(Protos.TaskStatus.Reason.REASON_RECONCILIATION)
                .setSource(Protos.TaskStatus.Source.SOURCE_MASTER)
                .build();

        adapter.statusUpdate(driver, status);

        assertThat(events).containsExactly(new SchedulerEvent.TaskStatusChanged("prod-3-x", "", MesosTaskState.LOST, "",
                Optional.of("REASON_RECONCILIATION"), Optional.empty()));
    }

    @Test
    void frameworkMessage_becomesFrameworkMessage() {
        adapter.frameworkMessage(driver, Protos.ExecutorID.newBuilder().setValue("e1").build(),
                Protos.SlaveID.newBuilder().setValue("a1").build(), new byte[] {42});

        SchedulerEvent.FrameworkMessage event = (SchedulerEvent.FrameworkMessage) events.get(0);
        assertThat(event.executorId()).isEqualTo("e1");
        assertThat(event.agentId()).isEqualTo("a1");
        assertThat(event.data()).containsExactly(42);
    }

    @Test
    void slaveLost_becomesAgentLost() {
        adapter.slaveLost(driver, Protos.SlaveID.newBuilder().setValue("a1").build());

        assertThat(events).containsExactly(new SchedulerEvent.AgentLost("a1"));
    }

    @Test
    void executorLost_becomesExecutorLostWithItsStatus() {
        adapter.executorLost(driver, Protos.ExecutorID.newBuilder().setValue("e1").build(),
                Protos.SlaveID.newBuilder().setValue("a1").build(), 137);

        assertThat(events).containsExactly(new SchedulerEvent.ExecutorLost("e1", "a1", 137));
    }

    @Test
    void error_becomesDisconnected() {
        adapter.error(driver, "Framework has been removed");

        assertThat(events).containsExactly(new SchedulerEvent.Disconnected());
    }

    @Test
    void callbacks_neverThrow_evenWhenTheConsumerDoes() {
        MesosSchedulerAdapter failing = new MesosSchedulerAdapter(e -> {
            throw new IllegalStateException("queue full");
        });

        assertThatCode(() -> {
            failing.registered(driver, Protos.FrameworkID.newBuilder().setValue("fw").build(), master("m", 5050));
            failing.statusUpdate(driver, status("t", Protos.TaskState.TASK_RUNNING).build());
            failing.resourceOffers(driver, List.of(offer("o1", "a1", "h1").build()));
            failing.disconnected(driver);
        }).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @EnumSource(Protos.TaskState.class)
    void taskState_mapsEveryMesosStateToTheSameNamedDomainState(Protos.TaskState mesos) {
        assertThat(MesosSchedulerAdapter.taskState(mesos).name()).isEqualTo(mesos.name().substring("TASK_".length()));
    }

    @Test
    void taskState_coversEveryDomainState() {
        Set<MesosTaskState> mapped = Arrays.stream(Protos.TaskState.values()).map(MesosSchedulerAdapter::taskState)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(MesosTaskState.class)));

        assertThat(mapped).isEqualTo(EnumSet.allOf(MesosTaskState.class));
    }

    // --- actions -> driver calls

    @Test
    void execute_launchesOnOneOffer_goInOneCallWhereTheFirstStands() {
        executor.execute(List.of(
                launch(3, "offer-1", 31000, 31001),
                new MesosAction.Decline("offer-9", Duration.ofSeconds(30)),
                launch(5, "offer-2", 31000, 31001),
                launch(4, "offer-1", 31002, 31003)));

        assertThat(driver.calls).containsExactly(
                "launchTasks [offer-1] [prod-3-" + UUID_1 + ", prod-4-" + UUID_1 + "] refuse=5.0",
                "declineOffer offer-9 refuse=30.0",
                "launchTasks [offer-2] [prod-5-" + UUID_1 + "] refuse=5.0");
    }

    @Test
    void execute_launchOnAnOfferInHand_cutsItsResourcesFromThatOffer() {
        Protos.Offer offered = offer("offer-1", "agent-1", "h1")
                .addResources(reservedDynamic(scalar("cpus", 4), "kafka", "ops"))
                .addResources(ports(31000, 31010))
                .build();
        adapter.resourceOffers(driver, List.of(offered));
        MesosAction.Launch launch = new MesosAction.Launch("prod-3-" + UUID_1, 3,
                assignment(3, "offer-1", List.of(new Allocation("kafka", 1, 0, 0, List.of()),
                        new Allocation("*", 0, 0, 0, List.of(31000, 31001)))),
                TaskInfoFactoryTest.spec(3, 31000, 31001));

        executor.execute(List.of(launch));
        executor.execute(List.of(launch));

        Protos.Resource fromOffer = driver.launched.get(0).get(0).getResources(0);
        assertThat(fromOffer.getReservations(0).getPrincipal()).isEqualTo("ops");
        Protos.Resource afterUse = driver.launched.get(1).get(0).getResources(0);
        assertThat(afterUse.getReservations(0).getType()).isEqualTo(Protos.Resource.ReservationInfo.Type.STATIC);
    }

    @Test
    void execute_launchAfterRescindOrDisconnect_namesReservationsByRole() {
        Protos.Offer offered = offer("offer-1", "agent-1", "h1")
                .addResources(reservedDynamic(scalar("cpus", 4), "kafka", "ops")).build();
        MesosAction.Launch launch = new MesosAction.Launch("prod-3-" + UUID_1, 3,
                assignment(3, "offer-1", List.of(new Allocation("kafka", 1, 0, 0, List.of(31000, 31001)))),
                TaskInfoFactoryTest.spec(3, 31000, 31001));

        adapter.resourceOffers(driver, List.of(offered));
        adapter.offerRescinded(driver, offered.getId());
        executor.execute(List.of(launch));
        adapter.resourceOffers(driver, List.of(offered));
        adapter.disconnected(driver);
        executor.execute(List.of(launch));

        assertThat(driver.launched).hasSize(2).allSatisfy(tasks ->
                assertThat(tasks.get(0).getResources(0).getReservations(0).getType())
                        .isEqualTo(Protos.Resource.ReservationInfo.Type.STATIC));
    }

    @Test
    void execute_refusedLaunch_isLeftOutAndItsOfferDeclined() {
        MesosAction.Launch badTaskId = new MesosAction.Launch("prod-3-oops", 3,
                assignment(3, "offer-1", List.of(new Allocation("*", 1, 1024, 0, List.of(31000, 31001)))),
                TaskInfoFactoryTest.spec(3, 31000, 31001));

        executor.execute(List.of(badTaskId, launch(5, "offer-2", 31000, 31001)));

        assertThat(driver.calls).containsExactly(
                "declineOffer offer-1 refuse=5.0",
                "launchTasks [offer-2] [prod-5-" + UUID_1 + "] refuse=5.0");
    }

    @Test
    void execute_decline_refusesForTheGivenTime() {
        executor.execute(List.of(new MesosAction.Decline("o1", Duration.ofMillis(1500))));

        assertThat(driver.calls).containsExactly("declineOffer o1 refuse=1.5");
    }

    @Test
    void execute_kill_killsTheTask() {
        executor.execute(List.of(new MesosAction.Kill("prod-3-x", Optional.of("a1"))));

        assertThat(driver.calls).containsExactly("killTask prod-3-x");
    }

    @Test
    void execute_explicitReconcile_asksForEachTaskWithAStagingPlaceholder() {
        executor.execute(List.of(new MesosAction.Reconcile(List.of(
                new MesosAction.TaskRef("prod-3-x", Optional.of("a1")),
                new MesosAction.TaskRef("prod-4-y", Optional.empty())))));

        assertThat(driver.calls).containsExactly("reconcileTasks [prod-3-x@a1:TASK_STAGING, prod-4-y@:TASK_STAGING]");
    }

    @Test
    void execute_implicitReconcile_sendsNoStatus() {
        executor.execute(List.of(new MesosAction.Reconcile(List.of())));

        assertThat(driver.calls).containsExactly("reconcileTasks []");
    }

    @Test
    void execute_suppressAndRevive_callTheDriver() {
        executor.execute(List.of(new MesosAction.Suppress(), new MesosAction.Revive()));

        assertThat(driver.calls).containsExactly("suppressOffers", "reviveOffers");
    }

    @Test
    void execute_acknowledge_sendsTheUpdatesUuidBack() {
        byte[] uuid = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};
        adapter.statusUpdate(driver, status("prod-3-x", Protos.TaskState.TASK_RUNNING)
                .setSlaveId(Protos.SlaveID.newBuilder().setValue("a1")).setUuid(ByteString.copyFrom(uuid)).build());
        SchedulerEvent.TaskStatusChanged event = (SchedulerEvent.TaskStatusChanged) events.get(0);

        executor.execute(List.of(new MesosAction.Acknowledge(event.taskId(), event.agentId(), event.ackId().orElseThrow())));

        assertThat(driver.calls).containsExactly("acknowledgeStatusUpdate prod-3-x@a1");
        assertThat(driver.acknowledged.get(0).getUuid().toByteArray()).containsExactly(uuid);
    }

    @Test
    void execute_driverNotRunning_isLoggedNotThrown() {
        driver.status = Protos.Status.DRIVER_ABORTED;

        assertThatCode(() -> executor.execute(List.of(new MesosAction.Revive(), new MesosAction.Kill("t", Optional.empty()))))
                .doesNotThrowAnyException();
        assertThat(driver.calls).containsExactly("reviveOffers", "killTask t");
    }

    // --- protobuf-java's warning about Mesos' generated classes

    @Test
    void gencodeWarning_parsingAMesosMessage_warnsUnlessFiltered() throws Exception {
        assumeTrue(System.getProperty("com.google.protobuf.use_unsafe_pre22_gencode") == null,
                "protobuf's own switch silences the warning for every type");
        java.util.logging.Logger protobuf = java.util.logging.Logger.getLogger("com.google.protobuf.GeneratedMessage");
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Filter installed = protobuf.getFilter();
        boolean toParents = protobuf.getUseParentHandlers();
        protobuf.addHandler(capture);
        protobuf.setUseParentHandlers(false);
        try {
            protobuf.setFilter(null);
            Protos.Value.Text.parseFrom(Protos.Value.Text.newBuilder().setValue("x").build().toByteArray());
            assertThat(logged).singleElement().asString()
                    .startsWith("Vulnerable protobuf generated type in use: org.apache.mesos.Protos$Value$Text")
                    .contains("GHSA-h4h5-3hr4-j3g2");

            logged.clear();
            MesosSchedulerAdapter.filterMesosGencodeWarnings();
            Protos.Value.Set.parseFrom(Protos.Value.Set.newBuilder().addItem("x").build().toByteArray());
            assertThat(logged).isEmpty();
        } finally {
            protobuf.removeHandler(capture);
            protobuf.setUseParentHandlers(toParents);
            protobuf.setFilter(installed);
        }
    }

    private static LogRecord warning(String type) {
        return new LogRecord(Level.WARNING, "Vulnerable protobuf generated type in use: " + type + "\nAs of 2022/09/29 ...");
    }

    private static Protos.MasterInfo master(String host, int port) {
        return Protos.MasterInfo.newBuilder().setId("m").setIp(0).setPort(port)
                .setAddress(Protos.Address.newBuilder().setHostname(host).setPort(port)).build();
    }

    private static Protos.TaskStatus.Builder status(String taskId, Protos.TaskState state) {
        return Protos.TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(taskId)).setState(state);
    }

    private static MesosAction.Launch launch(int broker, String offerId, int brokerPort, int controllerPort) {
        return new MesosAction.Launch("prod-" + broker + "-" + UUID_1, broker,
                assignment(broker, offerId, List.of(new Allocation("*", 1, 1024, 0, List.of(brokerPort, controllerPort)))),
                TaskInfoFactoryTest.spec(broker, brokerPort, controllerPort));
    }

    private static Assignment assignment(int broker, String offerId, List<Allocation> allocations) {
        List<Integer> ports = new ArrayList<>();
        allocations.forEach(a -> ports.addAll(a.ports()));
        return new Assignment(broker, offerId, "agent-1", "h1", ports, Optional.empty(), allocations);
    }
}

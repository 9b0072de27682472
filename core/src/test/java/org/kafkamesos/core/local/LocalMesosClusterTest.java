package org.kafkamesos.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.Protos;
import org.apache.mesos.SchedulerDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkamesos.core.mesos.FrameworkSettings;
import org.kafkamesos.core.model.MesosTaskState;
import org.kafkamesos.executor.LogFile;

class LocalMesosClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path workDir;

    private final FakeExecutorRuntimes runtimes = new FakeExecutorRuntimes();
    private LocalMesosCluster cluster;
    private final List<SchedulerDriver> drivers = new ArrayList<>();

    /** How the tests' schedulers reach the master; {@code LocalMesosClusterHttpTest} runs them all over HTTP. */
    SchedulerTransport transport() {
        return SchedulerTransport.IN_PROCESS;
    }

    @BeforeEach
    void startCluster() {
        cluster = transport().configure(LocalMesosCluster.builder(workDir))
                .agents(2)
                .offerInterval(Duration.ofMillis(50))
                .statusUpdateRetry(Duration.ofMillis(300))
                .runtimeFactory(runtimes)
                .build();
    }

    @AfterEach
    void closeCluster() {
        cluster.close();
        drivers.forEach(SchedulerDriver::abort); // a driver over HTTP would go on subscribing to the closed master
    }

    // ------------------------------------------------------------------ offers

    @Test
    void offers_everyAgent_offeredOnceWithAllItsResourcesAndAttributes() {
        RecordingScheduler scheduler = new RecordingScheduler();
        start(scheduler, framework(true));

        Protos.Offer first = awaitOffer(scheduler, "agent-1");
        Protos.Offer second = awaitOffer(scheduler, "agent-2");

        assertThat(first.getHostname()).isEqualTo("127.0.0.1");
        assertThat(second.getHostname()).isEqualTo("127.0.0.2");
        assertThat(first.getFrameworkId().getValue()).isEqualTo(scheduler.frameworkId());
        assertThat(scalar(first, "cpus")).isEqualTo(4.0);
        assertThat(scalar(first, "mem")).isEqualTo(8192.0);
        assertThat(scalar(first, "disk")).isEqualTo(20480.0);
        assertThat(ports(first)).isEqualTo("9092-9100");
        assertThat(first.getAttributesList()).singleElement()
                .satisfies(a -> assertThat(a.getName() + "=" + a.getText().getValue()).isEqualTo("rack=r1"));
        assertThat(first.getId()).isNotEqualTo(second.getId());
        // An outstanding offer holds the agent's resources: no second offer until it is used or declined.
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> scheduler.offers().size() == 2);
    }

    @Test
    void declineOffer_withRefuseSeconds_noOfferOfThatAgentUntilTheFilterExpires() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(true));
        Protos.Offer offer = awaitOffer(scheduler, "agent-1");

        driver.declineOffer(offer.getId(), refuse(1.0));

        await().during(Duration.ofMillis(700)).atMost(WAIT).until(() -> scheduler.offersOf("agent-1").size() == 1);
        await().atMost(WAIT).until(() -> scheduler.offersOf("agent-1").size() == 2);
    }

    @Test
    void declineOffer_withoutFilters_refusesForMesosDefault_andReviveClearsTheFilter() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(true));
        Protos.Offer offer = awaitOffer(scheduler, "agent-1");

        driver.declineOffer(offer.getId());
        await().during(Duration.ofMillis(700)).atMost(WAIT).until(() -> scheduler.offersOf("agent-1").size() == 1);
        driver.reviveOffers();

        await().atMost(Duration.ofSeconds(2)).until(() -> scheduler.offersOf("agent-1").size() == 2);
    }

    @Test
    void aFilter_blocksOnlyOffersWithinWhatWasRefused_resourcesFreedSinceAreOfferedAtOnceWithTheRest() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(true));
        launchRunning(driver, scheduler, "t1", "agent-1");
        await().atMost(WAIT).until(() -> scheduler.offersOf("agent-1").size() == 2);
        Protos.Offer rest = awaitOffer(scheduler, "agent-1");
        driver.declineOffer(rest.getId(), refuse(3600));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> scheduler.offersOf("agent-1").size() == 2);

        driver.killTask(taskId("t1"));

        // Mesos' RefusedOfferFilter: the agent's resources are now more than those refused, so they are offered
        await().atMost(WAIT).until(() -> scheduler.offersOf("agent-1").size() == 3);
        Protos.Offer all = awaitOffer(scheduler, "agent-1");
        assertThat(scalar(all, "cpus")).isEqualTo(4.0);
        assertThat(scalar(all, "mem")).isEqualTo(8192.0);
    }

    @Test
    void suppressOffers_stopsOffers_untilRevived() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(true));
        Protos.Offer first = awaitOffer(scheduler, "agent-1");
        Protos.Offer second = awaitOffer(scheduler, "agent-2");

        driver.suppressOffers();
        driver.declineOffer(first.getId(), refuse(0));
        driver.declineOffer(second.getId(), refuse(0));

        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> scheduler.offers().size() == 2);
        driver.reviveOffers();
        await().atMost(WAIT).until(() -> scheduler.offers().size() == 4);
    }

    // ------------------------------------------------------------------ launch

    @Test
    void launchTasks_taskHoldsItsResources_theNextOfferHoldsTheRest() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(true));
        Protos.Offer offer = awaitOffer(scheduler, "agent-1");

        driver.launchTasks(List.of(offer.getId()), List.of(task("t1", offer, 1, 1024, 9092)), refuse(0));

        await().atMost(WAIT).until(() -> scheduler.offersOf("agent-1").size() == 2);
        Protos.Offer rest = scheduler.offersOf("agent-1").get(1);
        assertThat(scalar(rest, "cpus")).isEqualTo(3.0);
        assertThat(scalar(rest, "mem")).isEqualTo(7168.0);
        assertThat(ports(rest)).isEqualTo("9093-9100");
        assertThat(cluster.agents().get(0).tasks()).isEqualTo(1);
    }

    @Test
    void launchTasks_runsTheExecutorInItsSandbox_updatesInOrderWithUuidSourceAgentAndExecutor() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(true));
        Protos.Offer offer = awaitOffer(scheduler, "agent-1");

        driver.launchTasks(List.of(offer.getId()), List.of(task("t1", offer, 1, 1024)));

        await().atMost(WAIT).until(() -> scheduler.states("t1").size() == 2);
        assertThat(scheduler.states("t1")).containsExactly(Protos.TaskState.TASK_STARTING, Protos.TaskState.TASK_RUNNING);
        assertThat(scheduler.statuses("t1")).allSatisfy(s -> {
            assertThat(s.getUuid().size()).isEqualTo(16);
            assertThat(s.getSource()).isEqualTo(Protos.TaskStatus.Source.SOURCE_EXECUTOR);
            assertThat(s.getSlaveId().getValue()).isEqualTo("agent-1");
            assertThat(s.getExecutorId().getValue()).isEqualTo("t1");
        });
        assertThat(scheduler.statuses("t1").get(0).getUuid()).isNotEqualTo(scheduler.statuses("t1").get(1).getUuid());
        assertThat(cluster.tasks()).containsExactly(
                new LocalTask("t1", scheduler.frameworkId(), "agent-1", "127.0.0.1", MesosTaskState.RUNNING));
        Path sandbox = cluster.sandbox("t1").orElseThrow();
        assertThat(sandbox).isDirectory().startsWith(workDir.resolve("agent-1").resolve("frameworks")
                .resolve(scheduler.frameworkId()).resolve("executors").resolve("t1").resolve("runs"));
        assertThat(cluster.logTail("t1", LogFile.STDOUT, 10)).isEqualTo("log of t1\n");
    }

    @Test
    void launchTasks_invalidTasks_getTaskErrorWithTheReason_theValidOneRuns() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(true));
        Protos.Offer offer = awaitOffer(scheduler, "agent-1");
        Protos.TaskInfo noExecutor = task("t4", offer, 0.1, 32).toBuilder().clearExecutor()
                .setCommand(Protos.CommandInfo.newBuilder().setValue("sleep 1")).build();

        driver.launchTasks(List.of(offer.getId()), List.of(task("t1", offer, 1, 1024), task("t1", offer, 1, 1024),
                task("t3", offer, 10, 1024), noExecutor, task("t5", offer, 1, 1024).toBuilder()
                        .setSlaveId(Protos.SlaveID.newBuilder().setValue("agent-2")).build()));

        await().atMost(WAIT).until(() -> scheduler.states("t1").contains(Protos.TaskState.TASK_RUNNING)
                && scheduler.statuses().stream().filter(s -> s.getState() == Protos.TaskState.TASK_ERROR).count() == 4);
        List<Protos.TaskStatus> errors = scheduler.statuses().stream()
                .filter(s -> s.getState() == Protos.TaskState.TASK_ERROR).toList();
        assertThat(errors).allSatisfy(s -> {
            assertThat(s.getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_TASK_INVALID);
            assertThat(s.getSource()).isEqualTo(Protos.TaskStatus.Source.SOURCE_MASTER);
            assertThat(s.hasUuid()).isFalse();
        });
        assertThat(errors).extracting(Protos.TaskStatus::getMessage).satisfiesExactly(
                m -> assertThat(m).contains("duplicate ID: t1"),
                m -> assertThat(m).contains("more resources"),
                m -> assertThat(m).contains("no executor"),
                m -> assertThat(m).contains("agent agent-2"));
    }

    @Test
    void launchTasks_onRescindedOffer_taskDroppedForPartitionAwareFrameworks() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(true));
        Protos.Offer offer = awaitOffer(scheduler, "agent-1");

        cluster.rescindOffers();
        await().atMost(WAIT).until(() -> scheduler.names().contains("offerRescinded"));
        driver.launchTasks(List.of(offer.getId()), List.of(task("t1", offer, 1, 1024)));

        await().atMost(WAIT).until(() -> !scheduler.statuses("t1").isEmpty());
        Protos.TaskStatus dropped = scheduler.statuses("t1").get(0);
        assertThat(dropped.getState()).isEqualTo(Protos.TaskState.TASK_DROPPED);
        assertThat(dropped.getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_INVALID_OFFERS);
        assertThat(cluster.tasks()).isEmpty();
    }

    @Test
    void launchTasks_onRescindedOffer_taskLostForOtherFrameworks() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(false));
        Protos.Offer offer = awaitOffer(scheduler, "agent-1");

        cluster.rescindOffers();
        driver.launchTasks(List.of(offer.getId()), List.of(task("t1", offer, 1, 1024)));

        await().atMost(WAIT).until(() -> !scheduler.statuses("t1").isEmpty());
        assertThat(scheduler.statuses("t1").get(0).getState()).isEqualTo(Protos.TaskState.TASK_LOST);
        assertThat(scheduler.statuses("t1").get(0).getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_INVALID_OFFERS);
    }

    // ------------------------------------------------------------------ status updates

    @Test
    void statusUpdates_unacknowledged_areResent_andTheNextWaitsForTheAcknowledgement() {
        RecordingScheduler scheduler = new RecordingScheduler().acknowledging(false);
        SchedulerDriver driver = start(scheduler, framework(true));
        Protos.Offer offer = awaitOffer(scheduler, "agent-1");

        driver.launchTasks(List.of(offer.getId()), List.of(task("t1", offer, 1, 1024)));

        await().atMost(WAIT).until(() -> scheduler.states("t1").size() >= 2);
        assertThat(scheduler.states("t1")).containsOnly(Protos.TaskState.TASK_STARTING);
        assertThat(scheduler.statuses("t1")).extracting(Protos.TaskStatus::getUuid).containsOnly(
                scheduler.statuses("t1").get(0).getUuid());

        driver.acknowledgeStatusUpdate(scheduler.statuses("t1").get(0));

        await().atMost(WAIT).until(() -> scheduler.states("t1").contains(Protos.TaskState.TASK_RUNNING));
        List<Protos.TaskState> states = scheduler.states("t1");
        assertThat(states.subList(states.indexOf(Protos.TaskState.TASK_RUNNING), states.size()))
                .containsOnly(Protos.TaskState.TASK_RUNNING);
    }

    // ------------------------------------------------------------------ kill

    @Test
    void killTask_runningTask_killingThenKilled_theTaskIsForgottenAndItsResourcesFree() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(true));
        launchRunning(driver, scheduler, "t1", "agent-1");

        driver.killTask(taskId("t1"));

        await().atMost(WAIT).until(() -> scheduler.states("t1").contains(Protos.TaskState.TASK_KILLED));
        assertThat(scheduler.states("t1")).containsExactly(Protos.TaskState.TASK_STARTING, Protos.TaskState.TASK_RUNNING,
                Protos.TaskState.TASK_KILLING, Protos.TaskState.TASK_KILLED);
        await().atMost(WAIT).until(() -> cluster.tasks().isEmpty() && cluster.agents().get(0).tasks() == 0);
        await().atMost(WAIT).until(() -> scheduler.names().contains("executorLost"));
    }

    @Test
    void killTask_unknownTask_answeredAsReconciliation_taskUnknown() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(true));

        driver.killTask(taskId("nothing"));

        await().atMost(WAIT).until(() -> !scheduler.statuses("nothing").isEmpty());
        Protos.TaskStatus answer = scheduler.statuses("nothing").get(0);
        assertThat(answer.getState()).isEqualTo(Protos.TaskState.TASK_UNKNOWN);
        assertThat(answer.getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_RECONCILIATION);
        assertThat(answer.hasUuid()).isFalse();
    }

    @Test
    void executor_taskFailsOnItsOwn_failedWithTheMessage_thenExecutorLost() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(true));
        launchRunning(driver, scheduler, "t1", "agent-1");

        runtimes.fail("t1", "Kafka exited with 1");

        await().atMost(WAIT).until(() -> scheduler.states("t1").contains(Protos.TaskState.TASK_FAILED));
        assertThat(scheduler.statuses("t1").get(2).getMessage()).isEqualTo("Kafka exited with 1");
        await().atMost(WAIT).until(() -> scheduler.names().contains("executorLost"));
    }

    // ------------------------------------------------------------------ reconciliation

    @Test
    void reconcileTasks_explicit_answersPerTheMesosTable() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(true));
        launchRunning(driver, scheduler, "t1", "agent-1");
        cluster.loseAgent("agent-2");

        driver.reconcileTasks(List.of(asked("t1", "agent-1"), asked("gone", "agent-1"), asked("cut-off", "agent-2"),
                asked("nowhere", "agent-9"), asked("no-agent", null)));

        await().atMost(WAIT).until(() -> scheduler.states("no-agent").size() == 1);
        assertThat(scheduler.states("t1")).last().isEqualTo(Protos.TaskState.TASK_RUNNING);
        assertThat(scheduler.states("gone")).containsExactly(Protos.TaskState.TASK_GONE);
        assertThat(scheduler.states("cut-off")).containsExactly(Protos.TaskState.TASK_UNREACHABLE);
        assertThat(scheduler.states("nowhere")).containsExactly(Protos.TaskState.TASK_UNKNOWN);
        assertThat(scheduler.states("no-agent")).containsExactly(Protos.TaskState.TASK_UNKNOWN);
        for (String task : List.of("gone", "cut-off", "nowhere", "no-agent")) {
            Protos.TaskStatus answer = scheduler.statuses(task).get(0);
            assertThat(answer.getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_RECONCILIATION);
            assertThat(answer.getSource()).isEqualTo(Protos.TaskStatus.Source.SOURCE_MASTER);
            assertThat(answer.hasUuid()).isFalse();
        }
        Protos.TaskStatus known = scheduler.statuses("t1").get(scheduler.statuses("t1").size() - 1);
        assertThat(known.getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_RECONCILIATION);
        assertThat(known.hasUuid()).isFalse();
    }

    @Test
    void reconcileTasks_explicit_unknownTasksAreLostForFrameworksThatAreNotPartitionAware() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(false));
        cluster.loseAgent("agent-2");

        driver.reconcileTasks(List.of(asked("gone", "agent-1"), asked("cut-off", "agent-2"), asked("nowhere", "agent-9")));

        await().atMost(WAIT).until(() -> scheduler.statuses().size() == 3);
        assertThat(scheduler.statuses()).extracting(Protos.TaskStatus::getState).containsOnly(Protos.TaskState.TASK_LOST);
    }

    @Test
    void reconcileTasks_implicit_answersTheLatestStateOfEveryNonTerminalTask() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(true));
        launchRunning(driver, scheduler, "t1", "agent-1");
        launchRunning(driver, scheduler, "t2", "agent-2");
        driver.killTask(taskId("t2"));
        await().atMost(WAIT).until(() -> cluster.tasks().size() == 1);
        int before = scheduler.statuses().size();

        driver.reconcileTasks(List.of());

        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> scheduler.statuses().size() == before + 1);
        Protos.TaskStatus answer = scheduler.statuses().get(before);
        assertThat(answer.getTaskId().getValue()).isEqualTo("t1");
        assertThat(answer.getState()).isEqualTo(Protos.TaskState.TASK_RUNNING);
        assertThat(answer.getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_RECONCILIATION);
    }

    // ------------------------------------------------------------------ framework failover and teardown

    @Test
    void stopWithFailover_keepsTheTasks_aNewDriverWithTheIdRegistersAndGetsTheUnacknowledgedUpdates() {
        RecordingScheduler first = new RecordingScheduler().acknowledging(false);
        SchedulerDriver driver = start(first, framework(true));
        Protos.Offer offer = awaitOffer(first, "agent-1");
        driver.launchTasks(List.of(offer.getId()), List.of(task("t1", offer, 1, 1024)));
        await().atMost(WAIT).until(() -> !first.statuses("t1").isEmpty());

        assertThat(driver.stop(true)).isEqualTo(Protos.Status.DRIVER_STOPPED);
        assertThat(runtimes.activeTasks()).containsExactly("t1");

        RecordingScheduler second = new RecordingScheduler();
        start(second, framework(true).toBuilder().setId(Protos.FrameworkID.newBuilder().setValue(first.frameworkId())).build());
        assertThat(second.frameworkId()).isEqualTo(first.frameworkId());
        await().atMost(WAIT).until(() -> second.states("t1").contains(Protos.TaskState.TASK_RUNNING));
        assertThat(second.states("t1")).containsExactly(Protos.TaskState.TASK_STARTING, Protos.TaskState.TASK_RUNNING);
        assertThat(second.statuses("t1").get(0).getUuid()).isEqualTo(first.statuses("t1").get(0).getUuid());
        assertThat(runtimes.activeTasks()).containsExactly("t1");
    }

    @Test
    void newDriverWithTheIdOfAConnectedFramework_theOldDriverGetsAnErrorAndAborts() {
        RecordingScheduler first = new RecordingScheduler();
        SchedulerDriver old = start(first, framework(true));

        RecordingScheduler second = new RecordingScheduler();
        start(second, framework(true).toBuilder().setId(Protos.FrameworkID.newBuilder().setValue(first.frameworkId())).build());

        await().atMost(WAIT).until(() -> first.names().contains("error"));
        assertThat(first.calls()).last().isEqualTo(new RecordingScheduler.Call("error", "Framework failed over"));
        assertThat(old.join()).isEqualTo(Protos.Status.DRIVER_ABORTED);
    }

    @Test
    void stopWithoutFailover_tearsTheFrameworkDown_killsItsTasks_andRefusesItsIdAfterwards() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(true));
        launchRunning(driver, scheduler, "t1", "agent-1");

        assertThat(driver.stop()).isEqualTo(Protos.Status.DRIVER_STOPPED);

        await().atMost(WAIT).until(() -> runtimes.activeTasks().isEmpty() && cluster.tasks().isEmpty());
        RecordingScheduler again = new RecordingScheduler();
        SchedulerDriver refused = transport().driver(cluster, again,
                framework(true).toBuilder().setId(Protos.FrameworkID.newBuilder().setValue(scheduler.frameworkId())).build());
        refused.start();
        assertThat(refused.join()).isEqualTo(Protos.Status.DRIVER_ABORTED);
        assertThat(again.calls()).containsExactly(new RecordingScheduler.Call("error", "Framework has been removed"));
    }

    @Test
    void abort_failoverTimeoutElapsesWithoutAScheduler_theTasksAreKilled() {
        RecordingScheduler scheduler = new RecordingScheduler();
        Protos.FrameworkInfo info = FrameworkSettings.builder("test", "*").failoverTimeout(Duration.ofMillis(300)).build()
                .frameworkInfo();
        SchedulerDriver driver = start(scheduler, info);
        launchRunning(driver, scheduler, "t1", "agent-1");

        assertThat(driver.abort()).isEqualTo(Protos.Status.DRIVER_ABORTED);
        assertThat(runtimes.activeTasks()).containsExactly("t1");

        await().atMost(WAIT).until(() -> runtimes.activeTasks().isEmpty() && cluster.tasks().isEmpty());
    }

    // ------------------------------------------------------------------ agent loss

    @Test
    void loseAgent_rescindsItsOffers_tasksUnreachable_slaveLost_andRestoreBringsTheTasksBack() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(true));
        launchRunning(driver, scheduler, "t1", "agent-1");
        await().atMost(WAIT).until(() -> scheduler.offersOf("agent-1").size() == 2);
        String outstanding = scheduler.offersOf("agent-1").get(1).getId().getValue();
        int before = scheduler.calls().size();

        cluster.loseAgent("agent-1");

        await().atMost(WAIT).until(() -> scheduler.names().contains("slaveLost"));
        List<RecordingScheduler.Call> after = scheduler.calls().subList(before, scheduler.calls().size());
        assertThat(after).extracting(RecordingScheduler.Call::name)
                .containsExactly("offerRescinded", "statusUpdate", "slaveLost");
        assertThat(after.get(0).payload()).isEqualTo(outstanding);
        Protos.TaskStatus unreachable = (Protos.TaskStatus) after.get(1).payload();
        assertThat(unreachable.getState()).isEqualTo(Protos.TaskState.TASK_UNREACHABLE);
        assertThat(unreachable.getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_SLAVE_REMOVED);
        assertThat(unreachable.getSource()).isEqualTo(Protos.TaskStatus.Source.SOURCE_MASTER);
        assertThat(after.get(2).payload()).isEqualTo("agent-1");
        assertThat(runtimes.activeTasks()).containsExactly("t1");
        assertThat(cluster.tasks()).extracting(LocalTask::state).containsExactly(MesosTaskState.UNREACHABLE);
        assertThat(cluster.agents().get(0).reachable()).isFalse();

        cluster.restoreAgent("agent-1");

        await().atMost(WAIT).until(() -> scheduler.states("t1").get(scheduler.states("t1").size() - 1)
                == Protos.TaskState.TASK_RUNNING);
        assertThat(cluster.tasks()).extracting(LocalTask::state).containsExactly(MesosTaskState.RUNNING);
        await().atMost(WAIT).until(() -> scheduler.offersOf("agent-1").size() == 3);
    }

    @Test
    void loseAgent_frameworkNotPartitionAware_taskLost_andKilledWhenTheAgentReturns() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(false));
        launchRunning(driver, scheduler, "t1", "agent-1");

        cluster.loseAgent("agent-1");

        await().atMost(WAIT).until(() -> scheduler.states("t1").contains(Protos.TaskState.TASK_LOST));
        assertThat(cluster.tasks()).isEmpty();
        assertThat(runtimes.activeTasks()).containsExactly("t1");

        cluster.restoreAgent("agent-1");

        await().atMost(WAIT).until(() -> runtimes.activeTasks().isEmpty());
    }

    @Test
    void loseAgent_updatesSentMeanwhileWait_andGoOutWhenTheAgentReturns() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(true));
        launchRunning(driver, scheduler, "t1", "agent-1");
        cluster.loseAgent("agent-1");

        runtimes.fail("t1", "Kafka exited with 1");
        await().during(Duration.ofMillis(400)).atMost(WAIT)
                .until(() -> !scheduler.states("t1").contains(Protos.TaskState.TASK_FAILED));

        cluster.restoreAgent("agent-1");

        await().atMost(WAIT).until(() -> scheduler.states("t1").contains(Protos.TaskState.TASK_FAILED));
        await().atMost(WAIT).until(() -> cluster.tasks().isEmpty());
    }

    // ------------------------------------------------------------------ robustness and closing

    @Test
    void callbackThatThrows_isLogged_andLaterCallbacksAreStillDelivered() {
        RecordingScheduler scheduler = new RecordingScheduler();
        scheduler.throwOnOffers(new IllegalStateException("scheduler bug"));
        start(scheduler, framework(true));
        awaitOffer(scheduler, "agent-1");

        cluster.rescindOffers();

        await().atMost(WAIT).until(() -> scheduler.names().contains("offerRescinded") && scheduler.offers().size() >= 4);
    }

    @Test
    void close_killsEveryTask_endsTheDriversInThisJvm_disconnectsThoseOverHttp_andIsIdempotent() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerDriver driver = start(scheduler, framework(true));
        launchRunning(driver, scheduler, "t1", "agent-1");
        launchRunning(driver, scheduler, "t2", "agent-2");

        cluster.close();

        assertThat(runtimes.activeTasks()).isEmpty();
        if (transport() == SchedulerTransport.IN_PROCESS) {
            assertThat(driver.join()).isEqualTo(Protos.Status.DRIVER_STOPPED);
        } else {
            // a master that goes away ends no driver over HTTP: it is disconnected and subscribes again, as to a master
            // that fails over
            await().atMost(WAIT).until(() -> scheduler.names().contains("disconnected"));
        }
        cluster.close();
    }

    @Test
    void build_agentAddressNotOnThisMachine_failsNamingTheAddressAndTheMacOsAlias() {
        LocalMesosCluster.Builder builder = LocalMesosCluster.builder(workDir.resolve("other"))
                .agent(LocalAgent.builder("agent-1", "192.0.2.1").build());

        assertThatThrownBy(builder::build).isInstanceOf(LocalClusterException.class)
                .hasMessageContaining("192.0.2.1").hasMessageContaining("ifconfig lo0 alias 192.0.2.1");
    }

    @Test
    void build_sameAgentIdTwice_isRefused() {
        LocalMesosCluster.Builder builder = LocalMesosCluster.builder(workDir.resolve("other")).agents(1)
                .agent(LocalAgent.builder("agent-1", "127.0.0.1").build());

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("agent-1");
    }

    @Test
    void build_onAWorkFolderAnotherClusterUses_isRefusedSayingSo() {
        LocalMesosCluster.Builder second = LocalMesosCluster.builder(workDir).agents(1).runtimeFactory(runtimes);

        assertThatThrownBy(second::build).isInstanceOf(LocalClusterException.class)
                .hasMessageContaining("is in use by another local cluster");
    }

    @Test
    void build_endsTheProcessesAnEarlierClusterLeftRunningInItsWorkFolder_beforeAnyAgentStarts() throws Exception {
        cluster.close();
        Path sandbox = workDir.resolve("agent-1/frameworks/f/executors/e/runs/r");
        Process earlier = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Dkafka.logs.dir=" + sandbox.toAbsolutePath(), "-cp", System.getProperty("java.class.path"),
                EarlierRunProcess.class.getName())).redirectErrorStream(true).start();
        try {
            assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(earlier.getInputStream())).readLine())
                    .isEqualTo("waiting");
            Process unrelated = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElseThrow(),
                    "-Dkafka.logs.dir=" + workDir.resolveSibling(workDir.getFileName() + "-other").toAbsolutePath() + "/x",
                    "-cp", System.getProperty("java.class.path"), EarlierRunProcess.class.getName())).start();
            try {
                startCluster();

                assertThat(earlier.isAlive()).as("the earlier run's process has ended").isFalse();
                assertThat(unrelated.isAlive()).as("a process of another work folder is left alone").isTrue();
            } finally {
                unrelated.destroyForcibly();
            }
        } finally {
            earlier.destroyForcibly();
        }
    }

    // ------------------------------------------------------------------ helpers

    private SchedulerDriver start(RecordingScheduler scheduler, Protos.FrameworkInfo info) {
        SchedulerDriver driver = transport().driver(cluster, scheduler, info);
        drivers.add(driver);
        assertThat(driver.start()).isEqualTo(Protos.Status.DRIVER_RUNNING);
        await().atMost(WAIT).until(() -> scheduler.names().contains("registered"));
        return driver;
    }

    private static Protos.FrameworkInfo framework(boolean partitionAware) {
        return FrameworkSettings.builder("test", "*").partitionAware(partitionAware).build().frameworkInfo();
    }

    /** The latest offer of {@code agentId}, once there is one. */
    static Protos.Offer awaitOffer(RecordingScheduler scheduler, String agentId) {
        await().atMost(WAIT).until(() -> !scheduler.offersOf(agentId).isEmpty());
        List<Protos.Offer> offers = scheduler.offersOf(agentId);
        return offers.get(offers.size() - 1);
    }

    /** Launches task {@code id} (1 cpu, 1024 MB) on the latest offer of {@code agentId} and waits until it runs. */
    private void launchRunning(SchedulerDriver driver, RecordingScheduler scheduler, String id, String agentId) {
        Protos.Offer offer = awaitOffer(scheduler, agentId);
        driver.launchTasks(List.of(offer.getId()), List.of(task(id, offer, 1, 1024)), refuse(0));
        await().atMost(WAIT).until(() -> scheduler.states(id).contains(Protos.TaskState.TASK_RUNNING));
    }

    static Protos.TaskInfo task(String id, Protos.Offer offer, double cpus, double mem, int... ports) {
        Protos.TaskInfo.Builder task = Protos.TaskInfo.newBuilder()
                .setName(id)
                .setTaskId(taskId(id))
                .setSlaveId(offer.getSlaveId())
                .addResources(scalarResource("cpus", cpus))
                .addResources(scalarResource("mem", mem))
                .setExecutor(Protos.ExecutorInfo.newBuilder()
                        .setExecutorId(Protos.ExecutorID.newBuilder().setValue(id))
                        .setCommand(Protos.CommandInfo.newBuilder().setValue("in-process")));
        if (ports.length > 0) {
            Protos.Value.Ranges.Builder ranges = Protos.Value.Ranges.newBuilder();
            for (int port : ports) {
                ranges.addRange(Protos.Value.Range.newBuilder().setBegin(port).setEnd(port));
            }
            task.addResources(Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES).setRanges(ranges));
        }
        return task.build();
    }

    static Protos.Resource scalarResource(String name, double value) {
        return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)).build();
    }

    static Protos.TaskID taskId(String id) {
        return Protos.TaskID.newBuilder().setValue(id).build();
    }

    static Protos.TaskStatus asked(String taskId, String agentId) {
        Protos.TaskStatus.Builder status = Protos.TaskStatus.newBuilder().setTaskId(taskId(taskId))
                .setState(Protos.TaskState.TASK_STAGING);
        if (agentId != null) {
            status.setSlaveId(Protos.SlaveID.newBuilder().setValue(agentId));
        }
        return status.build();
    }

    static Protos.Filters refuse(double seconds) {
        return Protos.Filters.newBuilder().setRefuseSeconds(seconds).build();
    }

    private static double scalar(Protos.Offer offer, String name) {
        return offer.getResourcesList().stream().filter(r -> r.getName().equals(name))
                .mapToDouble(r -> r.getScalar().getValue()).sum();
    }

    private static String ports(Protos.Offer offer) {
        return offer.getResourcesList().stream().filter(r -> r.getName().equals("ports"))
                .flatMap(r -> r.getRanges().getRangeList().stream())
                .map(r -> r.getBegin() + "-" + r.getEnd()).reduce((a, b) -> a + "," + b).orElse("");
    }
}

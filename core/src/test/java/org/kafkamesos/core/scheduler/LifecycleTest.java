package org.kafkamesos.core.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.BrokerVolume;
import org.kafkamesos.core.model.Failover;
import org.kafkamesos.core.model.FailoverPolicy;
import org.kafkamesos.core.model.MesosTaskState;
import org.kafkamesos.core.model.Task;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.placement.Resources;

/** The {@link Lifecycle} table, one test case per cell, and the bookkeeping around it. */
class LifecycleTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Task T1 = new Task("kafka-1-a", "agent-1", "h1", List.of(9092), Map.of("rack", "r1"));
    private static final Task T2 = new Task("kafka-1-b", "agent-2", "h2", List.of(9092), Map.of("rack", "r2"));
    private static final BrokerSpec SPEC2 = BrokerSpec.builder().cpus(2).build();

    /** An active broker in {@code phase} (with task T1 unless NONE) that has failed once an hour ago. */
    private static Broker brokerIn(TaskPhase phase) {
        Failover once = Failover.NONE.failed(NOW.minus(Duration.ofHours(1)), "FAILED");
        return new Broker(1, BrokerSpec.DEFAULT, true, false, phase, phase == TaskPhase.NONE ? Optional.empty() : Optional.of(T1),
                once, Optional.empty(), Optional.empty());
    }

    private static BrokerEvent event(BrokerEvent.Kind kind) {
        switch (kind) {
            case START: return new BrokerEvent.Start();
            case STOP: return new BrokerEvent.Stop();
            case RESTART: return new BrokerEvent.Restart();
            case UPDATE: return new BrokerEvent.Update(SPEC2);
            case REPLACE: return new BrokerEvent.Replace();
            case LAUNCHED: return new BrokerEvent.Launched(T2);
            case TASK_STARTING: return new BrokerEvent.StatusUpdate(T1.taskId(), MesosTaskState.STARTING, "");
            case TASK_RUNNING: return new BrokerEvent.StatusUpdate(T1.taskId(), MesosTaskState.RUNNING, "");
            case TASK_KILLING: return new BrokerEvent.StatusUpdate(T1.taskId(), MesosTaskState.KILLING, "");
            case TASK_ENDED: return new BrokerEvent.StatusUpdate(T1.taskId(), MesosTaskState.FAILED, "exit 1");
            case RECONCILE: return new BrokerEvent.Reconcile();
            case RECONCILE_EXPIRED: return new BrokerEvent.ReconcileExpired();
            default: throw new IllegalArgumentException(kind.toString());
        }
    }

    @ParameterizedTest(name = "{0} x {1} -> {2}, active {3}, kill {4}, failures {5}, needs restart {6}, sticky {7}")
    @CsvSource({
            // phase,    event,             phase after, active, kill, failures, needs restart, sticky from now
            "NONE,        START,             NONE,        true,   -,    0, false, false",
            "NONE,        STOP,              NONE,        false,  -,    1, false, false",
            "NONE,        RESTART,           NONE,        true,   -,    1, false, false",
            "NONE,        UPDATE,            NONE,        true,   -,    1, false, false",
            "NONE,       REPLACE,           NONE,        true,   -,    1, false, false",
            "NONE,        LAUNCHED,          LAUNCHING,   true,   -,    1, false, false",
            "NONE,        TASK_STARTING,     NONE,        true,   -,    1, false, false",
            "NONE,        TASK_RUNNING,      NONE,        true,   -,    1, false, false",
            "NONE,        TASK_KILLING,      NONE,        true,   -,    1, false, false",
            "NONE,        TASK_ENDED,        NONE,        true,   -,    1, false, false",
            "NONE,        RECONCILE,         NONE,        true,   -,    1, false, false",
            "NONE,        RECONCILE_EXPIRED, NONE,        true,   -,    1, false, false",

            "LAUNCHING,   START,             LAUNCHING,   true,   -,    0, false, false",
            "LAUNCHING,   STOP,              STOPPING,    false,  task, 1, false, false",
            "LAUNCHING,   RESTART,           STOPPING,    true,   task, 1, false, false",
            "LAUNCHING,   UPDATE,            LAUNCHING,   true,   -,    1, true,  false",
            "LAUNCHING,  REPLACE,           LAUNCHING,   true,   -,    1, false, false",
            "LAUNCHING,   LAUNCHED,          LAUNCHING,   true,   new,  1, false, false",
            "LAUNCHING,   TASK_STARTING,     STARTING,    true,   -,    1, false, false",
            "LAUNCHING,   TASK_RUNNING,      RUNNING,     true,   -,    0, false, false",
            "LAUNCHING,   TASK_KILLING,      LAUNCHING,   true,   -,    1, false, false",
            "LAUNCHING,   TASK_ENDED,        NONE,        true,   -,    2, false, false",
            "LAUNCHING,   RECONCILE,         RECONCILING, true,   -,    1, false, false",
            "LAUNCHING,   RECONCILE_EXPIRED, LAUNCHING,   true,   -,    1, false, false",

            "STARTING,    START,             STARTING,    true,   -,    0, false, false",
            "STARTING,    STOP,              STOPPING,    false,  task, 1, false, false",
            "STARTING,    RESTART,           STOPPING,    true,   task, 1, false, false",
            "STARTING,    UPDATE,            STARTING,    true,   -,    1, true,  false",
            "STARTING,   REPLACE,           STARTING,    true,   -,    1, false, false",
            "STARTING,    LAUNCHED,          STARTING,    true,   new,  1, false, false",
            "STARTING,    TASK_STARTING,     STARTING,    true,   -,    1, false, false",
            "STARTING,    TASK_RUNNING,      RUNNING,     true,   -,    0, false, false",
            "STARTING,    TASK_KILLING,      STARTING,    true,   -,    1, false, false",
            "STARTING,    TASK_ENDED,        NONE,        true,   -,    2, false, false",
            "STARTING,    RECONCILE,         RECONCILING, true,   -,    1, false, false",
            "STARTING,    RECONCILE_EXPIRED, STARTING,    true,   -,    1, false, false",

            "RUNNING,     START,             RUNNING,     true,   -,    0, false, false",
            "RUNNING,     STOP,              STOPPING,    false,  task, 1, false, false",
            "RUNNING,     RESTART,           STOPPING,    true,   task, 1, false, false",
            "RUNNING,     UPDATE,            RUNNING,     true,   -,    1, true,  false",
            "RUNNING,    REPLACE,           RUNNING,     true,   -,    1, false, false",
            "RUNNING,     LAUNCHED,          RUNNING,     true,   new,  1, false, false",
            "RUNNING,     TASK_STARTING,     RUNNING,     true,   -,    1, false, false",
            "RUNNING,     TASK_RUNNING,      RUNNING,     true,   -,    1, false, false",
            "RUNNING,     TASK_KILLING,      RUNNING,     true,   -,    1, false, false",
            "RUNNING,     TASK_ENDED,        NONE,        true,   -,    2, false, false",
            "RUNNING,     RECONCILE,         RECONCILING, true,   -,    1, false, false",
            "RUNNING,     RECONCILE_EXPIRED, RUNNING,     true,   -,    1, false, false",

            "STOPPING,    START,             STOPPING,    true,   -,    0, false, false",
            "STOPPING,    STOP,              STOPPING,    false,  task, 1, false, false",
            "STOPPING,    RESTART,           STOPPING,    true,   -,    1, false, false",
            "STOPPING,    UPDATE,            STOPPING,    true,   -,    1, true,  false",
            "STOPPING,   REPLACE,           STOPPING,    true,   -,    1, false, false",
            "STOPPING,    LAUNCHED,          STOPPING,    true,   new,  1, false, false",
            "STOPPING,    TASK_STARTING,     STOPPING,    true,   task, 1, false, false",
            "STOPPING,    TASK_RUNNING,      STOPPING,    true,   task, 1, false, false",
            "STOPPING,    TASK_KILLING,      STOPPING,    true,   -,    1, false, false",
            "STOPPING,    TASK_ENDED,        NONE,        true,   -,    1, false, true",
            "STOPPING,    RECONCILE,         STOPPING,    true,   task, 1, false, false",
            "STOPPING,    RECONCILE_EXPIRED, NONE,        true,   -,    1, false, true",

            "RECONCILING, START,             RECONCILING, true,   -,    0, false, false",
            "RECONCILING, STOP,              STOPPING,    false,  task, 1, false, false",
            "RECONCILING, RESTART,           STOPPING,    true,   task, 1, false, false",
            "RECONCILING, UPDATE,            RECONCILING, true,   -,    1, true,  false",
            "RECONCILING, REPLACE,           RECONCILING, true,   -,    1, false, false",
            "RECONCILING, LAUNCHED,          RECONCILING, true,   new,  1, false, false",
            "RECONCILING, TASK_STARTING,     STARTING,    true,   -,    1, false, false",
            "RECONCILING, TASK_RUNNING,      RUNNING,     true,   -,    0, false, false",
            "RECONCILING, TASK_KILLING,      RECONCILING, true,   -,    1, false, false",
            "RECONCILING, TASK_ENDED,        NONE,        true,   -,    2, false, false",
            "RECONCILING, RECONCILE,         RECONCILING, true,   -,    1, false, false",
            "RECONCILING, RECONCILE_EXPIRED, NONE,        true,   -,    1, false, true",
    })
    void next_followsTheTable(TaskPhase phase, BrokerEvent.Kind kind, TaskPhase phaseAfter, boolean activeAfter, String kill,
                              int failuresAfter, boolean needsRestartAfter, boolean stickyFromNow) {
        Broker before = brokerIn(phase);

        Lifecycle.Transition t = Lifecycle.next(before, event(kind), NOW);

        Broker after = t.broker();
        assertThat(after.phase()).isEqualTo(phaseAfter);
        assertThat(after.active()).isEqualTo(activeAfter);
        assertThat(t.killTaskId()).isEqualTo(
                kill.equals("task") ? Optional.of(T1.taskId()) : kill.equals("new") ? Optional.of(T2.taskId()) : Optional.empty());
        assertThat(after.failover().failures()).isEqualTo(failuresAfter);
        assertThat(after.needsRestart()).isEqualTo(needsRestartAfter);
        assertThat(after.stickySince().equals(Optional.of(NOW))).as("sticky from now").isEqualTo(stickyFromNow);
        assertThat(after.spec()).isEqualTo(kind == BrokerEvent.Kind.UPDATE ? SPEC2 : BrokerSpec.DEFAULT);
    }

    @Test
    void table_hasOneRowForEveryPhaseAndEvent() throws NoSuchMethodException {
        CsvSource table = LifecycleTest.class.getDeclaredMethod("next_followsTheTable", TaskPhase.class, BrokerEvent.Kind.class,
                TaskPhase.class, boolean.class, String.class, int.class, boolean.class, boolean.class).getAnnotation(CsvSource.class);
        java.util.Set<String> cells = new java.util.HashSet<>();
        for (String row : table.value()) {
            String[] columns = row.split(",");
            assertThat(cells.add(columns[0].strip() + " x " + columns[1].strip())).as("row %s appears once", row).isTrue();
        }

        for (TaskPhase phase : TaskPhase.values()) {
            for (BrokerEvent.Kind kind : BrokerEvent.Kind.values()) {
                assertThat(cells).as("the table's rows").contains(phase + " x " + kind);
            }
        }
    }

    @Test
    void replace_ofABrokerWithNoTask_forgetsItsHostAndVolume_andTaskRunningConfirmsAVolume() {
        BrokerVolume volume = new BrokerVolume("agent-1", "h1", "kafka-1-v", "kafka", new Resources(1, 2048, 5120, List.of()), false);
        Broker placed = brokerIn(TaskPhase.NONE).withStickiness(Optional.of("h1"), Optional.of(NOW)).withVolume(Optional.of(volume));

        Broker replaced = Lifecycle.next(placed, new BrokerEvent.Replace(), NOW).broker();

        assertThat(replaced.volume()).isEmpty();
        assertThat(replaced.lastHost()).isEmpty();
        assertThat(replaced.stickySince()).isEmpty();
        assertThat(replaced.active()).isTrue();

        Broker launched = Lifecycle.next(placed, new BrokerEvent.Launched(T1), NOW).broker();
        Broker running = Lifecycle.next(launched, new BrokerEvent.StatusUpdate(T1.taskId(), MesosTaskState.RUNNING, ""), NOW).broker();
        assertThat(launched.volume().orElseThrow().confirmed()).isFalse();
        assertThat(running.volume().orElseThrow().confirmed()).as("a task ran on it: it exists").isTrue();
    }

    @Test
    void statusOfAnotherTask_changesNothing() {
        Broker running = brokerIn(TaskPhase.RUNNING);

        Lifecycle.Transition t = Lifecycle.next(running, new BrokerEvent.StatusUpdate("kafka-1-old", MesosTaskState.FAILED, ""), NOW);

        assertThat(t.broker()).isEqualTo(running);
        assertThat(t.killTaskId()).isEmpty();
    }

    @Test
    void firstFailure_startsTheStickyPeriodOnTheLastHost() {
        Broker fresh = Lifecycle.next(Broker.added(1, BrokerSpec.DEFAULT), new BrokerEvent.Start(), NOW).broker();
        Broker launched = Lifecycle.next(fresh, new BrokerEvent.Launched(T1), NOW).broker();

        Broker failed = Lifecycle.next(launched, new BrokerEvent.StatusUpdate(T1.taskId(), MesosTaskState.LOST, "agent gone"), NOW).broker();

        assertThat(failed.failover().failures()).isEqualTo(1);
        assertThat(failed.failover().lastReason()).contains("LOST: agent gone");
        assertThat(failed.lastHost()).contains("h1");
        assertThat(failed.isStickyAt(NOW.plus(Duration.ofMinutes(9)))).isTrue();
        assertThat(failed.isStickyAt(NOW.plus(Duration.ofMinutes(10)))).isFalse();
    }

    @Test
    void failedBroker_waitsItsBackoff_thenIsPendingAgain() {
        Broker failed = Lifecycle.next(brokerIn(TaskPhase.RUNNING),
                new BrokerEvent.StatusUpdate(T1.taskId(), MesosTaskState.FAILED, ""), NOW).broker();

        // second failure in a row: 1 minute * 2^(2-1)
        assertThat(failed.isPending(NOW.plus(Duration.ofSeconds(119)))).isFalse();
        assertThat(failed.isPending(NOW.plus(Duration.ofSeconds(120)))).isTrue();
    }

    @Test
    void reachingMaxTries_deactivatesTheBroker() {
        BrokerSpec twoTries = BrokerSpec.builder()
                .failover(new FailoverPolicy(Duration.ofSeconds(10), Duration.ofMinutes(1), OptionalInt.of(2))).build();
        Broker running = brokerIn(TaskPhase.RUNNING);
        running = new Broker(1, twoTries, true, false, TaskPhase.RUNNING, Optional.of(T1), running.failover(), Optional.empty(), Optional.empty());

        Broker failed = Lifecycle.next(running, new BrokerEvent.StatusUpdate(T1.taskId(), MesosTaskState.FAILED, ""), NOW).broker();

        assertThat(failed.active()).isFalse();
        assertThat(failed.isPending(NOW.plus(Duration.ofDays(1)))).isFalse();
    }

    @Test
    void updateAppliedLive_toARunningBroker_needsNoRestart_butInAnyOtherPhaseItDoes() {
        for (TaskPhase phase : TaskPhase.values()) {
            Broker updated = Lifecycle.next(brokerIn(phase), new BrokerEvent.Update(SPEC2, true), NOW).broker();

            assertThat(updated.spec()).isEqualTo(SPEC2);
            assertThat(updated.needsRestart()).as(phase.toString())
                    .isEqualTo(phase != TaskPhase.RUNNING && phase != TaskPhase.NONE);
        }
        Broker pendingRestart = Lifecycle.next(brokerIn(TaskPhase.RUNNING), new BrokerEvent.Update(SPEC2), NOW).broker();
        assertThat(Lifecycle.next(pendingRestart, new BrokerEvent.Update(SPEC2, true), NOW).broker().needsRestart())
                .as("a live update does not clear an earlier change that needs a restart").isTrue();
    }

    @Test
    void stoppedTask_isNoFailure_andLaunchClearsNeedsRestart() {
        Broker stopping = Lifecycle.next(brokerIn(TaskPhase.RUNNING), new BrokerEvent.Stop(), NOW).broker();
        Broker stopped = Lifecycle.next(stopping, new BrokerEvent.StatusUpdate(T1.taskId(), MesosTaskState.KILLED, ""), NOW).broker();
        Broker updated = Lifecycle.next(Lifecycle.next(stopped, new BrokerEvent.Start(), NOW).broker(), new BrokerEvent.Update(SPEC2), NOW).broker();

        Broker relaunched = Lifecycle.next(updated, new BrokerEvent.Launched(T2), NOW).broker();

        assertThat(stopped.failover().failures()).isEqualTo(1);
        assertThat(stopped.isStickyAt(NOW)).isTrue();
        assertThat(relaunched.needsRestart()).isFalse();
        assertThat(relaunched.phase()).isEqualTo(TaskPhase.LAUNCHING);
    }

    @Test
    void launchOfAnInactiveBroker_isKilled() {
        Lifecycle.Transition t = Lifecycle.next(Broker.added(1, BrokerSpec.DEFAULT), new BrokerEvent.Launched(T1), NOW);

        assertThat(t.broker().phase()).isEqualTo(TaskPhase.NONE);
        assertThat(t.killTaskId()).contains(T1.taskId());
    }
}

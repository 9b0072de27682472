package org.kafkamesos.core.scheduler;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerVolume;
import org.kafkamesos.core.model.Failover;
import org.kafkamesos.core.model.FailoverPolicy;
import org.kafkamesos.core.model.Task;
import org.kafkamesos.core.model.TaskPhase;

/**
 * The lifecycle of one broker: a pure function from a broker, an event and the current instant to the
 * broker after the event and the task to kill, if any. It is total: every phase meets every event.
 *
 * <p>The table below is the function; {@code LifecycleTest} checks it cell by cell. "—" leaves the
 * broker as it is; a phase name moves the task there; "+kill" kills the broker's task ("+kill new":
 * the task just launched, so that a broker never has two live tasks); "fail" counts a failure (the
 * first one starts the sticky period; reaching {@link FailoverPolicy#maxTries()} deactivates the
 * broker); "stick" starts the sticky period on the task's host; "reset" clears the failures; "forget" forgets the
 * broker's last host, its sticky period, its volume and what its old storage had (a controller's port and directory id),
 * so that it is placed anew.
 * Task events ({@code TASK_*}) about another task than the broker's current one change nothing.
 *
 * <table>
 * <caption>phase (rows) x event (columns)</caption>
 * <tr><th></th><th>START</th><th>STOP</th><th>RESTART</th><th>UPDATE</th><th>REPLACE</th><th>LAUNCHED</th>
 *     <th>TASK_STARTING</th><th>TASK_RUNNING</th><th>TASK_KILLING</th><th>TASK_ENDED</th>
 *     <th>RECONCILE</th><th>RECONCILE_EXPIRED</th></tr>
 * <tr><th>NONE</th><td>active, reset</td><td>inactive</td><td>—</td><td>new spec</td><td>forget</td>
 *     <td>LAUNCHING (inactive: +kill new)</td><td>—</td><td>—</td><td>—</td><td>—</td><td>—</td><td>—</td></tr>
 * <tr><th>LAUNCHING</th><td>active, reset</td><td>inactive, STOPPING +kill</td><td>STOPPING +kill</td>
 *     <td>new spec, needs restart</td><td>—</td><td>+kill new</td><td>STARTING</td><td>RUNNING, reset</td><td>—</td>
 *     <td>NONE, fail</td><td>RECONCILING</td><td>—</td></tr>
 * <tr><th>STARTING</th><td>active, reset</td><td>inactive, STOPPING +kill</td><td>STOPPING +kill</td>
 *     <td>new spec, needs restart</td><td>—</td><td>+kill new</td><td>—</td><td>RUNNING, reset</td><td>—</td>
 *     <td>NONE, fail</td><td>RECONCILING</td><td>—</td></tr>
 * <tr><th>RUNNING</th><td>active, reset</td><td>inactive, STOPPING +kill</td><td>STOPPING +kill</td>
 *     <td>new spec, needs restart</td><td>—</td><td>+kill new</td><td>—</td><td>—</td><td>—</td>
 *     <td>NONE, fail</td><td>RECONCILING</td><td>—</td></tr>
 * <tr><th>STOPPING</th><td>active, reset</td><td>inactive, +kill</td><td>—</td>
 *     <td>new spec, needs restart</td><td>—</td><td>+kill new</td><td>+kill</td><td>+kill</td><td>—</td>
 *     <td>NONE, stick</td><td>+kill</td><td>NONE, stick</td></tr>
 * <tr><th>RECONCILING</th><td>active, reset</td><td>inactive, STOPPING +kill</td><td>STOPPING +kill</td>
 *     <td>new spec, needs restart</td><td>—</td><td>+kill new</td><td>STARTING</td><td>RUNNING, reset</td><td>—</td>
 *     <td>NONE, fail</td><td>—</td><td>NONE, stick</td></tr>
 * </table>
 *
 * <p>UPDATE applied live (dynamic broker configs already set on the running process) to a RUNNING broker
 * leaves "needs restart" as it was; in any other phase it counts as a plain UPDATE.
 *
 * <p>TASK_RUNNING also confirms the broker's volume, if it has one: the volume exists. REPLACE is refused by the
 * orchestrator for a broker that has a task; in the table it changes nothing then.
 *
 * <p>A stopped task never counts as a failure, whatever its final state: the operator asked for it.
 * A launch clears "needs restart", since the new task runs the current spec.
 */
public final class Lifecycle {

    private Lifecycle() {
    }

    /**
     * The broker after {@code event}, and the id of a task to kill.
     *
     * @param broker the broker now
     * @param killTaskId a task the scheduler must kill, if any
     */
    public record Transition(Broker broker, Optional<String> killTaskId) {
        public Transition {
            Objects.requireNonNull(broker, "broker");
            Objects.requireNonNull(killTaskId, "killTaskId");
        }

        static Transition to(Broker broker) {
            return new Transition(broker, Optional.empty());
        }

        static Transition kill(Broker broker, String taskId) {
            return new Transition(broker, Optional.of(taskId));
        }
    }

    /** Applies {@code event} to {@code broker} at {@code now}; never throws for a valid broker and event. */
    public static Transition next(Broker broker, BrokerEvent event, Instant now) {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(now, "now");
        TaskPhase phase = broker.phase();
        if (event instanceof BrokerEvent.StatusUpdate update
                && broker.task().map(t -> !t.taskId().equals(update.taskId())).orElse(true)) {
            return Transition.to(broker);
        }
        switch (event.kind()) {
            case START:
                return Transition.to(broker.withActive(true).withFailover(Failover.NONE));
            case STOP:
                return phase == TaskPhase.NONE ? Transition.to(broker.withActive(false)) : stopTask(broker.withActive(false));
            case RESTART:
                return phase == TaskPhase.NONE || phase == TaskPhase.STOPPING ? Transition.to(broker) : stopTask(broker);
            case REPLACE:
                return phase == TaskPhase.NONE
                        ? Transition.to(broker.withVolume(Optional.empty()).withStickiness(Optional.empty(), Optional.empty())
                                .withNewStorage())
                        : Transition.to(broker);
            case UPDATE:
                BrokerEvent.Update change = (BrokerEvent.Update) event;
                boolean live = change.appliedLive() && phase == TaskPhase.RUNNING;
                return Transition.to(broker.withSpec(change.spec(), live ? broker.needsRestart() : phase != TaskPhase.NONE));
            case LAUNCHED:
                return launched(broker, ((BrokerEvent.Launched) event).task());
            case TASK_STARTING:
                return taskStarting(broker);
            case TASK_RUNNING:
                return taskRunning(broker);
            case TASK_KILLING:
                return Transition.to(broker);
            case TASK_ENDED:
                return taskEnded(broker, (BrokerEvent.StatusUpdate) event, now);
            case RECONCILE:
                return reconcile(broker);
            case RECONCILE_EXPIRED:
                return phase == TaskPhase.STOPPING || phase == TaskPhase.RECONCILING ? Transition.to(ended(broker, now)) : Transition.to(broker);
            default:
                throw new IllegalStateException("unhandled event kind " + event.kind());
        }
    }

    private static Transition stopTask(Broker broker) {
        Task task = broker.task().orElseThrow();
        return Transition.kill(broker.with(TaskPhase.STOPPING, broker.task()), task.taskId());
    }

    private static Transition launched(Broker broker, Task task) {
        if (broker.phase() != TaskPhase.NONE || !broker.active()) {
            return Transition.kill(broker, task.taskId());
        }
        return Transition.to(broker.with(TaskPhase.LAUNCHING, Optional.of(task)).withNeedsRestart(false)
                .withStickiness(Optional.of(task.hostname()), broker.stickySince()));
    }

    private static Transition taskStarting(Broker broker) {
        switch (broker.phase()) {
            case LAUNCHING: case RECONCILING:
                return Transition.to(broker.with(TaskPhase.STARTING, broker.task()));
            case STOPPING:
                return Transition.kill(broker, broker.task().orElseThrow().taskId());
            default:
                return Transition.to(broker);
        }
    }

    private static Transition taskRunning(Broker broker) {
        switch (broker.phase()) {
            case LAUNCHING: case STARTING: case RECONCILING:
                return Transition.to(broker.with(TaskPhase.RUNNING, broker.task()).withFailover(Failover.NONE)
                        .withVolume(broker.volume().map(BrokerVolume::asConfirmed)));
            case STOPPING:
                return Transition.kill(broker, broker.task().orElseThrow().taskId());
            default:
                return Transition.to(broker);
        }
    }

    private static Transition taskEnded(Broker broker, BrokerEvent.StatusUpdate update, Instant now) {
        if (broker.phase() == TaskPhase.STOPPING || !broker.active()) {
            return Transition.to(ended(broker, now));
        }
        Failover failover = broker.failover().failed(now, update.state() + (update.message().isEmpty() ? "" : ": " + update.message()));
        String host = broker.task().orElseThrow().hostname();
        Optional<Instant> since = failover.failures() == 1 ? Optional.of(now) : broker.stickySince();
        boolean stillActive = !broker.spec().failover().exhausted(failover.failures());
        return Transition.to(broker.with(TaskPhase.NONE, Optional.empty()).withFailover(failover)
                .withStickiness(Optional.of(host), since).withActive(stillActive));
    }

    /** No task any more, sticky to its host from {@code now}. */
    private static Broker ended(Broker broker, Instant now) {
        String host = broker.task().orElseThrow().hostname();
        return broker.with(TaskPhase.NONE, Optional.empty()).withStickiness(Optional.of(host), Optional.of(now));
    }

    private static Transition reconcile(Broker broker) {
        switch (broker.phase()) {
            case LAUNCHING: case STARTING: case RUNNING:
                return Transition.to(broker.with(TaskPhase.RECONCILING, broker.task()));
            case STOPPING:
                return Transition.kill(broker, broker.task().orElseThrow().taskId());
            default:
                return Transition.to(broker);
        }
    }
}

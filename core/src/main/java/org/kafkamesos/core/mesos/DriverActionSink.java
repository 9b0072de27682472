package org.kafkamesos.core.mesos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import org.apache.mesos.Protos;
import org.apache.mesos.SchedulerDriver;
import org.kafkamesos.core.scheduler.MesosAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mesos shell's outbound half: carries out the orchestrator's {@link MesosAction}s on a
 * {@link SchedulerDriver}, in the order given. Made by {@link MesosSchedulerAdapter#actionSink}.
 *
 * <table>
 *   <caption>Actions and the driver calls they become</caption>
 *   <tr><th>action</th><th>driver call</th></tr>
 *   <tr><td>Launch</td><td>{@code launchTasks(offer, tasks, refuse_seconds 5)}: every launch on one offer goes
 *       in one call, made where the first of them stands, with the {@code TaskInfo}s {@link TaskInfoFactory}
 *       cuts from that offer (see {@link TaskInfoFactory#taskInfos}); the rest of the offer is refused for
 *       {@link #LAUNCH_REFUSE}, Mesos' own default</td></tr>
 *   <tr><td>Launch with a reservation, Release</td><td>{@code acceptOffers(offer, operations, refuse_seconds 5)}: one
 *       accept per offer with every release and launch on it, in the order {@link AcceptOperations} gives
 *       ({@code DESTROY} and {@code UNRESERVE} of each release, then {@code RESERVE}, {@code CREATE} and
 *       {@code LAUNCH} of each launch); reserved resources are named as offered, so the offer must be in hand, or
 *       it is declined and its brokers are placed again</td></tr>
 *   <tr><td>Decline</td><td>{@code declineOffer(offer, refuse_seconds)}</td></tr>
 *   <tr><td>Kill</td><td>{@code killTask(task)}; the scheduler driver API takes no agent</td></tr>
 *   <tr><td>Reconcile</td><td>{@code reconcileTasks(statuses)}: one status per task with its id, its agent if
 *       known and state {@code TASK_STAGING} (a required field Mesos ignores here); none for implicit
 *       reconciliation</td></tr>
 *   <tr><td>Suppress / Revive</td><td>{@code suppressOffers()} / {@code reviveOffers()}</td></tr>
 *   <tr><td>Acknowledge</td><td>{@code acknowledgeStatusUpdate(status)} with the task, agent and uuid (the
 *       event's {@code ackId}); the driver must have implicit acknowledgements off (see
 *       {@link MesosSchedulerAdapter})</td></tr>
 * </table>
 *
 * <p>A launch {@link TaskInfoFactory} refuses (a malformed task id, a spec that does not match its
 * assignment) is a bug of the caller: it is logged as an error and left out, and an offer left with no launch
 * is declined, so that it is not held; the persisted intent is then repaired by reconciliation as after a
 * crash. A call the driver does not accept (it is not running) is logged as a warning. Nothing is thrown for
 * either, so one bad action never keeps the others from Mesos.
 *
 * <p>Thread-safe as far as the driver is: the native driver accepts calls from any thread.
 */
public final class DriverActionSink {

    /** How long the unused rest of an offer a task was launched on is refused: Mesos' default, 5 seconds. */
    public static final Duration LAUNCH_REFUSE = Duration.ofSeconds(5);

    /** The state of a status that only names a task; Mesos requires the field and ignores it in these calls. */
    private static final Protos.TaskState PLACEHOLDER_STATE = Protos.TaskState.TASK_STAGING;

    private static final Logger log = LoggerFactory.getLogger(DriverActionSink.class);

    private final SchedulerDriver driver;
    private final TaskInfoFactory taskInfos;
    private final ConcurrentMap<String, Protos.Offer> offersInHand;
    /** The framework's principal, which reservations and volumes carry. */
    private final Optional<String> principal;

    DriverActionSink(SchedulerDriver driver, TaskInfoFactory taskInfos, ConcurrentMap<String, Protos.Offer> offersInHand,
                     Optional<String> principal) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.taskInfos = Objects.requireNonNull(taskInfos, "taskInfos");
        this.offersInHand = Objects.requireNonNull(offersInHand, "offersInHand");
        this.principal = Objects.requireNonNull(principal, "principal");
    }

    /** Carries out {@code actions} in order; see the class description. */
    public void execute(List<MesosAction> actions) {
        Map<String, List<MesosAction.Launch>> launchesByOffer = new LinkedHashMap<>();
        Map<String, List<MesosAction.Release>> releasesByOffer = new LinkedHashMap<>();
        for (MesosAction action : actions) {
            if (action instanceof MesosAction.Launch launch) {
                launchesByOffer.computeIfAbsent(launch.assignment().offerId(), id -> new ArrayList<>()).add(launch);
            } else if (action instanceof MesosAction.Release release) {
                releasesByOffer.computeIfAbsent(release.offerId(), id -> new ArrayList<>()).add(release);
            }
        }
        java.util.Set<String> done = new java.util.HashSet<>();
        for (MesosAction action : actions) {
            String offerId = action instanceof MesosAction.Launch launch ? launch.assignment().offerId()
                    : action instanceof MesosAction.Release release ? release.offerId() : null;
            if (offerId == null) {
                execute(action);
            } else if (done.add(offerId)) {
                List<MesosAction.Launch> launches = launchesByOffer.getOrDefault(offerId, List.of());
                List<MesosAction.Release> releases = releasesByOffer.getOrDefault(offerId, List.of());
                if (releases.isEmpty() && launches.stream().allMatch(l -> l.reservation().isEmpty())) {
                    launch(offerId, launches);
                } else {
                    accept(offerId, releases, launches);
                }
            }
        }
    }

    /** One accept of the offer with every release and launch on it (see {@link AcceptOperations}). */
    private void accept(String offerId, List<MesosAction.Release> releases, List<MesosAction.Launch> launches) {
        List<MesosAction.Launch> valid = valid(offerId, launches);
        Protos.Offer offer = offersInHand.remove(offerId);
        if (offer == null) {
            // Reserved resources and volumes are named as offered: without the offer there is nothing to name them by.
            log.warn("cannot reserve, release or launch on offer {}: it is not in hand (rescinded, or not received through"
                    + " the adapter); its brokers are placed again from the next offers", offerId);
            check(driver.declineOffer(offerId(offerId), filters(Duration.ZERO)), "decline offer " + offerId);
            return;
        }
        List<Protos.Offer.Operation> operations = AcceptOperations.of(offer, releases, valid, taskInfos, principal);
        if (operations.isEmpty()) {
            decline(offerId, LAUNCH_REFUSE);
            return;
        }
        check(driver.acceptOffers(List.of(offerId(offerId)), operations, filters(LAUNCH_REFUSE)), "accept offer " + offerId);
    }

    private void execute(MesosAction action) {
        if (action instanceof MesosAction.Decline decline) {
            decline(decline.offerId(), decline.refuse());
        } else if (action instanceof MesosAction.Kill kill) {
            check(driver.killTask(taskId(kill.taskId())), "kill task " + kill.taskId());
        } else if (action instanceof MesosAction.Reconcile reconcile) {
            List<Protos.TaskStatus> statuses = new ArrayList<>();
            for (MesosAction.TaskRef task : reconcile.tasks()) {
                Protos.TaskStatus.Builder status = Protos.TaskStatus.newBuilder()
                        .setTaskId(taskId(task.taskId()))
                        .setState(PLACEHOLDER_STATE);
                task.agentId().ifPresent(agent -> status.setSlaveId(agentId(agent)));
                statuses.add(status.build());
            }
            check(driver.reconcileTasks(statuses), "reconcile " + (statuses.isEmpty() ? "every task" : statuses.size() + " tasks"));
        } else if (action instanceof MesosAction.Suppress) {
            check(driver.suppressOffers(), "suppress offers");
        } else if (action instanceof MesosAction.Revive) {
            check(driver.reviveOffers(), "revive offers");
        } else if (action instanceof MesosAction.Acknowledge ack) {
            Protos.TaskStatus status = Protos.TaskStatus.newBuilder()
                    .setTaskId(taskId(ack.taskId()))
                    .setSlaveId(agentId(ack.agentId()))
                    .setState(PLACEHOLDER_STATE)
                    .setUuid(com.google.protobuf.ByteString.copyFrom(ack.ackId()))
                    .build();
            check(driver.acknowledgeStatusUpdate(status), "acknowledge an update of task " + ack.taskId());
        } else {
            throw new IllegalStateException("no driver call for " + action);
        }
    }

    private void launch(String offerId, List<MesosAction.Launch> launches) {
        List<MesosAction.Launch> valid = valid(offerId, launches);
        if (valid.isEmpty()) {
            decline(offerId, LAUNCH_REFUSE);
            return;
        }
        Protos.Offer offer = offersInHand.remove(offerId);
        List<Protos.TaskInfo> tasks;
        if (offer != null) {
            tasks = taskInfos.taskInfos(valid, offer);
        } else {
            // Not received through the adapter (or rescinded meanwhile): Mesos answers TASK_DROPPED or TASK_LOST
            // if the offer is gone; otherwise reservations are named by role.
            log.debug("launching on offer {}, which is not in hand", offerId);
            tasks = new ArrayList<>(valid.size());
            for (MesosAction.Launch launch : valid) {
                tasks.add(taskInfos.taskInfo(launch));
            }
        }
        check(driver.launchTasks(List.of(offerId(offerId)), tasks, filters(LAUNCH_REFUSE)), "launch on offer " + offerId);
    }

    /** The launches {@link TaskInfoFactory} accepts; each one it refuses is a bug of the caller, logged and left out. */
    private List<MesosAction.Launch> valid(String offerId, List<MesosAction.Launch> launches) {
        List<MesosAction.Launch> valid = new ArrayList<>(launches.size());
        for (MesosAction.Launch launch : launches) {
            try {
                taskInfos.validate(launch);
                valid.add(launch);
            } catch (IllegalArgumentException e) {
                log.error("launch of task {} on offer {} refused: {}", launch.taskId(), offerId, e.getMessage());
            }
        }
        return valid;
    }

    private void decline(String offerId, Duration refuse) {
        offersInHand.remove(offerId);
        check(driver.declineOffer(offerId(offerId), filters(refuse)), "decline offer " + offerId);
    }

    private static void check(Protos.Status status, String call) {
        if (status != Protos.Status.DRIVER_RUNNING) {
            log.warn("could not {}: the driver is {}", call, status);
        }
    }

    /** Offer filters refusing the offered resources for {@code refuse} (Mesos counts seconds, fractions allowed). */
    static Protos.Filters filters(Duration refuse) {
        return Protos.Filters.newBuilder().setRefuseSeconds(refuse.toMillis() / 1000.0).build();
    }

    private static Protos.OfferID offerId(String id) {
        return Protos.OfferID.newBuilder().setValue(id).build();
    }

    private static Protos.TaskID taskId(String id) {
        return Protos.TaskID.newBuilder().setValue(id).build();
    }

    private static Protos.SlaveID agentId(String id) {
        return Protos.SlaveID.newBuilder().setValue(id).build();
    }
}

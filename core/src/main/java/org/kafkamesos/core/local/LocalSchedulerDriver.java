package org.kafkamesos.core.local;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SchedulerDriver} connected in-process to a {@link LocalMaster}. Like the native driver, it delivers
 * the scheduler's callbacks on one thread of its own, in order, and delivers none once stopped or aborted; unlike
 * it, a callback that throws is logged and the driver goes on (the native driver would abort). Calls made before
 * {@link #start()} or after the driver has ended return the driver's status and do nothing.
 */
final class LocalSchedulerDriver implements SchedulerDriver {

    private static final Logger log = LoggerFactory.getLogger(LocalSchedulerDriver.class);

    private final LocalMaster master;
    private final Scheduler scheduler;
    private final ExecutorService callbacks;
    private volatile Protos.FrameworkInfo info;
    private Protos.Status status = Protos.Status.DRIVER_NOT_STARTED;

    LocalSchedulerDriver(LocalMaster master, Scheduler scheduler, Protos.FrameworkInfo info) {
        this.master = Objects.requireNonNull(master, "master");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.info = Objects.requireNonNull(info, "frameworkInfo");
        this.callbacks = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "local-mesos-scheduler-" + info.getName());
            t.setDaemon(true);
            return t;
        });
    }

    Protos.FrameworkInfo info() {
        return info;
    }

    @Override
    public Protos.Status start() {
        synchronized (this) {
            if (status != Protos.Status.DRIVER_NOT_STARTED) {
                return status;
            }
            status = Protos.Status.DRIVER_RUNNING;
        }
        master.subscribe(this);
        return Protos.Status.DRIVER_RUNNING;
    }

    /**
     * Stops the driver. With {@code failover}, the framework stays registered and its tasks keep running for its
     * failover timeout, waiting for a new scheduler; without, the master tears the framework down.
     */
    @Override
    public Protos.Status stop(boolean failover) {
        if (!end(Protos.Status.DRIVER_STOPPED)) {
            return status();
        }
        master.unsubscribe(this, !failover);
        return Protos.Status.DRIVER_STOPPED;
    }

    @Override
    public Protos.Status stop() {
        return stop(false);
    }

    /** Ends the driver as a crashed scheduler would: the framework stays registered until its failover timeout. */
    @Override
    public Protos.Status abort() {
        if (!end(Protos.Status.DRIVER_ABORTED)) {
            return status();
        }
        master.unsubscribe(this, false);
        return Protos.Status.DRIVER_ABORTED;
    }

    @Override
    public synchronized Protos.Status join() {
        while (status == Protos.Status.DRIVER_RUNNING) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return status;
            }
        }
        return status;
    }

    @Override
    public Protos.Status run() {
        Protos.Status started = start();
        return started == Protos.Status.DRIVER_RUNNING ? join() : started;
    }

    /** Resource requests are not modelled: accepted and ignored, as the Mesos allocator ignores them too. */
    @Override
    public Protos.Status requestResources(Collection<Protos.Request> requests) {
        return status();
    }

    /** An accept with one {@code LAUNCH} operation of {@code tasks}, as the native driver sends it. */
    @Override
    public Protos.Status launchTasks(Collection<Protos.OfferID> offerIds, Collection<Protos.TaskInfo> tasks,
                                     Protos.Filters filters) {
        Protos.Offer.Operation launch = Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH)
                .setLaunch(Protos.Offer.Operation.Launch.newBuilder().addAllTaskInfos(tasks)).build();
        return acceptOffers(offerIds, List.of(launch), filters);
    }

    @Override
    public Protos.Status launchTasks(Collection<Protos.OfferID> offerIds, Collection<Protos.TaskInfo> tasks) {
        return launchTasks(offerIds, tasks, null);
    }

    @Override
    @SuppressWarnings("deprecation")
    public Protos.Status launchTasks(Protos.OfferID offerId, Collection<Protos.TaskInfo> tasks, Protos.Filters filters) {
        return launchTasks(List.of(offerId), tasks, filters);
    }

    @Override
    @SuppressWarnings("deprecation")
    public Protos.Status launchTasks(Protos.OfferID offerId, Collection<Protos.TaskInfo> tasks) {
        return launchTasks(List.of(offerId), tasks, null);
    }

    @Override
    public Protos.Status killTask(Protos.TaskID taskId) {
        return call(() -> master.kill(this, taskId.getValue()));
    }

    /**
     * {@code LAUNCH}, {@code RESERVE}, {@code UNRESERVE}, {@code CREATE} and {@code DESTROY} operations are carried out
     * in order, each invalid one dropped on its own; any other is logged and dropped. See {@link LocalMesosCluster}.
     */
    @Override
    public Protos.Status acceptOffers(Collection<Protos.OfferID> offerIds, Collection<Protos.Offer.Operation> operations,
                                      Protos.Filters filters) {
        return call(() -> master.accept(this, List.copyOf(offerIds), List.copyOf(operations), filters));
    }

    @Override
    public Protos.Status declineOffer(Protos.OfferID offerId, Protos.Filters filters) {
        return call(() -> master.decline(this, offerId.getValue(), filters));
    }

    @Override
    public Protos.Status declineOffer(Protos.OfferID offerId) {
        return declineOffer(offerId, null);
    }

    @Override
    public Protos.Status reviveOffers() {
        return call(() -> master.revive(this));
    }

    /** The framework has one role: the same as {@link #reviveOffers()}. */
    @Override
    public Protos.Status reviveOffers(Collection<String> roles) {
        return reviveOffers();
    }

    @Override
    public Protos.Status suppressOffers() {
        return call(() -> master.suppress(this));
    }

    /** The framework has one role: the same as {@link #suppressOffers()}. */
    @Override
    public Protos.Status suppressOffers(Collection<String> roles) {
        return suppressOffers();
    }

    @Override
    public Protos.Status acknowledgeStatusUpdate(Protos.TaskStatus status) {
        return call(() -> master.acknowledge(this, status));
    }

    @Override
    public Protos.Status sendFrameworkMessage(Protos.ExecutorID executorId, Protos.SlaveID agentId, byte[] data) {
        return call(() -> master.frameworkMessage(this, executorId.getValue(), data));
    }

    @Override
    public Protos.Status reconcileTasks(Collection<Protos.TaskStatus> statuses) {
        return call(() -> master.reconcile(this, List.copyOf(statuses)));
    }

    /** Replaces the framework's info (its id is kept); offer constraints are not modelled. */
    @Override
    public Protos.Status updateFramework(Protos.FrameworkInfo frameworkInfo, Collection<String> suppressedRoles,
                                         org.apache.mesos.scheduler.Protos.OfferConstraints offerConstraints) {
        return updateFramework(frameworkInfo, suppressedRoles);
    }

    @Override
    public Protos.Status updateFramework(Protos.FrameworkInfo frameworkInfo, Collection<String> suppressedRoles) {
        return call(() -> {
            info = frameworkInfo;
            master.updateFramework(this, frameworkInfo);
        });
    }

    /** Queues a callback on the driver's callback thread; dropped once the driver has ended. */
    void deliver(String name, Consumer<Scheduler> callback) {
        try {
            callbacks.execute(() -> {
                if (status() != Protos.Status.DRIVER_RUNNING) {
                    return;
                }
                try {
                    callback.accept(scheduler);
                } catch (RuntimeException e) {
                    log.error("the scheduler's {} callback threw; the local cluster goes on", name, e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("driver ended: {} callback dropped", name);
        }
    }

    /**
     * The master ends this driver: calls {@code error(message)} on the callback thread, then aborts, as the native
     * driver does when the master refuses or replaces it (framework failed over, framework removed).
     */
    void fail(String message) {
        try {
            callbacks.execute(() -> {
                if (status() != Protos.Status.DRIVER_RUNNING) {
                    return;
                }
                try {
                    scheduler.error(this, message);
                } catch (RuntimeException e) {
                    log.error("the scheduler's error callback threw", e);
                }
                end(Protos.Status.DRIVER_ABORTED);
                callbacks.shutdown();
            });
        } catch (RejectedExecutionException e) {
            log.debug("driver ended: error '{}' dropped", message);
        }
    }

    /** Ends the driver when the cluster closes; the framework is left as it is. */
    void terminate() {
        end(Protos.Status.DRIVER_STOPPED);
    }

    synchronized Protos.Status status() {
        return status;
    }

    private boolean end(Protos.Status to) {
        synchronized (this) {
            if (status != Protos.Status.DRIVER_RUNNING) {
                return false;
            }
            status = to;
            notifyAll();
        }
        callbacks.shutdown();
        return true;
    }

    private Protos.Status call(Runnable action) {
        Protos.Status now = status();
        if (now != Protos.Status.DRIVER_RUNNING) {
            return now;
        }
        action.run();
        return Protos.Status.DRIVER_RUNNING;
    }
}

package org.kafkamesos.core.mesos.v1;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.kafkamesos.executor.v1.Evolve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SchedulerDriver} over Mesos' V1 HTTP scheduler API ({@code POST /api/v1/scheduler}, docs/scheduler-http-api.md),
 * with no native code: the scheduler it calls back does not know it is not the JNI driver.
 *
 * <ul>
 *   <li>It subscribes to the leader that its {@link MasterDetector} names, with the framework id once it has one
 *   (so a restarted scheduler given the stored id keeps its tasks), and reads the event stream (RecordIO of
 *   {@code application/x-protobuf} events). A {@code 307} is followed to the master its {@code Location} names.
 *   Every call carries the stream's {@code Mesos-Stream-Id} and goes to the master that holds the stream, in the
 *   order the scheduler made them, on a thread of their own: a call never blocks its caller.</li>
 *   <li>The first SUBSCRIBED is {@code registered}, a later one on a new stream {@code reregistered}; a stream that
 *   ends, fails, or sees no event for {@link Builder#missedHeartbeats} heartbeat intervals is {@code disconnected},
 *   and the driver subscribes again after a back-off that doubles from 1 s up to {@link Builder#maxBackoff}
 *   (15 s by default), with jitter. A call answered {@code 403} (not subscribed) or {@code 400} about the stream id
 *   ends the stream the same way.</li>
 *   <li>An ERROR event (framework removed, failed over to another scheduler) is {@code error}, and the driver aborts,
 *   as the native driver does. So does a {@code 401} to SUBSCRIBE: the credentials will not get better.</li>
 *   <li>Calls made while no stream is subscribed are dropped, as the native driver drops messages while it is
 *   disconnected: offers die with the stream, and the agents re-send status updates until acknowledged. Only
 *   updates with a uuid are acknowledged; the master makes the others and wants no acknowledgement.</li>
 *   <li>The credential is sent as HTTP Basic ({@code principal:secret}), as Mesos' HTTP authenticator takes it.</li>
 *   <li>Callbacks come on one thread of the driver's, in the order of the events; one that throws is logged and the
 *   driver goes on. None comes once the driver is stopped or aborted.</li>
 * </ul>
 */
public final class HttpSchedulerDriver implements SchedulerDriver {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSchedulerDriver.class);

    private final Scheduler scheduler;
    private final SchedulerSubscription subscription;
    private final ExecutorService callbacks;
    private final ExecutorService calls;
    private final ScheduledExecutorService watchdog;
    private final MasterDetector detector;
    private volatile Protos.FrameworkInfo info;
    private Protos.Status status = Protos.Status.DRIVER_NOT_STARTED;
    private Thread subscriber;
    private boolean registeredOnce;

    private HttpSchedulerDriver(Builder builder) {
        this.scheduler = builder.scheduler;
        this.detector = builder.detector;
        this.info = withUser(builder.info);
        this.subscription = new SchedulerSubscription(builder.detector, builder.credential, builder.missedHeartbeats,
                builder.maxBackoff, new Events());
        String name = info.getName();
        this.callbacks = Executors.newSingleThreadExecutor(daemon("mesos-v1-callbacks-" + name));
        this.calls = Executors.newSingleThreadExecutor(daemon("mesos-v1-calls-" + name));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("mesos-v1-heartbeats-" + name));
    }

    /**
     * A driver, not started, that calls {@code scheduler} back and subscribes with {@code info} to the master
     * {@code detector} finds.
     */
    public static Builder builder(Scheduler scheduler, Protos.FrameworkInfo info, MasterDetector detector) {
        return new Builder(scheduler, info, detector);
    }

    /** The framework id the master gave, once subscribed; the one it was built with before. */
    public Optional<String> frameworkId() {
        Protos.FrameworkInfo now = info;
        return now.hasId() && !now.getId().getValue().isEmpty() ? Optional.of(now.getId().getValue()) : Optional.empty();
    }

    /** The master whose stream the driver reads now, if subscribed. */
    public Optional<URI> master() {
        return subscription.stream().filter(s -> s.subscribed).map(s -> s.master);
    }

    @Override
    public Protos.Status start() {
        synchronized (this) {
            if (status != Protos.Status.DRIVER_NOT_STARTED) {
                return status;
            }
            status = Protos.Status.DRIVER_RUNNING;
            subscriber = daemon("mesos-v1-subscriber-" + info.getName()).newThread(subscription::run);
            subscriber.start();
        }
        watchdog.scheduleWithFixedDelay(subscription::checkHeartbeats, 200, 200, TimeUnit.MILLISECONDS);
        return Protos.Status.DRIVER_RUNNING;
    }

    /**
     * Stops the driver. With {@code failover}, the stream is closed and the master keeps the framework's tasks
     * running for its failover timeout; without, the framework is torn down first (TEARDOWN: Mesos kills its tasks).
     */
    @Override
    public Protos.Status stop(boolean failover) {
        if (!failover && running()) {
            subscription.stream().filter(s -> s.subscribed).ifPresent(now -> subscription.send(now, calls().teardown()));
        }
        return end(Protos.Status.DRIVER_STOPPED);
    }

    @Override
    public Protos.Status stop() {
        return stop(false);
    }

    /** Ends the driver as a crashed scheduler would: the stream closes and the framework waits to fail over. */
    @Override
    public Protos.Status abort() {
        return end(Protos.Status.DRIVER_ABORTED);
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

    /** The V1 API has no resource requests (the allocator ignored them): accepted and dropped. */
    @Override
    public Protos.Status requestResources(Collection<Protos.Request> requests) {
        return status();
    }

    /** An ACCEPT with one {@code LAUNCH} operation of {@code tasks}, as the native driver sends it. */
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
        return call(c -> c.kill(taskId));
    }

    @Override
    public Protos.Status acceptOffers(Collection<Protos.OfferID> offerIds, Collection<Protos.Offer.Operation> operations,
                                      Protos.Filters filters) {
        return call(c -> c.accept(offerIds, operations, filters));
    }

    @Override
    public Protos.Status declineOffer(Protos.OfferID offerId, Protos.Filters filters) {
        return call(c -> c.decline(offerId, filters));
    }

    @Override
    public Protos.Status declineOffer(Protos.OfferID offerId) {
        return declineOffer(offerId, null);
    }

    @Override
    public Protos.Status reviveOffers() {
        return call(c -> c.revive(List.of()));
    }

    @Override
    public Protos.Status reviveOffers(Collection<String> roles) {
        return call(c -> c.revive(roles));
    }

    @Override
    public Protos.Status suppressOffers() {
        return call(c -> c.suppress(List.of()));
    }

    @Override
    public Protos.Status suppressOffers(Collection<String> roles) {
        return call(c -> c.suppress(roles));
    }

    /** ACKNOWLEDGE of an update that has a uuid; one without (made by the master) needs none, and is skipped. */
    @Override
    public Protos.Status acknowledgeStatusUpdate(Protos.TaskStatus status) {
        if (!status.hasUuid() || status.getUuid().isEmpty() || !status.hasSlaveId()) {
            return status();
        }
        return call(c -> c.acknowledge(status));
    }

    @Override
    public Protos.Status sendFrameworkMessage(Protos.ExecutorID executorId, Protos.SlaveID agentId, byte[] data) {
        return call(c -> c.message(executorId, agentId, data));
    }

    @Override
    public Protos.Status reconcileTasks(Collection<Protos.TaskStatus> statuses) {
        return call(c -> c.reconcile(statuses));
    }

    /** UPDATE_FRAMEWORK; offer constraints are not sent (the scheduler sets none). */
    @Override
    public Protos.Status updateFramework(Protos.FrameworkInfo frameworkInfo, Collection<String> suppressedRoles,
                                         org.apache.mesos.scheduler.Protos.OfferConstraints offerConstraints) {
        return updateFramework(frameworkInfo, suppressedRoles);
    }

    @Override
    public Protos.Status updateFramework(Protos.FrameworkInfo frameworkInfo, Collection<String> suppressedRoles) {
        Protos.FrameworkInfo updated = withUser(frameworkInfo.toBuilder().setId(info.getId()).build());
        info = updated;
        return call(c -> c.updateFramework(updated, List.copyOf(suppressedRoles)));
    }

    // ---------------------------------------------------------------- the stream

    /** What the subscription reads, as the V0 driver's callbacks. */
    private final class Events implements SchedulerSubscription.Listener {
        @Override
        public Protos.FrameworkInfo frameworkInfo() {
            return info;
        }

        @Override
        public boolean running() {
            return HttpSchedulerDriver.this.running();
        }

        @Override
        public void subscribed(URI master, Event.Subscribed subscribed) {
            Protos.FrameworkID id = Evolve.as(subscribed.getFrameworkId(), Protos.FrameworkID.parser());
            info = info.toBuilder().setId(id).build();
            // master_info is optional in V1; the V0 callback needs one: the master's address stands in for it
            Protos.MasterInfo masterInfo = subscribed.hasMasterInfo()
                    ? Evolve.as(subscribed.getMasterInfo(), Protos.MasterInfo.parser())
                    : Protos.MasterInfo.newBuilder().setId(master.toString()).setIp(0).setPort(Math.max(0, master.getPort()))
                            .setHostname(master.getHost()).build();
            boolean again;
            synchronized (HttpSchedulerDriver.this) {
                again = registeredOnce;
                registeredOnce = true;
            }
            LOG.info("subscribed to the Mesos master at {} as framework {}", master, id.getValue());
            if (again) {
                deliver("reregistered", s -> s.reregistered(HttpSchedulerDriver.this, masterInfo));
            } else {
                deliver("registered", s -> s.registered(HttpSchedulerDriver.this, id, masterInfo));
            }
        }

        @Override
        public void event(Event event) {
            Consumer<Scheduler> callback = SchedulerEvents.callbackOf(event, HttpSchedulerDriver.this);
            if (callback != null) {
                deliver(event.getType().name(), callback);
            }
        }

        @Override
        public void disconnected(URI master, String cause) {
            LOG.warn("disconnected from the Mesos master at {}: {}", master, cause);
            deliver("disconnected", s -> s.disconnected(HttpSchedulerDriver.this));
        }

        @Override
        public void failed(String message) {
            failOnce(message);
        }
    }

    // ---------------------------------------------------------------- calls

    private SchedulerCalls calls() {
        return new SchedulerCalls(info.getId().getValue());
    }

    private Protos.Status call(java.util.function.Function<SchedulerCalls, Call> make) {
        Protos.Status now = status();
        if (now != Protos.Status.DRIVER_RUNNING) {
            return now;
        }
        Optional<SchedulerSubscription.Stream> current = subscription.stream().filter(s -> s.subscribed);
        if (current.isEmpty()) {
            LOG.debug("not subscribed to a Mesos master: call dropped");
            return now;
        }
        Call call = make.apply(calls());
        try {
            calls.execute(() -> subscription.send(current.get(), call));
        } catch (RejectedExecutionException e) {
            LOG.debug("driver ended: {} dropped", call.getType());
        }
        return now;
    }

    // ---------------------------------------------------------------- status

    private synchronized Protos.Status status() {
        return status;
    }

    private boolean running() {
        return status() == Protos.Status.DRIVER_RUNNING;
    }

    private void deliver(String name, Consumer<Scheduler> callback) {
        try {
            callbacks.execute(() -> {
                if (!running()) {
                    return;
                }
                try {
                    callback.accept(scheduler);
                } catch (RuntimeException e) {
                    LOG.error("the scheduler's {} callback threw; the driver goes on", name, e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("driver ended: {} callback dropped", name);
        }
    }

    /** Calls {@code error} on the callback thread, then aborts, as the native driver does on an ERROR. */
    private void failOnce(String message) {
        LOG.error("the Mesos master ended the framework's subscription: {}", message);
        try {
            callbacks.execute(() -> {
                if (!running()) {
                    return;
                }
                try {
                    scheduler.error(this, message);
                } catch (RuntimeException e) {
                    LOG.error("the scheduler's error callback threw", e);
                }
                end(Protos.Status.DRIVER_ABORTED);
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("driver ended: error '{}' dropped", message);
        }
    }

    private Protos.Status end(Protos.Status to) {
        Thread loop;
        synchronized (this) {
            if (status != Protos.Status.DRIVER_RUNNING && status != Protos.Status.DRIVER_NOT_STARTED) {
                return status;
            }
            status = to;
            loop = subscriber;
            notifyAll();
        }
        subscription.closeStream();
        if (loop != null && loop != Thread.currentThread()) {
            loop.interrupt();
        }
        watchdog.shutdownNow();
        calls.shutdown();
        callbacks.shutdown();
        detector.close();
        return to;
    }

    private static Protos.FrameworkInfo withUser(Protos.FrameworkInfo info) {
        // the native driver fills in the user the scheduler runs as; V1 requires the field
        return info.hasUser() && !info.getUser().isEmpty() ? info
                : info.toBuilder().setUser(System.getProperty("user.name", "root")).build();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Builds an {@link HttpSchedulerDriver}; everything but the scheduler, its info and the detector has a default. */
    public static final class Builder {
        private final Scheduler scheduler;
        private final Protos.FrameworkInfo info;
        private final MasterDetector detector;
        private Optional<Protos.Credential> credential = Optional.empty();
        private int missedHeartbeats = 5;
        private Duration maxBackoff = Duration.ofSeconds(15);

        private Builder(Scheduler scheduler, Protos.FrameworkInfo info, MasterDetector detector) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            this.info = Objects.requireNonNull(info, "frameworkInfo");
            this.detector = Objects.requireNonNull(detector, "detector");
        }

        /** The principal and secret to authenticate with (HTTP Basic); none by default. */
        public Builder credential(Optional<Protos.Credential> value) {
            credential = Objects.requireNonNull(value, "credential");
            return this;
        }

        /** How many heartbeat intervals without an event end a stream; 5 by default, at least 1. */
        public Builder missedHeartbeats(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("missed heartbeats must be at least 1, was " + value);
            }
            missedHeartbeats = value;
            return this;
        }

        /** The longest wait between two subscription attempts; 15 s by default, at least 1 s. */
        public Builder maxBackoff(Duration value) {
            if (value.compareTo(SchedulerSubscription.INITIAL_BACKOFF) < 0) {
                throw new IllegalArgumentException("the longest back-off must be at least 1 s, was " + value);
            }
            maxBackoff = value;
            return this;
        }

        public HttpSchedulerDriver build() {
            return new HttpSchedulerDriver(this);
        }
    }
}

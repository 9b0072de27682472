package org.kafkamesos.core.local;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.kafkamesos.executor.v1.Evolve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber's event stream on the local master's {@code /api/v1/scheduler}: the {@link Scheduler} that the
 * master's {@link LocalSchedulerDriver} for this subscription calls back, each callback written as a V1 event in
 * RecordIO framing on the open {@code 200} response (docs/scheduler-http-api.md): {@code registered} is SUBSCRIBED
 * with the heartbeat interval, followed at once by a HEARTBEAT and then one every interval; {@code resourceOffers}
 * is OFFERS, {@code offerRescinded} RESCIND, {@code statusUpdate} UPDATE, {@code frameworkMessage} MESSAGE,
 * {@code slaveLost} and {@code executorLost} FAILURE, and {@code error} (framework failed over, removed) an ERROR
 * event after which the stream is closed, as Mesos closes it. A write that fails (the subscriber went away) ends the
 * subscription as a disconnection: the framework's tasks keep running for its failover timeout.
 */
final class SchedulerStream implements Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerStream.class);

    final String id;
    private final EventStream events;
    private final Duration heartbeat;
    private final ScheduledExecutorService timer;
    private final Consumer<SchedulerStream> onSubscribed;
    private LocalSchedulerDriver driver;
    private volatile String frameworkId;
    private ScheduledFuture<?> heartbeats;
    private volatile boolean silenced;

    SchedulerStream(String id, Response response, Callback done, Duration heartbeat, ScheduledExecutorService timer,
                    Consumer<SchedulerStream> onSubscribed) {
        this.id = id;
        this.onSubscribed = onSubscribed;
        this.events = new EventStream(response, done, this::gone);
        this.heartbeat = heartbeat;
        this.timer = timer;
    }

    /** Binds the master's driver for this subscription; before its start. */
    void bind(LocalSchedulerDriver value) {
        driver = value;
    }

    LocalSchedulerDriver driver() {
        return driver;
    }

    /** The framework id, once SUBSCRIBED has been sent. */
    String frameworkId() {
        return frameworkId;
    }

    boolean isOpen() {
        return events.isOpen();
    }

    /** Sends no more heartbeats while the stream stays open: a master gone quiet, to test subscribers with. */
    void silence() {
        silenced = true;
    }

    @Override
    public void registered(SchedulerDriver d, Protos.FrameworkID id, Protos.MasterInfo master) {
        subscribed(id, master);
    }

    @Override
    public void reregistered(SchedulerDriver d, Protos.MasterInfo master) {
        subscribed(Protos.FrameworkID.newBuilder().setValue(driver.info().getId().getValue()).build(), master);
    }

    private void subscribed(Protos.FrameworkID id, Protos.MasterInfo master) {
        frameworkId = id.getValue();
        onSubscribed.accept(this);
        write(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setFrameworkId(Evolve.as(id, org.apache.mesos.v1.Protos.FrameworkID.parser()))
                .setHeartbeatIntervalSeconds(heartbeat.toNanos() / 1e9)
                .setMasterInfo(Evolve.as(master, org.apache.mesos.v1.Protos.MasterInfo.parser()))).build());
        heartbeat();
        synchronized (this) {
            if (events.isOpen() && heartbeats == null) {
                heartbeats = timer.scheduleWithFixedDelay(this::heartbeat, heartbeat.toNanos(), heartbeat.toNanos(),
                        TimeUnit.NANOSECONDS);
            }
        }
    }

    private void heartbeat() {
        if (!silenced) {
            write(Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
        }
    }

    @Override
    public void disconnected(SchedulerDriver d) {
        // the master never disconnects a subscriber without closing its stream
    }

    @Override
    public void resourceOffers(SchedulerDriver d, List<Protos.Offer> offers) {
        write(Event.newBuilder().setType(Event.Type.OFFERS).setOffers(Event.Offers.newBuilder()
                .addAllOffers(Evolve.all(offers, org.apache.mesos.v1.Protos.Offer.parser()))).build());
    }

    @Override
    public void offerRescinded(SchedulerDriver d, Protos.OfferID offerId) {
        write(Event.newBuilder().setType(Event.Type.RESCIND).setRescind(Event.Rescind.newBuilder()
                .setOfferId(Evolve.as(offerId, org.apache.mesos.v1.Protos.OfferID.parser()))).build());
    }

    @Override
    public void statusUpdate(SchedulerDriver d, Protos.TaskStatus status) {
        write(Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder()
                .setStatus(Evolve.as(status, org.apache.mesos.v1.Protos.TaskStatus.parser()))).build());
    }

    @Override
    public void frameworkMessage(SchedulerDriver d, Protos.ExecutorID executorId, Protos.SlaveID agentId, byte[] data) {
        write(Event.newBuilder().setType(Event.Type.MESSAGE).setMessage(Event.Message.newBuilder()
                .setAgentId(Evolve.as(agentId, org.apache.mesos.v1.Protos.AgentID.parser()))
                .setExecutorId(Evolve.as(executorId, org.apache.mesos.v1.Protos.ExecutorID.parser()))
                .setData(com.google.protobuf.ByteString.copyFrom(data))).build());
    }

    @Override
    public void slaveLost(SchedulerDriver d, Protos.SlaveID agentId) {
        write(Event.newBuilder().setType(Event.Type.FAILURE).setFailure(Event.Failure.newBuilder()
                .setAgentId(Evolve.as(agentId, org.apache.mesos.v1.Protos.AgentID.parser()))).build());
    }

    @Override
    public void executorLost(SchedulerDriver d, Protos.ExecutorID executorId, Protos.SlaveID agentId, int status) {
        write(Event.newBuilder().setType(Event.Type.FAILURE).setFailure(Event.Failure.newBuilder()
                .setAgentId(Evolve.as(agentId, org.apache.mesos.v1.Protos.AgentID.parser()))
                .setExecutorId(Evolve.as(executorId, org.apache.mesos.v1.Protos.ExecutorID.parser()))
                .setStatus(status)).build());
    }

    /** ERROR, then the end of the stream: Mesos closes a stream after its ERROR event. */
    @Override
    public void error(SchedulerDriver d, String message) {
        write(Event.newBuilder().setType(Event.Type.ERROR).setError(Event.Error.newBuilder().setMessage(message)).build());
        finish();
    }

    /** Ends the stream: the last chunk is written and the response completes. */
    void finish() {
        cancelHeartbeats();
        events.finish();
    }

    /** The subscriber's connection failed or closed: the subscription ends as a disconnection. */
    void broken(Throwable failure) {
        events.broken(failure);
    }

    private void write(Event event) {
        events.write(event.toByteArray());
    }

    private void gone(Throwable failure) {
        cancelHeartbeats();
        LOG.info("the event stream of framework {} broke ({}): the subscriber is gone", frameworkId, failure.toString());
        driver.abort();
    }

    private synchronized void cancelHeartbeats() {
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
    }
}

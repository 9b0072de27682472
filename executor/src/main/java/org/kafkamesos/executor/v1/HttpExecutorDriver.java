package org.kafkamesos.executor.v1;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.apache.mesos.Executor;
import org.apache.mesos.ExecutorDriver;
import org.apache.mesos.Protos;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ExecutorDriver} over Mesos' V1 HTTP executor API ({@code POST /api/v1/executor} on the agent,
 * docs/executor-http-api.md), with no native code.
 *
 * <ul>
 *   <li>It reads what the agent sets for an executor it starts ({@link AgentEnvironment}): the agent's endpoint, the
 *   framework and executor ids, whether the framework checkpoints, the recovery timeout and the back-off.</li>
 *   <li>SUBSCRIBE opens the event stream: the first SUBSCRIBED is {@code registered}, a later one {@code reregistered};
 *   LAUNCH is {@code launchTask}, KILL {@code killTask}, MESSAGE {@code frameworkMessage}, SHUTDOWN {@code shutdown},
 *   ERROR {@code error}; ACKNOWLEDGED retires the update it names. LAUNCH_GROUP (task groups) is refused with an
 *   {@code error}: this executor runs one task.</li>
 *   <li>Each status update gets a fresh 16-byte uuid and {@code SOURCE_EXECUTOR}, and is kept until the agent
 *   acknowledges it; a re-subscription carries every unacknowledged update and every task launched but not yet
 *   acknowledged in any update, so the agent re-sends them, as the executor library of Mesos does.</li>
 *   <li>When the stream ends (the agent restarts), a checkpointing framework's executor subscribes again, backing off
 *   up to {@code MESOS_SUBSCRIPTION_BACKOFF_MAX}, until {@code MESOS_RECOVERY_TIMEOUT} has passed, then shuts down;
 *   without checkpointing it shuts down at once. {@code disconnected} is called first either way.</li>
 *   <li>Callbacks come on one thread of the driver's, in order.</li>
 * </ul>
 */
public final class HttpExecutorDriver implements ExecutorDriver {

    private static final Logger LOG = LoggerFactory.getLogger(HttpExecutorDriver.class);
    private static final String PROTOBUF = "application/x-protobuf";

    private final Executor executor;
    private final AgentEnvironment environment;
    private final URI endpoint;
    private final HttpClient http;
    private final ExecutorService callbacks;
    private final org.apache.mesos.v1.Protos.FrameworkID frameworkId;
    private final org.apache.mesos.v1.Protos.ExecutorID executorId;
    /** Updates sent and not yet acknowledged, by uuid, in the order sent. */
    private final Map<ByteString, Protos.TaskStatus> unacknowledged = new LinkedHashMap<>();
    /** Tasks launched for which no update has been acknowledged yet. */
    private final Map<String, Protos.TaskInfo> unacknowledgedTasks = new LinkedHashMap<>();
    private Protos.Status status = Protos.Status.DRIVER_NOT_STARTED;
    private Thread subscriber;
    private volatile InputStream stream;
    private boolean registeredOnce;

    /** A driver, not started, that calls {@code executor} back and subscribes to the agent {@code environment} names. */
    public HttpExecutorDriver(Executor executor, AgentEnvironment environment) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.endpoint = URI.create("http://" + environment.agent() + "/api/v1/executor");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        this.callbacks = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mesos-v1-executor-callbacks");
            t.setDaemon(true);
            return t;
        });
        this.frameworkId = org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue(environment.frameworkId()).build();
        this.executorId = org.apache.mesos.v1.Protos.ExecutorID.newBuilder().setValue(environment.executorId()).build();
    }

    @Override
    public synchronized Protos.Status start() {
        if (status != Protos.Status.DRIVER_NOT_STARTED) {
            return status;
        }
        status = Protos.Status.DRIVER_RUNNING;
        subscriber = new Thread(this::subscribeLoop, "mesos-v1-executor-subscriber");
        subscriber.setDaemon(true);
        subscriber.start();
        return status;
    }

    @Override
    public Protos.Status stop() {
        return end(Protos.Status.DRIVER_STOPPED);
    }

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

    /**
     * Sends {@code update} with a fresh uuid, and keeps it until the agent acknowledges it.
     *
     * @throws IllegalArgumentException for {@code TASK_STAGING}, which only the agent may send (Mesos refuses it)
     */
    @Override
    public Protos.Status sendStatusUpdate(Protos.TaskStatus update) {
        if (update.getState() == Protos.TaskState.TASK_STAGING) {
            throw new IllegalArgumentException("an executor may not send TASK_STAGING (task " + update.getTaskId().getValue() + ")");
        }
        byte[] uuid = new byte[16];
        ByteBuffer.wrap(uuid).putLong(UUID.randomUUID().getMostSignificantBits())
                .putLong(UUID.randomUUID().getLeastSignificantBits());
        Protos.TaskStatus stamped = update.toBuilder().setUuid(ByteString.copyFrom(uuid))
                .setSource(Protos.TaskStatus.Source.SOURCE_EXECUTOR)
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue(environment.executorId()))
                .setTimestamp(System.currentTimeMillis() / 1000.0).build();
        synchronized (this) {
            if (status != Protos.Status.DRIVER_RUNNING) {
                return status;
            }
            unacknowledged.put(stamped.getUuid(), stamped);
        }
        post(call(Call.Type.UPDATE).setUpdate(Call.Update.newBuilder()
                .setStatus(Evolve.as(stamped, org.apache.mesos.v1.Protos.TaskStatus.parser()))).build());
        return Protos.Status.DRIVER_RUNNING;
    }

    @Override
    public Protos.Status sendFrameworkMessage(byte[] data) {
        post(call(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder().setData(ByteString.copyFrom(data))).build());
        return statusNow();
    }

    // ---------------------------------------------------------------- the stream

    private void subscribeLoop() {
        long disconnectedAt = 0;
        long backoff = 100;
        while (running()) {
            boolean subscribed = false;
            try {
                subscribed = subscribe();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("the agent's executor API at {}: {}", endpoint, e.toString());
            }
            if (!running()) {
                return;
            }
            if (subscribed) {
                deliver(e -> e.disconnected(this));
                disconnectedAt = System.nanoTime();
                backoff = 100;
            } else if (disconnectedAt == 0) {
                disconnectedAt = System.nanoTime();
            }
            if (!environment.checkpoint()) {
                LOG.warn("disconnected from the agent, and the framework does not checkpoint: shutting down");
                shutDown();
                return;
            }
            if (System.nanoTime() - disconnectedAt > environment.recoveryTimeout().toNanos()) {
                LOG.warn("no agent for the recovery timeout of {}: shutting down", environment.recoveryTimeout());
                shutDown();
                return;
            }
            backoff = Math.min(backoff * 2, Math.max(100, environment.backoffMax().toMillis()));
            try {
                Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One subscription, read to its end; whether it was subscribed. */
    private boolean subscribe() throws IOException, InterruptedException {
        Call.Subscribe.Builder subscribe = Call.Subscribe.newBuilder();
        synchronized (this) {
            unacknowledgedTasks.values().forEach(t -> subscribe.addUnacknowledgedTasks(
                    Evolve.as(t, org.apache.mesos.v1.Protos.TaskInfo.parser())));
            unacknowledged.values().forEach(u -> subscribe.addUnacknowledgedUpdates(Call.Update.newBuilder()
                    .setStatus(Evolve.as(u, org.apache.mesos.v1.Protos.TaskStatus.parser()))));
        }
        HttpResponse<InputStream> response = http.send(request(call(Call.Type.SUBSCRIBE).setSubscribe(subscribe).build())
                .header("Accept", PROTOBUF).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
            }
            LOG.warn("the agent refused SUBSCRIBE with {}: {}", response.statusCode(), body);
            return false;
        }
        stream = response.body();
        boolean subscribed = false;
        try (InputStream in = response.body()) {
            RecordIo.Reader records = RecordIo.reader(in);
            for (Optional<byte[]> record = records.next(); record.isPresent() && running(); record = records.next()) {
                Event event;
                try {
                    event = Event.parseFrom(record.get());
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    LOG.warn("an event from the agent is no Event ({}): skipped", e.getMessage());
                    continue;
                }
                subscribed |= event.getType() == Event.Type.SUBSCRIBED;
                try {
                    handle(event);
                } catch (IllegalArgumentException e) {
                    LOG.warn("a {} event from the agent cannot be read ({}): skipped", event.getType(), e.getMessage());
                }
            }
        } catch (IOException e) {
            if (running()) {
                LOG.warn("the event stream from the agent broke: {}", e.toString());
            }
        } finally {
            stream = null;
        }
        return subscribed;
    }

    private void handle(Event event) {
        switch (event.getType()) {
            case SUBSCRIBED:
                Event.Subscribed subscribed = event.getSubscribed();
                Protos.ExecutorInfo executorInfo = Evolve.as(subscribed.getExecutorInfo(), Protos.ExecutorInfo.parser());
                Protos.FrameworkInfo frameworkInfo = Evolve.as(subscribed.getFrameworkInfo(), Protos.FrameworkInfo.parser());
                Protos.SlaveInfo agentInfo = Evolve.as(subscribed.getAgentInfo(), Protos.SlaveInfo.parser());
                boolean again;
                synchronized (this) {
                    again = registeredOnce;
                    registeredOnce = true;
                }
                if (again) {
                    deliver(e -> e.reregistered(this, agentInfo));
                } else {
                    deliver(e -> e.registered(this, executorInfo, frameworkInfo, agentInfo));
                }
                return;
            case LAUNCH:
                Protos.TaskInfo task = Evolve.as(event.getLaunch().getTask(), Protos.TaskInfo.parser());
                synchronized (this) {
                    unacknowledgedTasks.put(task.getTaskId().getValue(), task);
                }
                deliver(e -> e.launchTask(this, task));
                return;
            case LAUNCH_GROUP:
                deliver(e -> e.error(this, "this executor runs one task at a time; task groups (LAUNCH_GROUP) are not supported"));
                return;
            case KILL:
                Protos.TaskID kill = Evolve.as(event.getKill().getTaskId(), Protos.TaskID.parser());
                deliver(e -> e.killTask(this, kill));
                return;
            case ACKNOWLEDGED:
                synchronized (this) {
                    Protos.TaskStatus acked = unacknowledged.remove(event.getAcknowledged().getUuid());
                    if (acked != null) {
                        unacknowledgedTasks.remove(acked.getTaskId().getValue());
                    }
                }
                return;
            case MESSAGE:
                byte[] data = event.getMessage().getData().toByteArray();
                deliver(e -> e.frameworkMessage(this, data));
                return;
            case SHUTDOWN:
                shutDown();
                return;
            case ERROR:
                String message = event.getError().getMessage();
                deliver(e -> e.error(this, message));
                return;
            default:
                return; // HEARTBEAT, and what a newer agent may send
        }
    }

    /** The executor's {@code shutdown}, then the driver stops: what follows a SHUTDOWN event or a lost agent. */
    private void shutDown() {
        deliver(e -> {
            e.shutdown(this);
            stop();
        });
    }

    // ---------------------------------------------------------------- calls

    private Call.Builder call(Call.Type type) {
        return Call.newBuilder().setType(type).setFrameworkId(frameworkId).setExecutorId(executorId);
    }

    /** Sends a call; one that fails is logged, and an update is sent again with the next SUBSCRIBE. */
    private void post(Call call) {
        try {
            HttpResponse<String> response = http.send(request(call).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                LOG.warn("the agent refused {} with {}: {}", call.getType(), response.statusCode(), response.body());
            }
        } catch (IOException e) {
            LOG.warn("{} to the agent failed ({}); an update goes again with the next subscription", call.getType(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest.Builder request(Call call) {
        return HttpRequest.newBuilder(endpoint).header("Content-Type", PROTOBUF)
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray()));
    }

    // ---------------------------------------------------------------- status

    private synchronized Protos.Status statusNow() {
        return status;
    }

    private boolean running() {
        return statusNow() == Protos.Status.DRIVER_RUNNING;
    }

    /** Updates sent and not acknowledged yet, in the order sent: for tests and logs. */
    public synchronized List<Protos.TaskStatus> unacknowledgedUpdates() {
        return new ArrayList<>(unacknowledged.values());
    }

    private void deliver(Consumer<Executor> callback) {
        try {
            callbacks.execute(() -> {
                if (!running()) {
                    return;
                }
                try {
                    callback.accept(executor);
                } catch (RuntimeException e) {
                    LOG.error("the executor's callback threw; the driver goes on", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("driver ended: callback dropped");
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
        InputStream open = stream;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                LOG.debug("closing the event stream", e);
            }
        }
        if (loop != null && loop != Thread.currentThread()) {
            loop.interrupt();
        }
        callbacks.shutdown();
        return to;
    }
}

package org.kafkamesos.executor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.mesos.Executor;
import org.apache.mesos.ExecutorDriver;
import org.apache.mesos.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an {@link ExecutorRuntime} under the Mesos executor driver: translates the driver's callbacks into
 * launches and kills, and status updates into {@code Protos.TaskStatus}. Mesos types stay in this class.
 *
 * <ul>
 *   <li>{@code launchTask}: the task's {@code data} is the {@link LaunchSpec} ({@link LaunchSpec#toBytes()}),
 *       and the sandbox is this executor's; a kill policy's grace period, if the task has one, replaces the
 *       runtime's default for that task.</li>
 *   <li>{@code shutdown} and {@code error}: every task is killed and the driver stopped.</li>
 *   <li>When the last task has reported its terminal state, the driver is stopped a second later (time for
 *       the agent to take the update), and the executor exits.</li>
 * </ul>
 */
public final class MesosExecutorAdapter implements Executor, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MesosExecutorAdapter.class);
    /** Between the last terminal update and stopping the driver. */
    private static final Duration STOP_DELAY = Duration.ofSeconds(1);

    private final ExecutorRuntime runtime;
    private final Path sandbox;
    private final AtomicReference<ExecutorDriver> driver = new AtomicReference<>();
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    private final Map<String, Duration> killGrace = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mesos-executor-stop");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param runtimeFactory makes the runtime, given the sink that forwards its updates to the driver, for
     *                       example {@code sink -> ExecutorRuntime.builder().statusSink(sink).build()}
     * @param sandbox        the task sandbox ({@code MESOS_SANDBOX}, the executor's working folder)
     */
    public MesosExecutorAdapter(Function<TaskStatusSink, ExecutorRuntime> runtimeFactory, Path sandbox) {
        filterMesosGencodeWarnings();
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
        this.runtime = Objects.requireNonNull(runtimeFactory.apply(this::forward), "runtime");
    }

    @Override
    public void registered(ExecutorDriver d, Protos.ExecutorInfo executorInfo, Protos.FrameworkInfo frameworkInfo,
                           Protos.SlaveInfo agentInfo) {
        driver.set(d);
        log.info("registered executor {} of framework {} on agent {} ({})", executorInfo.getExecutorId().getValue(),
                frameworkInfo.getName(), agentInfo.getId().getValue(), agentInfo.getHostname());
    }

    @Override
    public void reregistered(ExecutorDriver d, Protos.SlaveInfo agentInfo) {
        driver.set(d);
        log.info("re-registered with agent {} ({})", agentInfo.getId().getValue(), agentInfo.getHostname());
    }

    @Override
    public void disconnected(ExecutorDriver d) {
        log.warn("disconnected from the agent; tasks keep running while it recovers");
    }

    @Override
    public void launchTask(ExecutorDriver d, Protos.TaskInfo task) {
        driver.set(d);
        String taskId = task.getTaskId().getValue();
        if (task.hasKillPolicy() && task.getKillPolicy().hasGracePeriod()) {
            killGrace.put(taskId, Duration.ofNanos(task.getKillPolicy().getGracePeriod().getNanoseconds()));
        }
        active.add(taskId);
        try {
            runtime.launch(taskId, task.getData().toByteArray(), sandbox);
        } catch (IllegalArgumentException e) {
            // The same task id twice: the running task stays; the duplicate is only logged.
            log.error("launch of task {} refused: {}", taskId, e.getMessage());
        }
    }

    @Override
    public void killTask(ExecutorDriver d, Protos.TaskID taskId) {
        driver.set(d);
        Duration grace = killGrace.get(taskId.getValue());
        if (grace == null) {
            runtime.kill(taskId.getValue());
        } else {
            runtime.kill(taskId.getValue(), grace);
        }
    }

    @Override
    public void frameworkMessage(ExecutorDriver d, byte[] data) {
        log.debug("ignoring a framework message of {} bytes", data.length);
    }

    @Override
    public void shutdown(ExecutorDriver d) {
        log.info("shutdown asked by the agent: killing every task");
        runtime.close();
        d.stop();
    }

    @Override
    public void error(ExecutorDriver d, String message) {
        log.error("executor driver error: {}; killing every task", message);
        runtime.close();
    }

    /**
     * Drops protobuf-java's warnings about Mesos 1.11's generated classes, which predate protobuf 3.22, and
     * keeps its warnings about any other type; logs once, through slf4j, that it did. The adapter calls it;
     * code that parses Mesos messages without one may. The warning is about GHSA-h4h5-3hr4-j3g2, a denial of
     * service when such classes parse hostile input; an executor's messages come from its local agent through
     * the native driver. Logs an error when {@code com.google.protobuf.error_on_unsafe_pre22_gencode} is set,
     * since every parse of a Mesos message then fails and the driver can deliver no callback.
     */
    public static void filterMesosGencodeWarnings() {
        MesosGencodeWarnings.install();
    }

    /** Kills every task still running and waits for them; see {@link ExecutorRuntime#close()}. */
    @Override
    public void close() {
        runtime.close();
        timer.shutdownNow();
    }

    private void forward(TaskStatus status) {
        ExecutorDriver d = driver.get();
        if (d == null) {
            log.warn("no driver yet to send {} of task {}", status.state(), status.taskId());
            return;
        }
        d.sendStatusUpdate(toProto(status));
        if (status.state().isTerminal()) {
            active.remove(status.taskId());
            killGrace.remove(status.taskId());
            if (active.isEmpty()) {
                timer.schedule(this::stopIfIdle, STOP_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void stopIfIdle() {
        ExecutorDriver d = driver.get();
        if (active.isEmpty() && d != null) {
            log.info("no task left: stopping the executor driver");
            d.stop();
        }
    }

    /** The Mesos form of a status update. */
    static Protos.TaskStatus toProto(TaskStatus status) {
        return Protos.TaskStatus.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue(status.taskId()))
                .setState(toProto(status.state()))
                .setMessage(status.message())
                .setHealthy(status.healthy())
                .setTimestamp(status.timestamp().getEpochSecond() + status.timestamp().getNano() / 1e9)
                .setSource(Protos.TaskStatus.Source.SOURCE_EXECUTOR)
                .build();
    }

    static Protos.TaskState toProto(TaskState state) {
        return switch (state) {
            case STARTING -> Protos.TaskState.TASK_STARTING;
            case RUNNING -> Protos.TaskState.TASK_RUNNING;
            case KILLING -> Protos.TaskState.TASK_KILLING;
            case KILLED -> Protos.TaskState.TASK_KILLED;
            case FAILED -> Protos.TaskState.TASK_FAILED;
            case FINISHED -> Protos.TaskState.TASK_FINISHED;
        };
    }

}

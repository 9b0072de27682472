package org.kafkamesos.core.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.mesos.Protos;
import org.apache.mesos.v1.executor.Protos.Event;
import org.kafkamesos.executor.LogFile;
import org.kafkamesos.executor.v1.Evolve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One executor of one task as a process of its own, as a Mesos agent runs a command executor
 * (docs/executor-http-api.md, {@code src/slave/slave.cpp}): the task's {@code CommandInfo.URI}s are fetched into the
 * sandbox ({@link Fetcher}), the command runs there (argv without a shell when {@code shell} is false, else
 * {@code sh -c}), with its environment and the variables an agent gives an HTTP executor ({@code MESOS_AGENT_ENDPOINT},
 * {@code MESOS_FRAMEWORK_ID}, {@code MESOS_EXECUTOR_ID}, {@code MESOS_DIRECTORY}, {@code MESOS_SANDBOX},
 * {@code MESOS_CHECKPOINT}, {@code MESOS_RECOVERY_TIMEOUT}, {@code MESOS_SUBSCRIPTION_BACKOFF_MAX},
 * {@code MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD}), its output in the sandbox's {@code stdout} and {@code stderr}. The
 * executor subscribes to its agent's {@code /api/v1/executor} ({@link AgentEndpoint}); the task's LAUNCH, and any KILL
 * or MESSAGE before it subscribed, wait for its SUBSCRIBE. Each update it sends goes to the agent's status update
 * manager and is acknowledged to it at once (ACKNOWLEDGED), as the agent does once it has checkpointed an update.
 * SHUTDOWN gives it the shutdown grace period, then it is killed. When the process ends, the agent is told once.
 */
final class ExecutorProcess implements ExecutorRun {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorProcess.class);
    /** The file in the sandbox that holds the executor's pid, so that a later cluster on the work folder finds it. */
    static final String PID_FILE = "executor.pid";
    /** Mesos' default {@code --executor_shutdown_grace_period}. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    /** How long {@link #closeAndWait()} waits for the executor to end its task and exit before killing it. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

    private final String executorId;
    private final String frameworkId;
    private final String agentId;
    private final Path sandbox;
    private final String agentEndpoint;
    private final Consumer<Protos.TaskStatus> updates;
    private final BiConsumer<ExecutorRun, String> onEnd;
    private final ExecutorService thread;
    private final List<Event> pending = new ArrayList<>();
    private Event subscribedEvent;
    private EventStream stream;
    private Process process;
    private boolean ended;

    /**
     * @param agentEndpoint the agent's {@code ip:port}, where it serves {@code /api/v1/executor}
     * @param updates       the agent's status update manager, for every update the executor sends
     * @param onEnd         told once when the executor's process has ended, with why
     */
    ExecutorProcess(String executorId, String frameworkId, String agentId, Path sandbox, String agentEndpoint,
                    Consumer<Protos.TaskStatus> updates, BiConsumer<ExecutorRun, String> onEnd) {
        this.executorId = executorId;
        this.frameworkId = frameworkId;
        this.agentId = agentId;
        this.sandbox = sandbox;
        this.agentEndpoint = agentEndpoint;
        this.updates = updates;
        this.onEnd = onEnd;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "local-executor-process-" + executorId);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String executorId() {
        return executorId;
    }

    @Override
    public String frameworkId() {
        return frameworkId;
    }

    @Override
    public String agentId() {
        return agentId;
    }

    @Override
    public Path sandbox() {
        return sandbox;
    }

    /** Fetches and starts the executor's process on a thread of its own; the task's LAUNCH waits for its SUBSCRIBE. */
    @Override
    public void launch(Protos.ExecutorInfo executor, Protos.FrameworkInfo framework, Protos.SlaveInfo agent,
                       Protos.TaskInfo task) {
        synchronized (this) {
            subscribedEvent = Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                    .setExecutorInfo(Evolve.as(executor, org.apache.mesos.v1.Protos.ExecutorInfo.parser()))
                    .setFrameworkInfo(Evolve.as(framework, org.apache.mesos.v1.Protos.FrameworkInfo.parser()))
                    .setAgentInfo(Evolve.as(agent, org.apache.mesos.v1.Protos.AgentInfo.parser()))
                    .setContainerId(org.apache.mesos.v1.Protos.ContainerID.newBuilder().setValue(sandbox.getFileName().toString())))
                    .build();
            pending.add(Event.newBuilder().setType(Event.Type.LAUNCH).setLaunch(Event.Launch.newBuilder()
                    .setTask(Evolve.as(task, org.apache.mesos.v1.Protos.TaskInfo.parser()))).build());
        }
        run("launch", () -> start(executor.getCommand(), framework.getCheckpoint()));
    }

    private void start(Protos.CommandInfo command, boolean checkpoint) {
        try {
            Fetcher.fetch(command.getUrisList(), sandbox);
            List<String> argv = new ArrayList<>();
            if (command.hasShell() && !command.getShell()) {
                argv.add(command.getValue());
                argv.addAll(command.getArgumentsList().subList(Math.min(1, command.getArgumentsCount()),
                        command.getArgumentsCount()));
            } else {
                argv.addAll(List.of("sh", "-c", command.getValue()));
            }
            ProcessBuilder builder = new ProcessBuilder(argv).directory(sandbox.toFile())
                    .redirectOutput(sandbox.resolve("stdout").toFile()).redirectError(sandbox.resolve("stderr").toFile());
            Map<String, String> env = builder.environment();
            command.getEnvironment().getVariablesList().forEach(v -> env.put(v.getName(), v.getValue()));
            env.put("MESOS_AGENT_ENDPOINT", agentEndpoint);
            env.put("MESOS_FRAMEWORK_ID", frameworkId);
            env.put("MESOS_EXECUTOR_ID", executorId);
            env.put("MESOS_SLAVE_ID", agentId);
            env.put("MESOS_AGENT_ID", agentId);
            env.put("MESOS_DIRECTORY", sandbox.toString());
            env.put("MESOS_SANDBOX", sandbox.toString());
            env.put("MESOS_CHECKPOINT", checkpoint ? "1" : "0");
            env.put("MESOS_RECOVERY_TIMEOUT", "15mins");
            env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", "2secs");
            env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", SHUTDOWN_GRACE.toSeconds() + "secs");
            env.remove("MESOS_NATIVE_JAVA_LIBRARY");
            Process started = builder.start();
            synchronized (this) {
                process = started;
            }
            Files.writeString(sandbox.resolve(PID_FILE), Long.toString(started.pid()));
            LOG.info("executor {} runs as process {} in {}", executorId, started.pid(), sandbox);
            started.onExit().thenRun(() -> ended("the executor's process exited with status " + started.exitValue()));
        } catch (IOException | RuntimeException e) {
            LOG.error("executor {} could not be started: {}", executorId, e.getMessage());
            ended("the executor could not be started: " + e.getMessage());
        }
    }

    /** The executor subscribed (again): SUBSCRIBED, the updates it had not had acknowledged, then what waited for it. */
    void subscribed(EventStream opened, List<Protos.TaskStatus> unacknowledged) {
        List<Event> send;
        synchronized (this) {
            stream = opened;
            send = new ArrayList<>();
            send.add(subscribedEvent);
            send.addAll(pending);
            pending.clear();
        }
        unacknowledged.forEach(this::update);
        for (Event event : send) {
            opened.write(event.toByteArray());
        }
    }

    /** Whether the executor has subscribed to its agent. */
    synchronized boolean isSubscribed() {
        return stream != null;
    }

    /** An update from the executor: to the agent's status update manager, then acknowledged to the executor. */
    void update(Protos.TaskStatus status) {
        updates.accept(status);
        send(Event.newBuilder().setType(Event.Type.ACKNOWLEDGED).setAcknowledged(Event.Acknowledged.newBuilder()
                .setTaskId(Evolve.as(status.getTaskId(), org.apache.mesos.v1.Protos.TaskID.parser()))
                .setUuid(status.getUuid())).build());
    }

    @Override
    public void kill(Protos.TaskID taskId) {
        send(Event.newBuilder().setType(Event.Type.KILL).setKill(Event.Kill.newBuilder()
                .setTaskId(Evolve.as(taskId, org.apache.mesos.v1.Protos.TaskID.parser()))).build());
    }

    @Override
    public void frameworkMessage(byte[] data) {
        send(Event.newBuilder().setType(Event.Type.MESSAGE).setMessage(Event.Message.newBuilder()
                .setData(com.google.protobuf.ByteString.copyFrom(data))).build());
    }

    /** SHUTDOWN, then, after the shutdown grace period, the process is killed if it still runs. */
    @Override
    public void shutdown() {
        send(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
        run("shutdown", () -> {
            Process p = process();
            if (p != null && !waitFor(p, SHUTDOWN_GRACE.plusSeconds(30))) {
                LOG.warn("executor {} did not exit within its shutdown grace period: killed", executorId);
                destroy(p);
            }
        });
    }

    @Override
    public void closeAndWait() {
        send(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
        Process p = process();
        if (p != null && !waitFor(p, CLOSE_WAIT)) {
            destroy(p);
            waitFor(p, Duration.ofSeconds(10));
        }
        release();
    }

    @Override
    public void release() {
        EventStream open;
        synchronized (this) {
            open = stream;
            stream = null;
        }
        if (open != null) {
            open.finish();
        }
        thread.shutdown();
    }

    /** The task's Kafka process: the executor's descendant that runs {@code kafka.Kafka}. */
    @Override
    public Optional<ProcessHandle> process(String taskId) {
        Process p = process();
        return p == null ? Optional.empty() : p.descendants()
                .filter(h -> h.info().commandLine().map(c -> c.contains("kafka.Kafka")).orElse(false)).findFirst();
    }

    /** The executor's own process, while it runs. */
    Optional<ProcessHandle> executorProcess() {
        Process p = process();
        return p != null && p.isAlive() ? Optional.of(p.toHandle()) : Optional.empty();
    }

    @Override
    public String logTail(String taskId, LogFile file, int lines) {
        if (lines < 1) {
            throw new IllegalArgumentException("lines must be at least 1, got " + lines);
        }
        Path log = sandbox.resolve(file.fileName());
        if (!Files.isRegularFile(log)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(log.toFile(), "r")) {
            long length = in.length();
            long from = Math.max(0, length - 100_000);
            byte[] bytes = new byte[(int) (length - from)];
            in.seek(from);
            in.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + log + ": " + e.getMessage(), e);
        }
    }

    private synchronized Process process() {
        return process;
    }

    /** Writes an event to the executor's stream, or keeps it until the executor subscribes. */
    private void send(Event event) {
        EventStream open;
        synchronized (this) {
            open = stream;
            if (open == null || !open.isOpen()) {
                pending.add(event);
                return;
            }
        }
        if (!open.write(event.toByteArray())) {
            synchronized (this) {
                pending.add(event);
            }
        }
    }

    private void ended(String why) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        LOG.info("executor {} ended: {}", executorId, why);
        onEnd.accept(this, why);
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void destroy(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private void run(String what, Runnable action) {
        try {
            thread.execute(() -> {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.error("executor {}: {} failed", executorId, what, e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("executor {} has ended; {} dropped", executorId, what);
        }
    }
}

package org.kafkamesos.executor;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task: launch, readiness, kill and exit of one Kafka node, with the status updates each step gives.
 *
 * <p>{@link #run()} drives the launch on the task's own thread and is the only place that reports RUNNING
 * and the terminal state. {@link #kill(Duration)} may come from any thread at any time: it reports KILLING
 * and stops whatever process the task runs at that moment (storage tool or node), or lets {@code run} stop
 * before the next step. Status updates of a task are sent under its lock, so they arrive in order.
 */
final class NodeTask {

    private static final Logger log = LoggerFactory.getLogger(NodeTask.class);
    /** The grace given to a node that failed to get ready, before SIGKILL. */
    private static final Duration FAILED_START_GRACE = Duration.ofSeconds(10);

    private final String taskId;
    private final Supplier<LaunchSpec> specSource;
    private final Path sandbox;
    private final RuntimeSettings settings;
    private final TaskStatusSink sink;
    private final Object lock = new Object();

    // guarded by lock
    private TaskState state;
    private boolean killRequested;
    private Duration killGrace;
    private KafkaProcess current;
    private KafkaProcess node;
    private CompletableFuture<KafkaProcess.StopResult> stopped;

    NodeTask(String taskId, Supplier<LaunchSpec> specSource, Path sandbox, RuntimeSettings settings, TaskStatusSink sink) {
        this.taskId = taskId;
        this.specSource = specSource;
        this.sandbox = sandbox.toAbsolutePath().normalize();
        this.settings = settings;
        this.sink = sink;
    }

    String taskId() {
        return taskId;
    }

    Path sandbox() {
        return sandbox;
    }

    TaskState state() {
        synchronized (lock) {
            return state;
        }
    }

    boolean isActive() {
        synchronized (lock) {
            return state == null || !state.isTerminal();
        }
    }

    Optional<ProcessHandle> process() {
        synchronized (lock) {
            return node == null ? Optional.empty() : ProcessHandle.of(node.pid()).filter(ProcessHandle::isAlive);
        }
    }

    /** Reports STARTING; called by the runtime before the task's thread starts, so it is always the first update. */
    void starting() {
        report(TaskState.STARTING, "launching the Kafka node", false);
    }

    /** Launches the node and follows it to its end. Runs on the task's own thread. */
    void run() {
        long launched = System.nanoTime();
        try {
            LaunchSpec spec = specSource.get();
            KafkaProcess started = launch(spec);
            Readiness.Check ready = awaitReady(spec, started);
            if (ready != null) {
                report(TaskState.RUNNING, ready.detail() + ", ready " + seconds(System.nanoTime() - launched)
                        + " after launch", true);
            }
            int code = join(started.onExit());
            ended(code, System.nanoTime() - launched);
        } catch (LaunchSpecFormatException | LaunchFailure e) {
            failedToStart(e.getMessage());
        } catch (KillRequested e) {
            report(TaskState.KILLED, "killed before Kafka started", false);
        } catch (RuntimeException e) {
            log.error("task {} failed in the executor", taskId, e);
            failedToStart("executor error: " + e);
        }
    }

    /** Everything up to a started node process; a LaunchFailure before the node process means none runs. */
    private KafkaProcess launch(LaunchSpec spec) {
        checkKill();
        KafkaDistribution dist = KafkaDistribution.locate(spec.distribution(), sandbox);
        Path java = settings.javaExecutable();
        if (!Files.isExecutable(java)) {
            throw new LaunchFailure("java executable not found or not executable: " + java);
        }
        try {
            Files.createDirectories(sandbox);
        } catch (IOException e) {
            throw new LaunchFailure("cannot create sandbox " + sandbox + ": " + e.getMessage(), e);
        }
        List<Path> logDirs = ServerProperties.logDirs(spec, sandbox);
        KafkaStorage.unformatted(spec, logDirs);
        requireFreePorts(spec);
        Path config = sandbox.resolve("server.properties");
        try {
            Files.writeString(config, ServerProperties.render(spec, sandbox), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LaunchFailure("cannot write " + config + ": " + e.getMessage(), e);
        }
        checkKill();
        KafkaStorage.Outcome formatted = KafkaStorage.format(spec, logDirs, config, dist, java, sandbox,
                settings.formatTimeout(), settings.outputCapBytes(), this::running);
        log.info("task {}: storage of node {} {}", taskId, spec.nodeId(),
                formatted == KafkaStorage.Outcome.FORMATTED ? "formatted" : "was formatted already");
        checkKill();
        List<String> command = dist.command(java, spec.heapMb(), spec.jvmOptions(), sandbox, KafkaDistribution.KAFKA_MAIN,
                List.of(config.toString()));
        KafkaProcess started = KafkaProcess.start("kafka-node-" + spec.nodeId(), command, sandbox,
                sandbox.resolve(LogFile.STDOUT.fileName()), sandbox.resolve(LogFile.STDERR.fileName()),
                settings.outputCapBytes());
        synchronized (lock) {
            node = started;
        }
        running(started);
        return started;
    }

    /** Waits for readiness; null when a kill came first (the node is being stopped then). */
    private Readiness.Check awaitReady(LaunchSpec spec, KafkaProcess started) {
        long deadline = System.nanoTime() + settings.readinessTimeout().toNanos();
        java.util.Optional<String> directoryId = KafkaStorage.directoryId(ServerProperties.logDirs(spec, sandbox).get(0));
        try (Readiness readiness = new Readiness(spec, directoryId, RuntimeSettings.READINESS_REQUEST_TIMEOUT)) {
            while (true) {
                if (isKillRequested()) {
                    return null;
                }
                if (started.onExit().isDone()) {
                    throw new LaunchFailure("Kafka exited with status " + KafkaProcess.describeExit(join(started.onExit()))
                            + " while starting" + cause() + logTails());
                }
                Readiness.Check check = readiness.check();
                if (check.ready()) {
                    return check;
                }
                if (System.nanoTime() > deadline) {
                    started.stop(FAILED_START_GRACE);
                    throw new LaunchFailure("Kafka did not become ready within " + settings.readinessTimeout().toSeconds()
                            + " s: " + check.detail() + logTails());
                }
                try {
                    started.onExit().get(settings.readinessInterval().toNanos(), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // not exited: check again
                } catch (ExecutionException e) {
                    throw new LaunchFailure("waiting for Kafka failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LaunchFailure("interrupted while waiting for Kafka to get ready");
                }
            }
        }
    }

    /** The node process exited with {@code code}. */
    private void ended(int code, long nanosSinceLaunch) {
        CompletableFuture<KafkaProcess.StopResult> stop;
        boolean killed;
        synchronized (lock) {
            killed = killRequested;
            stop = stopped;
        }
        if (killed && stop == null) {
            report(TaskState.KILLED, "Kafka exited with status " + KafkaProcess.describeExit(code) + " as it was killed", false);
        } else if (killed) {
            KafkaProcess.StopResult result = join(stop);
            String how = result.forced()
                    ? "Kafka did not stop within the " + killGrace.toSeconds() + " s grace period and was killed with SIGKILL"
                    : "Kafka stopped " + seconds(result.took().toNanos()) + " after SIGTERM";
            report(TaskState.KILLED, how + "; exit status " + KafkaProcess.describeExit(result.exitCode()), false);
        } else {
            report(TaskState.FAILED, "Kafka exited unexpectedly with status " + KafkaProcess.describeExit(code) + " after "
                    + seconds(nanosSinceLaunch) + logTails(), false);
        }
    }

    private void failedToStart(String message) {
        KafkaProcess running;
        boolean killed;
        synchronized (lock) {
            running = current;
            killed = killRequested;
        }
        if (running != null && running.isAlive()) {
            running.stop(FAILED_START_GRACE);
        }
        if (killed) {
            report(TaskState.KILLED, "killed while starting", false);
        } else {
            report(TaskState.FAILED, message, false);
        }
    }

    /**
     * Asks the task to stop; see {@link ExecutorRuntime#kill(String, Duration)}. Returns at once: a process is
     * stopped on a thread of its own.
     */
    void kill(Duration grace) {
        KafkaProcess running;
        synchronized (lock) {
            if (killRequested || (state != null && state.isTerminal())) {
                return;
            }
            killRequested = true;
            killGrace = grace;
            running = current;
            report(TaskState.KILLING, "stopping Kafka: SIGTERM, then SIGKILL after " + grace.toSeconds() + " s", false);
            if (running != null) {
                stopped = stopAsync(running, grace);
            }
        }
    }

    /** Records the process the task runs now; if a kill came meanwhile, stops it at once. */
    private void running(KafkaProcess process) {
        synchronized (lock) {
            current = process;
            if (killRequested && (stopped == null || process == node)) {
                stopped = stopAsync(process, killGrace);
            }
        }
    }

    private CompletableFuture<KafkaProcess.StopResult> stopAsync(KafkaProcess process, Duration grace) {
        CompletableFuture<KafkaProcess.StopResult> result = new CompletableFuture<>();
        Thread stopper = new Thread(() -> {
            try {
                result.complete(process.stop(grace));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "stop-" + taskId);
        stopper.setDaemon(true);
        stopper.start();
        return result;
    }

    private boolean isKillRequested() {
        synchronized (lock) {
            return killRequested;
        }
    }

    private void checkKill() {
        if (isKillRequested()) {
            throw new KillRequested();
        }
    }

    private void requireFreePorts(LaunchSpec spec) {
        if (spec.brokerPort().isPresent()) {
            requireFreePort(spec, "broker", spec.brokerPort().getAsInt());
        }
        if (spec.controllerPort().isPresent()) {
            requireFreePort(spec, "controller", spec.controllerPort().getAsInt());
        }
    }

    private static void requireFreePort(LaunchSpec spec, String listener, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(spec.bindHost()), port));
        } catch (BindException e) {
            throw new LaunchFailure(listener + " port " + port + " on " + spec.bindHost() + " is already in use by another"
                    + " process, so node " + spec.nodeId() + " cannot listen on it (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new LaunchFailure("cannot check " + listener + " port " + port + " on " + spec.bindHost() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * {@code ": <the error>"} as {@link FailureCause} finds it in server.log, else stderr, else stdout, or nothing: the
     * first line of the FAILED message of a process that exited says why, before the log tails. (A node that runs but
     * is not ready may log errors that are not why.)
     */
    private String cause() {
        for (LogFile file : List.of(LogFile.SERVER_LOG, LogFile.STDERR, LogFile.STDOUT)) {
            String tail = LogTail.of(sandbox.resolve(file.fileName()), Integer.MAX_VALUE, LogTail.MAX_BYTES);
            Optional<String> found = FailureCause.in(tail.lines().toList());
            if (found.isPresent()) {
                return ": " + found.get();
            }
        }
        return "";
    }

    /** The last log lines for a FAILED message: server.log, stderr when not empty, stdout when there is no server.log. */
    private String logTails() {
        int lines = settings.failureLogLines();
        StringBuilder s = new StringBuilder();
        String server = tail(LogFile.SERVER_LOG, lines);
        if (!server.isEmpty()) {
            s.append("\n--- last ").append(lines).append(" lines of server.log ---\n").append(server);
        } else {
            String stdout = tail(LogFile.STDOUT, lines);
            if (!stdout.isEmpty()) {
                s.append("\n--- last ").append(lines).append(" lines of kafka.stdout ---\n").append(stdout);
            }
        }
        String stderr = tail(LogFile.STDERR, lines);
        if (!stderr.isEmpty()) {
            s.append("\n--- last ").append(lines).append(" lines of kafka.stderr ---\n").append(stderr);
        }
        return s.toString();
    }

    String tail(LogFile file, int lines) {
        return LogTail.of(sandbox.resolve(file.fileName()), lines, LogTail.MAX_BYTES);
    }

    private void report(TaskState next, String message, boolean healthy) {
        synchronized (lock) {
            if (state != null && state.isTerminal()) {
                return;
            }
            state = next;
            TaskStatus status = new TaskStatus(taskId, next, message, healthy, settings.clock().instant());
            log.info("task {}: {} {}", taskId, next, firstLine(message));
            try {
                sink.update(status);
            } catch (RuntimeException e) {
                log.warn("status sink failed on {} of task {}", next, taskId, e);
            }
        }
    }

    private static String firstLine(String message) {
        int br = message.indexOf('\n');
        return br < 0 ? message : message.substring(0, br) + " ...";
    }

    private static <T> T join(CompletableFuture<T> future) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new LaunchFailure("executor error: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** A kill came before the node process started; nothing runs. */
    private static final class KillRequested extends RuntimeException {
        KillRequested() {
            super(null, null, false, false);
        }
    }
}

package org.kafkamesos.executor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link ExecutorRuntime}: one {@link NodeTask} and one thread per task. */
final class ProcessExecutorRuntime implements ExecutorRuntime {

    private static final Logger log = LoggerFactory.getLogger(ProcessExecutorRuntime.class);
    /** How long {@link #close()} waits beyond the grace period for a task to report its end. */
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(15);

    private final TaskStatusSink sink;
    private final RuntimeSettings settings;
    private final ThreadFactory threads;
    private final Map<String, NodeTask> tasks = new ConcurrentHashMap<>();
    private final Map<String, Thread> drivers = new ConcurrentHashMap<>();

    ProcessExecutorRuntime(TaskStatusSink sink, RuntimeSettings settings, ThreadFactory threads) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.settings = settings;
        this.threads = Objects.requireNonNull(threads, "threads");
    }

    @Override
    public void launch(String taskId, LaunchSpec spec, Path sandbox) {
        Objects.requireNonNull(spec, "spec");
        start(taskId, () -> spec, sandbox);
    }

    @Override
    public void launch(String taskId, byte[] launchSpec, Path sandbox) {
        byte[] copy = launchSpec == null ? null : launchSpec.clone();
        start(taskId, () -> LaunchSpec.fromBytes(copy), sandbox);
    }

    private void start(String taskId, Supplier<LaunchSpec> spec, Path sandbox) {
        LaunchSpecRules.requireNonBlank("task id", taskId);
        Objects.requireNonNull(sandbox, "sandbox");
        NodeTask task = new NodeTask(taskId, spec, sandbox, settings, sink);
        tasks.compute(taskId, (id, old) -> {
            if (old != null && old.isActive()) {
                throw new IllegalArgumentException("task " + id + " is still active (" + old.state() + "); a task id"
                        + " is launched once");
            }
            return task;
        });
        task.starting();
        Thread driver = threads.newThread(() -> {
            try {
                task.run();
            } finally {
                drivers.remove(taskId);
            }
        });
        drivers.put(taskId, driver);
        driver.start();
    }

    @Override
    public void kill(String taskId) {
        kill(taskId, settings.killGrace());
    }

    @Override
    public void kill(String taskId, Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must be >= 0, got " + grace);
        }
        NodeTask task = tasks.get(taskId);
        if (task == null) {
            log.info("kill of unknown task {}: reporting it KILLED", taskId);
            sink.update(new TaskStatus(taskId, TaskState.KILLED, "no task " + taskId + " on this executor",
                    false, settings.clock().instant()));
            return;
        }
        task.kill(grace);
    }

    @Override
    public Optional<TaskState> state(String taskId) {
        return Optional.ofNullable(tasks.get(taskId)).map(NodeTask::state);
    }

    @Override
    public Set<String> activeTasks() {
        return tasks.values().stream().filter(NodeTask::isActive).map(NodeTask::taskId).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Optional<ProcessHandle> process(String taskId) {
        return Optional.ofNullable(tasks.get(taskId)).flatMap(NodeTask::process);
    }

    @Override
    public String logTail(String taskId, LogFile file, int lines) {
        Objects.requireNonNull(file, "file");
        if (lines < 0) {
            throw new IllegalArgumentException("lines must be >= 0, got " + lines);
        }
        NodeTask task = tasks.get(taskId);
        if (task == null) {
            throw new IllegalArgumentException("no task " + taskId + " in this runtime; known tasks: " + tasks.keySet());
        }
        return task.tail(file, lines);
    }

    @Override
    public void close() {
        List<NodeTask> active = tasks.values().stream().filter(NodeTask::isActive).collect(Collectors.toList());
        active.forEach(t -> t.kill(settings.killGrace()));
        long deadline = System.nanoTime() + settings.killGrace().plus(CLOSE_MARGIN).toNanos();
        for (NodeTask task : active) {
            Thread driver = drivers.get(task.taskId());
            if (driver == null) {
                continue;
            }
            try {
                driver.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (driver.isAlive()) {
                log.warn("task {} did not end within the grace period and {} s more", task.taskId(), CLOSE_MARGIN.toSeconds());
            }
        }
    }
}

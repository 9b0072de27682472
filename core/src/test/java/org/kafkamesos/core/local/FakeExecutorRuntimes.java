package org.kafkamesos.core.local;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.kafkamesos.executor.ExecutorRuntime;
import org.kafkamesos.executor.LaunchSpec;
import org.kafkamesos.executor.LogFile;
import org.kafkamesos.executor.TaskState;
import org.kafkamesos.executor.TaskStatus;
import org.kafkamesos.executor.TaskStatusSink;

/**
 * A runtime factory for {@link LocalMesosCluster} whose runtimes run no process: a launched task reports STARTING
 * and RUNNING at once, a kill KILLING and KILLED, and {@link #fail} makes a task FAILED. Remembers every task.
 */
final class FakeExecutorRuntimes implements Function<TaskStatusSink, ExecutorRuntime> {

    private final Map<String, FakeRuntime> byTask = new ConcurrentHashMap<>();

    @Override
    public ExecutorRuntime apply(TaskStatusSink sink) {
        return new FakeRuntime(sink);
    }

    /** Makes running task {@code taskId} fail, as a Kafka process that exits on its own. */
    void fail(String taskId, String message) {
        FakeRuntime runtime = byTask.get(taskId);
        if (runtime == null) {
            throw new IllegalArgumentException("no task " + taskId);
        }
        runtime.report(taskId, TaskState.FAILED, message);
    }

    /** Tasks launched and not yet ended, over every runtime. */
    Set<String> activeTasks() {
        return byTask.values().stream().flatMap(r -> r.activeTasks().stream()).collect(Collectors.toSet());
    }

    private final class FakeRuntime implements ExecutorRuntime {
        private final TaskStatusSink sink;
        private final Map<String, TaskState> states = new ConcurrentHashMap<>();

        FakeRuntime(TaskStatusSink sink) {
            this.sink = sink;
        }

        @Override
        public void launch(String taskId, LaunchSpec spec, Path sandbox) {
            launch(taskId, spec.toBytes(), sandbox);
        }

        @Override
        public void launch(String taskId, byte[] launchSpec, Path sandbox) {
            byTask.put(taskId, this);
            report(taskId, TaskState.STARTING, "");
            report(taskId, TaskState.RUNNING, "");
        }

        @Override
        public void kill(String taskId) {
            kill(taskId, Duration.ZERO);
        }

        @Override
        public void kill(String taskId, Duration grace) {
            TaskState state = states.get(taskId);
            if (state == null || state.isTerminal()) {
                return;
            }
            report(taskId, TaskState.KILLING, "");
            report(taskId, TaskState.KILLED, "killed");
        }

        @Override
        public Optional<TaskState> state(String taskId) {
            return Optional.ofNullable(states.get(taskId));
        }

        @Override
        public Set<String> activeTasks() {
            return states.entrySet().stream().filter(e -> !e.getValue().isTerminal()).map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
        }

        @Override
        public Optional<ProcessHandle> process(String taskId) {
            return Optional.empty();
        }

        @Override
        public String logTail(String taskId, LogFile file, int lines) {
            if (!states.containsKey(taskId)) {
                throw new IllegalArgumentException("no task " + taskId);
            }
            return "log of " + taskId + "\n";
        }

        @Override
        public void close() {
            activeTasks().forEach(this::kill);
        }

        synchronized void report(String taskId, TaskState state, String message) {
            TaskState before = states.get(taskId);
            if (before != null && before.isTerminal()) {
                return;
            }
            states.put(taskId, state);
            sink.update(new TaskStatus(taskId, state, message, state == TaskState.RUNNING, Instant.now()));
        }
    }
}

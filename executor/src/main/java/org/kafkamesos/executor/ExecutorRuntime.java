package org.kafkamesos.executor;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

/**
 * Runs Kafka nodes as tasks, one process each, and reports their status to a {@link TaskStatusSink}; the
 * same runtime serves the Mesos executor driver ({@link MesosExecutorAdapter}) and an in-process local
 * cluster. Create one with {@link #builder()}.
 *
 * <p>Lifecycle of a task, each step one status update:
 * <pre>
 * launch  -> STARTING -> (storage formatted once, kafka.Kafka started, node ready) -> RUNNING
 * kill    -> KILLING  -> (SIGTERM, grace period, then SIGKILL)                    -> KILLED
 * Kafka exits without a kill, never gets ready in time, or cannot start          -> FAILED
 * </pre>
 * A spec that cannot be read, a missing distribution, a port in use or a log dir of another cluster give
 * FAILED before any process starts. Every FAILED message names its cause; when Kafka ran, it ends with the
 * last lines of {@code server.log} (and of stderr, when not empty). Methods return at once: the work happens
 * on a thread of the runtime's per task.
 */
public interface ExecutorRuntime extends AutoCloseable {

    /**
     * Launches node {@code spec} as task {@code taskId}, with {@code sandbox} as its working folder (created if
     * missing): {@code server.properties}, {@code kafka.stdout}, {@code kafka.stderr} and {@code server.log} go
     * there, and relative paths of the spec are resolved against it.
     *
     * @throws IllegalArgumentException if a task {@code taskId} is still active in this runtime
     */
    void launch(String taskId, LaunchSpec spec, Path sandbox);

    /**
     * Launches the node whose spec {@code launchSpec} holds, as {@link LaunchSpec#toBytes()} writes it (Mesos
     * {@code TaskInfo.data}). Bytes that are no valid spec give STARTING, then FAILED with the reason.
     *
     * @throws IllegalArgumentException if a task {@code taskId} is still active in this runtime
     */
    void launch(String taskId, byte[] launchSpec, Path sandbox);

    /** Kills task {@code taskId} with the runtime's grace period; see {@link #kill(String, Duration)}. */
    void kill(String taskId);

    /**
     * Kills task {@code taskId}: KILLING, then SIGTERM so that Kafka shuts down in a controlled way, SIGKILL
     * when it has not exited after {@code grace}, then KILLED. A task still starting is killed as well. An
     * unknown task gets KILLED at once (so that a scheduler's kill of a task the executor never ran settles);
     * a task that has ended already is left alone.
     */
    void kill(String taskId, Duration grace);

    /** The last state task {@code taskId} reported, if the runtime knows the task. */
    Optional<TaskState> state(String taskId);

    /** The ids of tasks that have not reached a terminal state. */
    Set<String> activeTasks();

    /** The running Kafka process of task {@code taskId}, while there is one. */
    Optional<ProcessHandle> process(String taskId);

    /**
     * The last {@code lines} lines of one of task {@code taskId}'s log files, read from at most the file's last
     * 100 KB; empty when the file does not exist yet.
     *
     * @throws IllegalArgumentException if the runtime does not know the task, or {@code lines < 0}
     */
    String logTail(String taskId, LogFile file, int lines);

    /**
     * Kills every active task with the runtime's grace period and waits until each has reported its terminal
     * state, so that no Kafka process of this runtime is left running.
     */
    @Override
    void close();

    /** Starts a runtime; see {@link Builder} for the defaults. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Builds an {@link ExecutorRuntime}. Defaults: the system clock, the java executable of the running JVM,
     * readiness timeout 120 s checked every 100 ms, kill grace 30 s, storage format timeout 60 s, stdout and
     * stderr capped at 10 MB each (plus one rolled file each), failure messages with the last 20 log lines,
     * daemon threads. The status sink must be given.
     */
    final class Builder {
        private TaskStatusSink sink;
        private InstantSource clock = InstantSource.system();
        private Path javaExecutable = RuntimeSettings.currentJava();
        private Duration readinessTimeout = Duration.ofSeconds(120);
        private Duration readinessInterval = Duration.ofMillis(100);
        private Duration killGrace = Duration.ofSeconds(30);
        private Duration formatTimeout = Duration.ofSeconds(60);
        private long outputCapBytes = 10L * 1024 * 1024;
        private int failureLogLines = 20;
        private ThreadFactory threads = RuntimeSettings.daemonThreads();

        private Builder() {
        }

        /** Receives every status update. Required. */
        public Builder statusSink(TaskStatusSink statusSink) {
            this.sink = statusSink;
            return this;
        }

        /** Stamps status updates. */
        public Builder clock(InstantSource instantSource) {
            this.clock = instantSource;
            return this;
        }

        /** The java executable that runs Kafka and its storage tool. */
        public Builder javaExecutable(Path java) {
            this.javaExecutable = java;
            return this;
        }

        /** How long a node may take from process start to ready before the task fails. */
        public Builder readinessTimeout(Duration timeout) {
            this.readinessTimeout = timeout;
            return this;
        }

        /** How often readiness is checked while a node starts. */
        public Builder readinessInterval(Duration interval) {
            this.readinessInterval = interval;
            return this;
        }

        /** The grace period between SIGTERM and SIGKILL of {@link ExecutorRuntime#kill(String)} and {@link #close()}. */
        public Builder killGrace(Duration grace) {
            this.killGrace = grace;
            return this;
        }

        /** How long {@code kafka-storage format} may take. */
        public Builder formatTimeout(Duration timeout) {
            this.formatTimeout = timeout;
            return this;
        }

        /** The size at which kafka.stdout and kafka.stderr roll over, in bytes. */
        public Builder outputCapBytes(long bytes) {
            this.outputCapBytes = bytes;
            return this;
        }

        /** How many lines of each log file a FAILED message ends with. */
        public Builder failureLogLines(int lines) {
            this.failureLogLines = lines;
            return this;
        }

        /** Makes the threads that drive tasks; one per task, for its life. */
        public Builder threadFactory(ThreadFactory factory) {
            this.threads = factory;
            return this;
        }

        /** @throws IllegalArgumentException if a setting is out of range or the status sink is missing */
        public ExecutorRuntime build() {
            Objects.requireNonNull(sink, "statusSink is required");
            return new ProcessExecutorRuntime(sink, new RuntimeSettings(clock, javaExecutable, readinessTimeout,
                    readinessInterval, killGrace, formatTimeout, outputCapBytes, failureLogLines), threads);
        }
    }
}

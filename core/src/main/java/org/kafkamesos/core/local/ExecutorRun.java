package org.kafkamesos.core.local;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.mesos.Protos;
import org.kafkamesos.executor.LogFile;

/**
 * One executor of one task on a local agent: in this JVM ({@link InProcessExecutor}) or as a process of its own that
 * speaks Mesos' V1 executor API to its agent ({@link ExecutorProcess}). What the agent tells it arrives in order; each
 * implementation tells the agent once when it has ended.
 */
sealed interface ExecutorRun permits InProcessExecutor, ExecutorProcess {

    String executorId();

    String frameworkId();

    String agentId();

    /** The executor's sandbox: its working folder. */
    Path sandbox();

    /** Starts the executor (registered with the infos) and launches its task. */
    void launch(Protos.ExecutorInfo executor, Protos.FrameworkInfo framework, Protos.SlaveInfo agent, Protos.TaskInfo task);

    void kill(Protos.TaskID taskId);

    void frameworkMessage(byte[] data);

    /** Asks the executor to shut down: it kills its tasks and stops. */
    void shutdown();

    /** Kills every task, waits until they have ended, then releases what the executor holds. Blocks. */
    void closeAndWait();

    /** Releases what the executor holds once it has ended, without blocking the caller. */
    void release();

    /** The Kafka process of the task, while it runs. */
    Optional<ProcessHandle> process(String taskId);

    /**
     * The last {@code lines} of one of the task's logs.
     *
     * @throws IllegalArgumentException as {@code ExecutorRuntime#logTail} does
     */
    String logTail(String taskId, LogFile file, int lines);
}

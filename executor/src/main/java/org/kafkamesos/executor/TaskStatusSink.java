package org.kafkamesos.executor;

/**
 * Receives every status update of the tasks an {@link ExecutorRuntime} runs: the Mesos executor driver
 * ({@link MesosExecutorAdapter}), an in-process local cluster, or a test.
 *
 * <p>Updates of one task arrive in order, one at a time, and exactly one terminal update ends each task.
 * Updates of different tasks may arrive from different threads at once. An implementation must not block
 * for long: the task's lifecycle waits for it.
 */
@FunctionalInterface
public interface TaskStatusSink {

    /** Takes one update. An exception thrown here is logged and does not stop the task. */
    void update(TaskStatus status);
}

package org.kafkamesos.executor;

import java.time.Instant;
import java.util.Objects;

/**
 * One status update of a task.
 *
 * @param taskId    the task's id, as the scheduler gave it
 * @param state     the new state
 * @param message   what happened, for people: the cause of a failure with the last log lines, or how a
 *                  kill went; never null, may be empty
 * @param healthy   whether the node serves; true exactly for {@link TaskState#RUNNING}
 * @param timestamp when the runtime observed the change, from its {@link java.time.InstantSource}
 */
public record TaskStatus(String taskId, TaskState state, String message, boolean healthy, Instant timestamp) {

    public TaskStatus {
        LaunchSpecRules.requireNonBlank("task id", taskId);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}

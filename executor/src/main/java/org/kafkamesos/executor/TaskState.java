package org.kafkamesos.executor;

/** The states a task reports, named as Mesos names them without the {@code TASK_} prefix. */
public enum TaskState {
    /** Launch accepted; storage is being prepared or Kafka is starting. */
    STARTING,
    /** Kafka serves: the broker is registered and unfenced, the controller is in the quorum. */
    RUNNING,
    /** A kill was asked for; Kafka is shutting down (controlled shutdown). */
    KILLING,
    /** Kafka stopped because a kill was asked for. Terminal. */
    KILLED,
    /** Kafka could not start, exited on its own, or never became ready. Terminal. */
    FAILED,
    /** The task ended on its own with success. Terminal; a Kafka node never does this by itself. */
    FINISHED;

    /** Whether no further status follows this one. */
    public boolean isTerminal() {
        return this == KILLED || this == FAILED || this == FINISHED;
    }
}

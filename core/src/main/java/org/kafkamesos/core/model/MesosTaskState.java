package org.kafkamesos.core.model;

/**
 * The 14 task states of Mesos, as the scheduler hears of them, without protobuf types ({@code TASK_RUNNING} is
 * {@link #RUNNING}). The executor reports only a few of them ({@code org.kafkamesos.executor.TaskState}); the master and
 * the agents report the rest.
 */
public enum MesosTaskState {
    STAGING, STARTING, RUNNING, KILLING, FINISHED, FAILED, KILLED, ERROR, LOST, DROPPED, GONE, GONE_BY_OPERATOR,
    UNREACHABLE, UNKNOWN;

    /** Whether the task has ended (Mesos' terminal states, with LOST-like ones). */
    public boolean isTerminal() {
        switch (this) {
            case FINISHED: case FAILED: case KILLED: case ERROR: case LOST: case DROPPED: case GONE: case GONE_BY_OPERATOR:
            case UNKNOWN:
                return true;
            default:
                return false;
        }
    }
}

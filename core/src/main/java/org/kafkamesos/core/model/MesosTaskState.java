package org.kafkamesos.core.model;

/** The Mesos task states the scheduler hears of, without protobuf types. */
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

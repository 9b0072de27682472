package org.kafkamesos.core.local;

import java.time.Instant;
import org.apache.mesos.Protos;

/**
 * The status updates the local master makes itself: they carry no uuid (the scheduler acknowledges none of them),
 * come from {@code SOURCE_MASTER}, and are sent once, at most (Mesos does not deliver them reliably either).
 * {@link #reconciliation} holds the table of answers to explicit reconciliation.
 */
final class MasterStatuses {

    private MasterStatuses() {
    }

    /** What the master knows of an agent named in a reconciliation request for a task it does not know. */
    enum AgentKnowledge {
        /** The agent is registered and reachable: the task is not there. */
        REGISTERED,
        /** The agent is cut off ({@link LocalMesosCluster#loseAgent}): the task may run there. */
        UNREACHABLE,
        /** No agent id was given, or the master has never known the agent. */
        UNKNOWN
    }

    /**
     * The answer to explicit reconciliation of a task the master does not know, per the Mesos reconciliation
     * table: agent registered → {@code TASK_GONE}, agent unreachable → {@code TASK_UNREACHABLE}, agent unknown →
     * {@code TASK_UNKNOWN} for partition-aware frameworks; {@code TASK_LOST} in each case for the others.
     */
    static Protos.TaskState reconciliation(AgentKnowledge agent, boolean partitionAware) {
        if (!partitionAware) {
            return Protos.TaskState.TASK_LOST;
        }
        return switch (agent) {
            case REGISTERED -> Protos.TaskState.TASK_GONE;
            case UNREACHABLE -> Protos.TaskState.TASK_UNREACHABLE;
            case UNKNOWN -> Protos.TaskState.TASK_UNKNOWN;
        };
    }

    /** A master-generated update of {@code taskId}, with the agent's id when not empty. */
    static Protos.TaskStatus update(String taskId, String agentId, Protos.TaskState state, Protos.TaskStatus.Reason reason,
                                    String message, Instant now) {
        Protos.TaskStatus.Builder status = Protos.TaskStatus.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                .setState(state)
                .setSource(Protos.TaskStatus.Source.SOURCE_MASTER)
                .setReason(reason)
                .setMessage(message)
                .setTimestamp(seconds(now));
        if (!agentId.isEmpty()) {
            status.setSlaveId(Protos.SlaveID.newBuilder().setValue(agentId));
        }
        return status.build();
    }

    /**
     * The master's latest status of a known task restated as a master update with {@code reason}: the state, the
     * agent, the executor, the health and the message of the task's latest update; no uuid.
     */
    static Protos.TaskStatus restated(Protos.TaskStatus latest, Protos.TaskStatus.Reason reason, String message, Instant now) {
        return latest.toBuilder()
                .clearUuid()
                .setSource(Protos.TaskStatus.Source.SOURCE_MASTER)
                .setReason(reason)
                .setMessage(message)
                .setTimestamp(seconds(now))
                .build();
    }

    static boolean isTerminal(Protos.TaskState state) {
        return switch (state) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE,
                 TASK_GONE_BY_OPERATOR -> true;
            default -> false;
        };
    }

    static double seconds(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }
}

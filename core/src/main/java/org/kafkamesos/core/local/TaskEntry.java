package org.kafkamesos.core.local;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.Protos;

/**
 * One task launched on the local cluster, as long as the master knows it or its executor may still run it.
 * Mutable; touched only under the master's lock.
 */
final class TaskEntry {

    final Protos.TaskInfo info;
    final String taskId;
    final String frameworkId;
    final String agentId;
    final AgentResources resources;
    /** The executor running the task; null if it could not be started. */
    ExecutorRun executor;
    /** The latest update the agent holds (from the executor, or the agent's own); null while staging. */
    Protos.TaskStatus agentLatest;
    /** The latest update the master has seen; null while staging. */
    Protos.TaskStatus masterLatest;
    /** The agent is lost and the framework is partition-aware: the task may come back. */
    boolean unreachable;
    /** The master no longer knows the task (its framework is gone, or it was reported lost); it is being ended. */
    boolean orphaned;

    /** The agent's status update stream: updates not yet acknowledged, oldest (the one in flight) first. */
    final Deque<Protos.TaskStatus> pending = new ArrayDeque<>();
    /** The delay before the update in flight is sent again. */
    Duration backoff;
    ScheduledFuture<?> retry;

    TaskEntry(Protos.TaskInfo info, String frameworkId, String agentId, AgentResources resources) {
        this.info = info;
        this.taskId = info.getTaskId().getValue();
        this.frameworkId = frameworkId;
        this.agentId = agentId;
        this.resources = resources;
    }

    /** The state the master reports for the task. */
    Protos.TaskState masterState() {
        if (unreachable) {
            return Protos.TaskState.TASK_UNREACHABLE;
        }
        return masterLatest == null ? Protos.TaskState.TASK_STAGING : masterLatest.getState();
    }

    /** Whether the task has ended on its agent, so that its resources are free again. */
    boolean endedOnAgent() {
        return agentLatest != null && MasterStatuses.isTerminal(agentLatest.getState());
    }

    /** The master's latest status, a bare STAGING one while the executor has not reported. */
    Protos.TaskStatus masterStatus() {
        if (masterLatest != null) {
            return masterLatest;
        }
        return Protos.TaskStatus.newBuilder()
                .setTaskId(info.getTaskId())
                .setState(Protos.TaskState.TASK_STAGING)
                .setSlaveId(Protos.SlaveID.newBuilder().setValue(agentId))
                .setExecutorId(info.getExecutor().getExecutorId())
                .build();
    }
}

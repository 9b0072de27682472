package org.kafkamesos.core.local;

import java.time.Instant;
import java.util.List;
import org.apache.mesos.Protos;

/**
 * Task reconciliation. Explicit: a known task's latest state; for a task the master does not know, the answer of
 * the Mesos reconciliation table ({@link MasterStatuses#reconciliation}) from what the master knows of the agent
 * named. Implicit (no tasks given): the latest state of every non-terminal task of the framework. Every answer is
 * a master update with reason {@code REASON_RECONCILIATION}. Called under the master's lock.
 */
final class ReconciliationAnswers {

    private final MasterState state;
    private final StatusUpdateDelivery delivery;

    ReconciliationAnswers(MasterState state, StatusUpdateDelivery delivery) {
        this.state = state;
        this.delivery = delivery;
    }

    void reconcile(LocalSchedulerDriver driver, List<Protos.TaskStatus> statuses) {
        FrameworkEntry framework = state.frameworkOf(driver);
        if (framework == null) {
            return;
        }
        Instant now = state.now();
        if (statuses.isEmpty()) {
            for (TaskEntry task : state.tasks.values()) {
                if (task.frameworkId.equals(framework.id) && !task.orphaned
                        && !MasterStatuses.isTerminal(task.masterState())) {
                    delivery.sendMasterUpdate(framework, latest(task, now));
                }
            }
            return;
        }
        statuses.forEach(status -> reconcileOne(framework, status, now));
    }

    /** Answers explicit reconciliation of the one task {@code asked} names. */
    void reconcileOne(FrameworkEntry framework, Protos.TaskStatus asked, Instant now) {
        String taskId = asked.getTaskId().getValue();
        TaskEntry task = state.tasks.get(taskId);
        if (task != null && !task.orphaned && task.frameworkId.equals(framework.id)) {
            delivery.sendMasterUpdate(framework, latest(task, now));
            return;
        }
        String agentId = asked.hasSlaveId() ? asked.getSlaveId().getValue() : "";
        AgentSlot agent = state.agents.get(agentId);
        MasterStatuses.AgentKnowledge knowledge = agent == null ? MasterStatuses.AgentKnowledge.UNKNOWN
                : agent.reachable ? MasterStatuses.AgentKnowledge.REGISTERED : MasterStatuses.AgentKnowledge.UNREACHABLE;
        Protos.TaskState taskState = MasterStatuses.reconciliation(knowledge, framework.partitionAware());
        delivery.sendMasterUpdate(framework, MasterStatuses.update(taskId, agentId, taskState,
                Protos.TaskStatus.Reason.REASON_RECONCILIATION, "Reconciliation: task is unknown", now));
    }

    private static Protos.TaskStatus latest(TaskEntry task, Instant now) {
        Protos.TaskStatus latest = task.masterStatus().toBuilder().setState(task.masterState()).build();
        return MasterStatuses.restated(latest, Protos.TaskStatus.Reason.REASON_RECONCILIATION,
                "Reconciliation: Latest task state", now);
    }
}

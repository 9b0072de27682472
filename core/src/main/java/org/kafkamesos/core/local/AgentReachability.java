package org.kafkamesos.core.local;

import java.time.Instant;
import java.util.ArrayList;
import org.apache.mesos.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent loss and return. A lost agent is cut off, not stopped: its executors and their processes keep running,
 * and the updates they send wait in their streams. On loss its offers are rescinded; its tasks become unreachable
 * (partition-aware frameworks: the task may come back) or are orphaned (the others), and for each one not already
 * terminal the scheduler hears {@code TASK_UNREACHABLE} or {@code TASK_LOST}, reason {@code REASON_SLAVE_REMOVED};
 * then every framework hears {@code slaveLost}. On return, orphaned tasks' executors are shut down, as Mesos shuts
 * them down when their agent re-registers; an unreachable task comes back, its latest state restated by the master
 * (reason {@code REASON_RECONCILIATION}) unless its stream has updates to send, which then go out. Called under the
 * master's lock.
 */
final class AgentReachability {

    private static final Logger log = LoggerFactory.getLogger(AgentReachability.class);

    private final MasterState state;
    private final StatusUpdateDelivery delivery;
    private final OfferAllocation allocation;
    private final TaskLifecycle tasks;

    AgentReachability(MasterState state, StatusUpdateDelivery delivery, OfferAllocation allocation, TaskLifecycle tasks) {
        this.state = state;
        this.delivery = delivery;
        this.allocation = allocation;
        this.tasks = tasks;
    }

    /** @throws IllegalArgumentException if the cluster has no agent {@code agentId} */
    void lose(String agentId) {
        AgentSlot agent = state.agent(agentId);
        if (!agent.reachable) {
            return;
        }
        agent.reachable = false;
        log.info("agent {} ({}) is unreachable", agentId, agent.agent.hostname());
        allocation.rescind(agentId);
        Instant now = state.now();
        for (TaskEntry task : new ArrayList<>(state.tasks.values())) {
            if (!task.agentId.equals(agentId) || task.orphaned) {
                continue;
            }
            FrameworkEntry framework = state.frameworks.get(task.frameworkId);
            boolean wasTerminal = MasterStatuses.isTerminal(task.masterState());
            if (framework.partitionAware()) {
                task.unreachable = true;
            } else {
                tasks.orphan(task);
            }
            if (!wasTerminal) {
                Protos.TaskState taskState = framework.partitionAware() ? Protos.TaskState.TASK_UNREACHABLE
                        : Protos.TaskState.TASK_LOST;
                delivery.sendMasterUpdate(framework, MasterStatuses.update(task.taskId, agentId, taskState,
                        Protos.TaskStatus.Reason.REASON_SLAVE_REMOVED, "agent " + agentId + " is unreachable", now));
            }
        }
        Protos.SlaveID id = Protos.SlaveID.newBuilder().setValue(agentId).build();
        for (FrameworkEntry framework : state.frameworks.values()) {
            if (framework.driver != null) {
                LocalSchedulerDriver driver = framework.driver;
                driver.deliver("slaveLost", s -> s.slaveLost(driver, id));
            }
        }
    }

    /** @throws IllegalArgumentException if the cluster has no agent {@code agentId} */
    void restore(String agentId) {
        AgentSlot agent = state.agent(agentId);
        if (agent.reachable) {
            return;
        }
        agent.reachable = true;
        log.info("agent {} ({}) is reachable again", agentId, agent.agent.hostname());
        Instant now = state.now();
        for (TaskEntry task : new ArrayList<>(state.tasks.values())) {
            if (!task.agentId.equals(agentId)) {
                continue;
            }
            if (task.orphaned) {
                tasks.shutDownOrphan(task);
                continue;
            }
            if (task.unreachable) {
                task.unreachable = false;
                if (task.agentLatest != null) {
                    task.masterLatest = task.agentLatest;
                }
                FrameworkEntry framework = state.frameworks.get(task.frameworkId);
                if (task.pending.isEmpty() && framework != null) {
                    delivery.sendMasterUpdate(framework, MasterStatuses.restated(task.masterStatus(),
                            Protos.TaskStatus.Reason.REASON_RECONCILIATION, "agent " + agentId + " is reachable again", now));
                }
            }
            delivery.resend(task);
        }
        allocation.allocateSoon();
    }
}

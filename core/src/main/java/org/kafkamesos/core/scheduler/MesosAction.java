package org.kafkamesos.core.scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kafkamesos.executor.LaunchSpec;
import org.kafkamesos.placement.Assignment;

/** What the orchestrator asks of Mesos; the Mesos shell carries it out on a {@code SchedulerDriver}. */
public sealed interface MesosAction {

    /**
     * Launch one broker's task on one offer. Its intent was persisted before this action was returned.
     *
     * @param taskId     {@code <cluster>-<broker>-<uuid>}
     * @param brokerId   the broker
     * @param assignment the offer, agent and exact resources (per role, with ports) the placement chose
     * @param spec       what the executor runs, carried in {@code TaskInfo.data}
     */
    record Launch(String taskId, int brokerId, Assignment assignment, LaunchSpec spec) implements MesosAction {
        public Launch {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(assignment, "assignment");
            Objects.requireNonNull(spec, "spec");
        }
    }

    /** Decline an offer, asking Mesos not to offer those resources again for {@code refuse}. */
    record Decline(String offerId, Duration refuse) implements MesosAction {
        public Decline {
            Objects.requireNonNull(offerId, "offerId");
            Objects.requireNonNull(refuse, "refuse");
        }
    }

    /** Kill a task. */
    record Kill(String taskId, Optional<String> agentId) implements MesosAction {
        public Kill {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(agentId, "agentId");
        }
    }

    /** Ask for the status of {@code tasks}; none means implicit reconciliation of every task of the framework. */
    record Reconcile(List<TaskRef> tasks) implements MesosAction {
        public Reconcile {
            tasks = List.copyOf(tasks);
        }
    }

    /** A task and its agent, as reconciliation names them. */
    record TaskRef(String taskId, Optional<String> agentId) {
        public TaskRef {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(agentId, "agentId");
        }
    }

    /** Stop receiving offers: nothing is pending. */
    record Suppress() implements MesosAction {
    }

    /** Receive offers again: some broker is pending. */
    record Revive() implements MesosAction {
    }

    /** Acknowledge a status update once its consequences are persisted. */
    record Acknowledge(String taskId, String agentId, byte[] ackId) implements MesosAction {
        public Acknowledge {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(agentId, "agentId");
            ackId = ackId.clone();
        }
    }
}

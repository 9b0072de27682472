package org.kafkamesos.core.scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kafkamesos.executor.LaunchSpec;
import org.kafkamesos.placement.Assignment;
import org.kafkamesos.placement.Resources;
import org.kafkamesos.placement.Volume;

/** What the orchestrator asks of Mesos; the Mesos shell carries it out on a {@code SchedulerDriver}. */
public sealed interface MesosAction {

    /**
     * Launch one broker's task on one offer. Its intent was persisted before this action was returned.
     *
     * @param taskId      {@code <cluster>-<broker>-<uuid>}
     * @param brokerId    the broker
     * @param assignment  the offer, agent and exact resources (per role, with ports) the placement chose
     * @param spec        what the executor runs, carried in {@code TaskInfo.data}
     * @param reservation the broker's own reservation and volume the task runs on, if it has them
     * @param executor    the part of the assignment's cpus and memory that goes to the executor's {@code ExecutorInfo};
     *                    the task gets the rest
     */
    record Launch(String taskId, int brokerId, Assignment assignment, LaunchSpec spec, Optional<Reservation> reservation,
                  Resources executor) implements MesosAction {
        public Launch {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(assignment, "assignment");
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(reservation, "reservation");
            Objects.requireNonNull(executor, "executor");
            if (executor.cpus() > assignment.cpus() + 1e-9 || executor.mem() > assignment.mem() + 1e-9) {
                throw new IllegalArgumentException("the executor's " + executor.cpus() + " cpus and " + executor.mem()
                        + " MB are more than the assignment's " + assignment.cpus() + " cpus and " + assignment.mem() + " MB");
            }
        }

        /** A launch whose executor gets no resources of its own. */
        public Launch(String taskId, int brokerId, Assignment assignment, LaunchSpec spec, Optional<Reservation> reservation) {
            this(taskId, brokerId, assignment, spec, reservation, Resources.NONE);
        }

        /** A launch in the sandbox or on a volume made by hand, on resources as the placement took them. */
        public Launch(String taskId, int brokerId, Assignment assignment, LaunchSpec spec) {
            this(taskId, brokerId, assignment, spec, Optional.empty());
        }
    }

    /**
     * A broker's own resources: reserved for {@code role} under {@code labels}, with its persistent volume on the
     * reserved disk. In the accept of its launch, the Mesos shell first reserves {@code reserve} (unreserved resources
     * of the offer, which the assignment names with role {@code *}: all of the broker's resources when the volume is
     * new, or what a grown spec needs beyond its reservation), then creates the volume if {@code create}, then
     * launches the task on the reserved resources and the volume.
     *
     * @param role    the role the resources are reserved for
     * @param labels  the reservation's labels, which name the cluster, the broker and the volume
     * @param volume  the volume: persistence id, role, size (MB), container path
     * @param reserve what to reserve in this accept, before the launch
     * @param create  whether to create the volume in this accept, on reserved disk of its size
     */
    record Reservation(String role, Map<String, String> labels, Volume volume, Resources reserve, boolean create) {
        public Reservation {
            Objects.requireNonNull(role, "role");
            labels = Map.copyOf(labels);
            Objects.requireNonNull(volume, "volume");
            Objects.requireNonNull(reserve, "reserve");
        }
    }

    /**
     * Release a reservation an offer carries: destroy its persistent volumes and unreserve its resources, all those
     * reserved for {@code role} with exactly {@code labels} (a broker removed, replaced, or whose reservation Mesos
     * left behind).
     */
    record Release(String offerId, String role, Map<String, String> labels) implements MesosAction {
        public Release {
            Objects.requireNonNull(offerId, "offerId");
            Objects.requireNonNull(role, "role");
            labels = Map.copyOf(labels);
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

package org.kafkamesos.core.scheduler;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kafkamesos.core.model.MesosTaskState;
import org.kafkamesos.placement.Offer;
import org.kafkamesos.placement.Resources;

/**
 * What the orchestrator hears of: Mesos, in domain types (the Mesos shell translates), a clock tick,
 * and operators' commands. Every event goes through {@link Orchestrator#handle}.
 */
public sealed interface SchedulerEvent {

    /** The framework registered with a master; {@code frameworkId} is to be stored. */
    record Registered(String frameworkId, String master) implements SchedulerEvent {
        public Registered {
            Objects.requireNonNull(frameworkId, "frameworkId");
            Objects.requireNonNull(master, "master");
        }
    }

    /** The framework re-registered with a (new) master after a failover. */
    record Reregistered(String master) implements SchedulerEvent {
        public Reregistered {
            Objects.requireNonNull(master, "master");
        }
    }

    /** The connection to the master is gone; offers in hand are void. */
    record Disconnected() implements SchedulerEvent {
    }

    /**
     * New offers, and the labeled reservations they carry (which resources and volumes were reserved under which
     * labels), so that the scheduler tells its brokers' reservations apart; none when the offers came without them
     * (from a host framework).
     */
    record OffersReceived(List<Offer> offers, List<OfferedReservation> reservations) implements SchedulerEvent {
        public OffersReceived {
            offers = List.copyOf(offers);
            reservations = List.copyOf(reservations);
        }

        /** Offers without labeled reservations. */
        public OffersReceived(List<Offer> offers) {
            this(offers, List.of());
        }
    }

    /**
     * Resources of one offer dynamically reserved for one role under one set of labels.
     *
     * @param offerId   the offer
     * @param role      the role they are reserved for
     * @param labels    the labels of the reservation
     * @param resources what is reserved besides volumes: cpus, mem, disk (MB), ports
     * @param volumes   the persistence ids of the volumes on that reservation
     */
    record OfferedReservation(String offerId, String role, Map<String, String> labels, Resources resources,
                              List<String> volumes) {
        public OfferedReservation {
            Objects.requireNonNull(offerId, "offerId");
            Objects.requireNonNull(role, "role");
            labels = Map.copyOf(labels);
            Objects.requireNonNull(resources, "resources");
            volumes = List.copyOf(volumes);
        }
    }

    /** An offer was taken back and must not be used. */
    record OfferRescinded(String offerId) implements SchedulerEvent {
        public OfferRescinded {
            Objects.requireNonNull(offerId, "offerId");
        }
    }

    /**
     * A task's status.
     *
     * @param taskId       the task
     * @param agentId      its agent
     * @param state        its state
     * @param message      what Mesos or the executor said
     * @param reason       Mesos' reason code, e.g. {@code REASON_RECONCILIATION}
     * @param ackId        the update's uuid, to acknowledge once handled; empty for updates that need none
     */
    record TaskStatusChanged(String taskId, String agentId, MesosTaskState state, String message, Optional<String> reason,
                             Optional<byte[]> ackId) implements SchedulerEvent {
        public TaskStatusChanged {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(agentId, "agentId");
            Objects.requireNonNull(state, "state");
            message = message == null ? "" : message;
            Objects.requireNonNull(reason, "reason");
            ackId = ackId.map(byte[]::clone);
        }
    }

    /** An agent is gone, with every task on it. */
    record AgentLost(String agentId) implements SchedulerEvent {
        public AgentLost {
            Objects.requireNonNull(agentId, "agentId");
        }
    }

    /** An executor ended; its task's own status update follows from Mesos. */
    record ExecutorLost(String executorId, String agentId, int status) implements SchedulerEvent {
        public ExecutorLost {
            Objects.requireNonNull(executorId, "executorId");
            Objects.requireNonNull(agentId, "agentId");
        }
    }

    /** A message an executor sent. */
    record FrameworkMessage(String executorId, String agentId, byte[] data) implements SchedulerEvent {
        public FrameworkMessage {
            Objects.requireNonNull(executorId, "executorId");
            Objects.requireNonNull(agentId, "agentId");
            data = data.clone();
        }
    }

    /** Time passes: back-offs expire, reconciliation is retried, rolling restarts move on. */
    record Tick() implements SchedulerEvent {
    }
}

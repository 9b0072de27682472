package org.kafkamesos.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One broker of the cluster: what the operator wants of it and where its task stands. Immutable;
 * the scheduler's lifecycle ({@code core.scheduler.Lifecycle}) computes the broker after an event with the
 * {@code with...} methods.
 *
 * @param id           the Kafka broker (node) id
 * @param spec         what the operator asked for
 * @param active       whether the operator wants it running
 * @param needsRestart whether its task runs an older spec than {@link #spec()}
 * @param phase        where its task stands
 * @param task         its current task; present in every phase but {@link TaskPhase#NONE}
 * @param failover     its failures in a row
 * @param lastHost     the host it last ran on, which stickiness prefers
 * @param stickySince  when its sticky period began (a stop, or a first failure)
 * @param volume       the persistent volume the scheduler made for it, where its data lives, if any
 * @param removing       whether it was removed and waits for its volume to be destroyed and its resources unreserved
 * @param controllerPort the port of its KRaft controller listener, taken from the offer of its first launch as a
 *                       controller and kept for its life, as its host is: every node names it in the quorum
 * @param directoryId    the directory id of its metadata log dir as a voter of a dynamic quorum, chosen with its
 *                       controller port; empty in a static quorum and for brokers that are no controller
 */
public record Broker(int id, BrokerSpec spec, boolean active, boolean needsRestart, TaskPhase phase, Optional<Task> task,
                     Failover failover, Optional<String> lastHost, Optional<Instant> stickySince, Optional<BrokerVolume> volume,
                     boolean removing, OptionalInt controllerPort, Optional<String> directoryId) {

    public Broker {
        if (id < 0) {
            throw new IllegalArgumentException("broker id must be >= 0, got " + id);
        }
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(failover, "failover");
        Objects.requireNonNull(lastHost, "lastHost");
        Objects.requireNonNull(stickySince, "stickySince");
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(controllerPort, "controllerPort");
        Objects.requireNonNull(directoryId, "directoryId");
        if (controllerPort.isPresent() && (controllerPort.getAsInt() < 1 || controllerPort.getAsInt() > 65535)) {
            throw new IllegalArgumentException("broker " + id + ": controller port must be 1..65535, got " + controllerPort.getAsInt());
        }
        if (removing && (active || phase != TaskPhase.NONE)) {
            throw new IllegalArgumentException("broker " + id + " is being removed, so it is inactive and has no task");
        }
        if ((phase == TaskPhase.NONE) == task.isPresent()) {
            throw new IllegalArgumentException("broker " + id + " in phase " + phase + (task.isPresent() ? " cannot have" : " needs") + " a task");
        }
    }

    /** A broker that has no controller port of its own (yet). */
    public Broker(int id, BrokerSpec spec, boolean active, boolean needsRestart, TaskPhase phase, Optional<Task> task,
                  Failover failover, Optional<String> lastHost, Optional<Instant> stickySince, Optional<BrokerVolume> volume,
                  boolean removing) {
        this(id, spec, active, needsRestart, phase, task, failover, lastHost, stickySince, volume, removing, OptionalInt.empty(),
                Optional.empty());
    }

    /** A broker without a volume of its own, not being removed. */
    public Broker(int id, BrokerSpec spec, boolean active, boolean needsRestart, TaskPhase phase, Optional<Task> task,
                  Failover failover, Optional<String> lastHost, Optional<Instant> stickySince) {
        this(id, spec, active, needsRestart, phase, task, failover, lastHost, stickySince, Optional.empty(), false);
    }

    /** A new, inactive broker with no task. */
    public static Broker added(int id, BrokerSpec spec) {
        return new Broker(id, spec, false, false, TaskPhase.NONE, Optional.empty(), Failover.NONE, Optional.empty(),
                Optional.empty());
    }

    /** Whether it waits for an offer at {@code now}: active, no task, back-off passed. */
    public boolean isPending(Instant now) {
        return active && phase == TaskPhase.NONE && !now.isBefore(failover.retryAt(spec.failover()));
    }

    /** Whether only {@link #lastHost()} is accepted at {@code now}. */
    public boolean isStickyAt(Instant now) {
        return lastHost.isPresent() && stickySince.isPresent() && now.isBefore(stickySince.get().plus(spec.stickinessPeriod()));
    }

    /** The same broker with its task in {@code newPhase}, or with no task ({@link TaskPhase#NONE}, empty). */
    public Broker with(TaskPhase newPhase, Optional<Task> newTask) {
        return new Broker(id, spec, active, needsRestart, newPhase, newTask, failover, lastHost, stickySince, volume,
                removing, controllerPort, directoryId);
    }

    /** The same broker, active (the operator wants it running) or not. */
    public Broker withActive(boolean value) {
        return new Broker(id, spec, value, needsRestart, phase, task, failover, lastHost, stickySince, volume, removing,
                controllerPort, directoryId);
    }

    /** The same broker with spec {@code value}; {@code restart}: its task runs an older spec. */
    public Broker withSpec(BrokerSpec value, boolean restart) {
        return new Broker(id, value, active, restart, phase, task, failover, lastHost, stickySince, volume, removing,
                controllerPort, directoryId);
    }

    /** The same broker, its task marked as running an older spec or not. */
    public Broker withNeedsRestart(boolean value) {
        return new Broker(id, spec, active, value, phase, task, failover, lastHost, stickySince, volume, removing,
                controllerPort, directoryId);
    }

    /** The same broker with failures {@code value}. */
    public Broker withFailover(Failover value) {
        return new Broker(id, spec, active, needsRestart, phase, task, value, lastHost, stickySince, volume, removing,
                controllerPort, directoryId);
    }

    /** The same broker, sticky to {@code host} from {@code since}. */
    public Broker withStickiness(Optional<String> host, Optional<Instant> since) {
        return new Broker(id, spec, active, needsRestart, phase, task, failover, host, since, volume, removing,
                controllerPort, directoryId);
    }

    /** The same broker with its data on {@code value}, or in its sandbox (empty). */
    public Broker withVolume(Optional<BrokerVolume> value) {
        return new Broker(id, spec, active, needsRestart, phase, task, failover, lastHost, stickySince, value, removing,
                controllerPort, directoryId);
    }

    /** The same broker with the controller port it keeps. */
    public Broker withControllerPort(int port) {
        return new Broker(id, spec, active, needsRestart, phase, task, failover, lastHost, stickySince, volume, removing,
                OptionalInt.of(port), directoryId);
    }

    /** The same broker with the directory id it has as a voter of a dynamic quorum. */
    public Broker withDirectoryId(String value) {
        return new Broker(id, spec, active, needsRestart, phase, task, failover, lastHost, stickySince, volume, removing,
                controllerPort, Optional.of(value));
    }

    /**
     * The same broker as a node with new storage on a new host: without the controller port of its old host and the
     * directory id of its old metadata log dir. A controller of a formed dynamic quorum joins it again under a new one.
     */
    public Broker withNewStorage() {
        return new Broker(id, spec, active, needsRestart, phase, task, failover, lastHost, stickySince, volume, removing,
                OptionalInt.empty(), Optional.empty());
    }

    /** The same broker, removed and waiting for its volume to be released. */
    public Broker asRemoving() {
        return new Broker(id, spec, false, false, phase, task, failover, lastHost, stickySince, volume, true,
                controllerPort, directoryId);
    }
}

package org.kafkamesos.core.model;

/** Where a broker's Mesos task stands, as the scheduler knows it. */
public enum TaskPhase {
    /** No task: an active broker waits for an offer (and for its back-off to pass). */
    NONE,
    /** The launch was persisted and sent; no status has arrived yet. */
    LAUNCHING,
    /** Mesos reported the task staging or starting; Kafka is not serving yet. */
    STARTING,
    /** The executor reported the node ready: registered and unfenced, or in the quorum. */
    RUNNING,
    /** A kill was sent; waiting for the task to end. */
    STOPPING,
    /** The scheduler restarted or re-registered and is asking Mesos what became of the task. */
    RECONCILING
}

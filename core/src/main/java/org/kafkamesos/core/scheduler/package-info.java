/**
 * The functional core: {@link org.kafkamesos.core.scheduler.Orchestrator#handle} turns events into Mesos actions, each
 * broker through the pure {@link org.kafkamesos.core.scheduler.Lifecycle}, and
 * {@link org.kafkamesos.core.scheduler.QuorumPlan} plans a dynamic quorum's voter changes; no Mesos types, store,
 * threads or clock.
 */
package org.kafkamesos.core.scheduler;

/**
 * The functional core: {@link org.kafkamesos.core.scheduler.Orchestrator#handle} turns events into Mesos actions, each
 * broker through the pure {@link org.kafkamesos.core.scheduler.Lifecycle}; no Mesos types, store, threads or clock.
 */
package org.kafkamesos.core.scheduler;

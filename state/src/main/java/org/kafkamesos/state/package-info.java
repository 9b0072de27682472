/**
 * Versioned, fenced key-value stores that hold a scheduler's state across crashes and failovers:
 * {@link org.kafkamesos.state.StateStore} with memory, file and ZooKeeper implementations, and
 * {@link org.kafkamesos.state.LeaderElection} so that only one scheduler writes at a time.
 */
package org.kafkamesos.state;

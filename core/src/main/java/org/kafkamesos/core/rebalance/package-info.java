/**
 * The rebalance planner: a pure function from the current assignment of partition replicas to brokers,
 * the target brokers (with racks) and a replication factor to a plan that moves few replicas and spreads
 * replicas and leaders evenly. No Kafka client types, no I/O, no threads, no clock.
 *
 * <p>Entry point: {@link org.kafkamesos.core.rebalance.RebalancePlanner#plan(RebalanceRequest)}, and
 * {@link org.kafkamesos.core.rebalance.RebalancePlanner#assignNew} for the partitions of a new topic.
 *
 * <p>The rebalance executor, its imperative shell: {@link org.kafkamesos.core.rebalance.RebalanceExecutor} carries a
 * plan out with Kafka's Admin client (batches, replication throttles, min ISR guard, persisted progress).
 */
package org.kafkamesos.core.rebalance;

/**
 * Kafka operations over the Admin client, behind {@link org.kafkamesos.core.kafka.KafkaOperations}: topics
 * ({@link org.kafkamesos.core.kafka.KafkaTopics}), live config updates, the restart gate
 * ({@link org.kafkamesos.core.kafka.RestartGate}), rolling restarts through it
 * ({@link org.kafkamesos.core.kafka.RollingRestart}), throttled rebalancing and draining, and the voter changes
 * that keep a dynamic quorum's voters the cluster's controllers ({@link org.kafkamesos.core.kafka.QuorumChanges}).
 */
package org.kafkamesos.core.kafka;

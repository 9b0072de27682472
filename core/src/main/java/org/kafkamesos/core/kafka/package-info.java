/**
 * Kafka operations over the Admin client, behind {@link org.kafkamesos.core.kafka.KafkaOperations}: topics
 * ({@link org.kafkamesos.core.kafka.KafkaTopics}), live config updates, the restart gate
 * ({@link org.kafkamesos.core.kafka.RestartGate}), rolling restarts through it
 * ({@link org.kafkamesos.core.kafka.RollingRestart}), throttled rebalancing and draining.
 */
package org.kafkamesos.core.kafka;

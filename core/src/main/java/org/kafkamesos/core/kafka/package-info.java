/**
 * Kafka operations over the Admin client: topics ({@link org.kafkamesos.core.kafka.KafkaTopics}), the restart gate
 * ({@link org.kafkamesos.core.kafka.RestartGate}) and rolling restarts through it
 * ({@link org.kafkamesos.core.kafka.RollingRestart}).
 */
package org.kafkamesos.core.kafka;

/**
 * The doors of the scheduler's core: {@link org.kafkamesos.core.KafkaCluster}, the thread-safe Java API of a cluster
 * (commands, status, explanations, its event loop), and {@link org.kafkamesos.core.mesos.KafkaFramework}, which runs it on Mesos.
 */
package org.kafkamesos.core;

/**
 * The scheduler's HTTP API: {@link org.kafkamesos.core.http.HttpApi} serves the mesos/kafka style
 * {@code /api/broker/...} endpoints over a {@link org.kafkamesos.core.KafkaCluster}, with JSON answers and
 * JSON errors; {@link org.kafkamesos.core.http.BrokerOptions} turns request parameters into broker spec changes.
 */
package org.kafkamesos.core.http;

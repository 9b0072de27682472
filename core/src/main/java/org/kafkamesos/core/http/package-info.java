/**
 * The scheduler's HTTP API: {@link org.kafkamesos.core.http.HttpApi} serves the mesos/kafka style
 * {@code /api/broker/...} endpoints over a {@link org.kafkamesos.core.KafkaCluster}, on an embedded Jetty, with JSON
 * answers and JSON errors (also for what the server refuses before an endpoint sees it); {@link org.kafkamesos.core.http.BrokerOptions} turns request parameters into broker spec changes;
 * {@link org.kafkamesos.core.http.MesosKafkaNames} says what of mesos/kafka's API has no counterpart here, and what to use.
 */
package org.kafkamesos.core.http;

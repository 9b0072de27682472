/**
 * The broker model and its lifecycle: {@link org.kafkamesos.core.BrokerSpec} (what an operator asks),
 * {@link org.kafkamesos.core.Broker} (where its task stands) and {@link org.kafkamesos.core.Lifecycle},
 * the pure transition function that every event goes through. The orchestrator, the Mesos adapters and
 * the HTTP API build on these.
 */
package org.kafkamesos.core;

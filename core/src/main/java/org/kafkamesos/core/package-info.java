/**
 * The scheduler's core, a functional core inside an imperative shell.
 *
 * <ul>
 *   <li>Model: {@link org.kafkamesos.core.BrokerSpec} (what an operator asks),
 *       {@link org.kafkamesos.core.Broker} (where its task stands), {@link org.kafkamesos.core.ClusterSpec};
 *       broker id expressions ({@link org.kafkamesos.core.BrokerIds}).</li>
 *   <li>Functional core: {@link org.kafkamesos.core.Lifecycle}, the pure transition function every broker
 *       event goes through, and {@link org.kafkamesos.core.Orchestrator}, which turns
 *       {@link org.kafkamesos.core.SchedulerEvent}s and {@link org.kafkamesos.core.BrokerCommand}s into
 *       {@link org.kafkamesos.core.MesosAction}s.</li>
 *   <li>Persistence: {@link org.kafkamesos.core.ClusterStateRepository}, versioned records of the project's
 *       own protobuf schema in a {@code StateStore}.</li>
 *   <li>Shell: {@link org.kafkamesos.core.KafkaCluster}, the thread-safe Java API and event loop; the Mesos
 *       adapters ({@link org.kafkamesos.core.MesosSchedulerAdapter}, {@link org.kafkamesos.core.MesosOffers},
 *       {@link org.kafkamesos.core.TaskInfoFactory}, {@link org.kafkamesos.core.FrameworkSettings}), the only
 *       code that sees Mesos protobuf types.</li>
 * </ul>
 */
package org.kafkamesos.core;

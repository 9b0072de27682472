/**
 * The Mesos shell, the only code besides the local cluster that sees Mesos types: {@link org.kafkamesos.core.mesos.KafkaFramework}
 * wires a cluster to a {@code SchedulerDriver} through the adapters, the {@code TaskInfo} factory and the offer translation;
 * {@link org.kafkamesos.core.mesos.DriverFactory} makes the driver: HTTP ({@code core.mesos.v1}), native, or local.
 */
package org.kafkamesos.core.mesos;

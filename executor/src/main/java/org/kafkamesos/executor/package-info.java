/**
 * Runs one Kafka node (KRaft) as one Mesos task, as a process of its own, and reports it running only
 * once it serves: {@link org.kafkamesos.executor.LaunchSpec} is the contract with the scheduler,
 * {@link org.kafkamesos.executor.ExecutorRuntime} drives launch and kill and reports to a
 * {@link org.kafkamesos.executor.TaskStatusSink}, and {@link org.kafkamesos.executor.MesosExecutorAdapter}
 * puts it under the Mesos executor driver ({@link org.kafkamesos.executor.ExecutorMain}). No Kafka process outlives
 * its executor: {@link org.kafkamesos.executor.ExecutorWatch} ends it when the executor's process is gone.
 */
package org.kafkamesos.executor;

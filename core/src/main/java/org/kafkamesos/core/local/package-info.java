/**
 * A local, in-process Mesos cluster: {@link org.kafkamesos.core.local.LocalMesosCluster}, a master and agents
 * ({@link org.kafkamesos.core.local.LocalAgent}) in this JVM behind the {@code SchedulerDriver} API and, when asked,
 * Mesos' V1 HTTP scheduler API ({@code /api/v1/scheduler}), whose tasks are real Kafka processes started by
 * in-process executors or by executor processes that speak Mesos' V1 executor API to their agent
 * ({@code /api/v1/executor}), from what the local fetcher put in their sandbox.
 *
 * <p>Modelled after documented Mesos 1.11 behaviour: offers per agent on an allocation interval, offer filters (each
 * blocking only offers within the resources it refused),
 * suppress and revive, launch validation ({@code TASK_ERROR}, {@code TASK_DROPPED}/{@code TASK_LOST}), reliable
 * status updates (uuid, in order, re-sent until acknowledged), kill, explicit and implicit reconciliation,
 * framework failover and teardown, agent loss ({@code TASK_UNREACHABLE}, {@code slaveLost}) and return,
 * dynamic reservations and persistent volumes ({@code RESERVE}, {@code UNRESERVE}, {@code CREATE}, {@code DESTROY},
 * checkpointed and recovered by each agent). Not modelled: hierarchical roles, quota, weights, static and refined
 * reservations, containerizer isolation, the fetcher's cache, command tasks, master failover; one framework at a time is
 * the intended use, and one cluster at a time on a work folder, which ends what an earlier run left running there.
 * The class description of {@code LocalMesosCluster} has the details.
 */
package org.kafkamesos.core.local;

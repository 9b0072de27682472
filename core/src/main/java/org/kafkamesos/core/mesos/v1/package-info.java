/**
 * Mesos' V1 HTTP scheduler API without native code: {@link org.kafkamesos.core.mesos.v1.HttpSchedulerDriver}, a
 * {@code SchedulerDriver} over {@code /api/v1/scheduler} (RecordIO event stream, {@code Mesos-Stream-Id}, heartbeats,
 * leader redirects, ZooKeeper master detection), and the pieces a master that serves the API shares with it.
 */
package org.kafkamesos.core.mesos.v1;

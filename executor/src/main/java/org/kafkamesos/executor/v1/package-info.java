/**
 * Mesos' V1 HTTP APIs without native code, the executor's side and what the scheduler's side shares with it:
 * {@link org.kafkamesos.executor.v1.RecordIo} (the event streams' framing) and {@link org.kafkamesos.executor.v1.Evolve}
 * (V0 and V1 messages by their wire form).
 */
package org.kafkamesos.executor.v1;

/**
 * The example scheduler main, the {@code kafka-mesos} command line: {@code quickstart} and {@code scheduler}
 * (an {@link org.kafkamesos.examples.ExampleScheduler} on a local or real Mesos, with the HTTP API), the
 * {@code broker} commands (clients of that API) and {@code capacity-plan}, a capacity planner on the placement engine.
 */
package org.kafkamesos.examples;

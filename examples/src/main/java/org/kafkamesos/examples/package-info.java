/**
 * Example programs built on the library: the {@code kafka-mesos} command line and its
 * {@code capacity-plan} subcommand, a capacity planner on the placement engine.
 */
package org.kafkamesos.examples;

/**
 * The executor runtime that runs one Kafka node as one Mesos task.
 * Not built yet: the module exists so that the build layout matches the design.
 */
package org.kafkamesos.executor;

/**
 * The broker model, its lifecycle and the orchestrator that turns Mesos events into Mesos actions.
 * Not built yet: the module exists so that the build layout matches the design.
 */
package org.kafkamesos.core;

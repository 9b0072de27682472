/**
 * Versioned, fenced key-value stores that hold a scheduler's state across crashes and failovers.
 * Not built yet: the module exists so that the build layout matches the design.
 */
package org.kafkamesos.state;

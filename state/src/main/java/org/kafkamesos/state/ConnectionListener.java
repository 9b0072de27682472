package org.kafkamesos.state;

/** Hears of connection changes, so that a scheduler can pause while its store is unavailable. */
@FunctionalInterface
public interface ConnectionListener {

    /** Called on a thread of the store's; must return quickly. */
    void stateChanged(ConnectionState state);
}

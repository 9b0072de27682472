package org.kafkamesos.state;

/** The store's connection, as {@link ConnectionListener}s hear of it. Memory and file stores stay connected. */
public enum ConnectionState {
    /** Connected for the first time. */
    CONNECTED,
    /** The connection dropped; operations fail with {@link StoreUnavailableException} until it returns. */
    SUSPENDED,
    /**
     * Connected again after a suspension or a loss. Leadership may or may not have survived: ask
     * {@link Leadership#isCurrent()}; a leader that lost it is fenced either way.
     */
    RECONNECTED,
    /** The session is gone: ephemeral state, including leadership, was lost. */
    LOST
}

package org.kafkamesos.state;

/** The store's connection, as {@link ConnectionListener}s hear of it. Memory and file stores stay connected. */
public enum ConnectionState {
    /** Connected for the first time. */
    CONNECTED,
    /** The connection dropped; operations fail with {@link StoreUnavailableException} until it returns. */
    SUSPENDED,
    /** Connected again after a suspension, with the same session: leadership was kept. */
    RECONNECTED,
    /** The session is gone: ephemeral state, including leadership, was lost. */
    LOST
}

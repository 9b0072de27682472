package org.kafkamesos.state;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes a Curator client's connection states on to a store's {@link ConnectionListener}s:
 * CONNECTED, SUSPENDED, RECONNECTED and LOST as themselves, READ_ONLY as SUSPENDED, since a
 * read-only server refuses every write. Listeners run on the client's connection-state thread; one
 * that throws is logged and does not keep the others from hearing.
 */
final class ZooKeeperConnectionListeners {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperConnectionListeners.class);

    private final CuratorFramework client;
    private final String root;
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final ConnectionStateListener curatorListener = (c, state) -> stateChanged(state);

    ZooKeeperConnectionListeners(CuratorFramework client, String root) {
        this.client = client;
        this.root = root;
    }

    void add(ConnectionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Starts listening to the client. */
    void start() {
        client.getConnectionStateListenable().addListener(curatorListener);
    }

    /** Stops listening to the client and forgets the listeners. */
    void stop() {
        client.getConnectionStateListenable().removeListener(curatorListener);
        listeners.clear();
    }

    static ConnectionState translate(org.apache.curator.framework.state.ConnectionState state) {
        return switch (state) {
            case CONNECTED -> ConnectionState.CONNECTED;
            case RECONNECTED -> ConnectionState.RECONNECTED;
            case LOST -> ConnectionState.LOST;
            case SUSPENDED, READ_ONLY -> ConnectionState.SUSPENDED;
        };
    }

    private void stateChanged(org.apache.curator.framework.state.ConnectionState state) {
        ConnectionState ours = translate(state);
        LOG.info("ZooKeeper connection of the store at {}: {}", root, state);
        for (ConnectionListener listener : listeners) {
            try {
                listener.stateChanged(ours);
            } catch (RuntimeException e) {
                LOG.warn("connection listener {} failed on {}", listener, ours, e);
            }
        }
    }
}

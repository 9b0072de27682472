package org.kafkamesos.examples;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.kafkamesos.state.FileStateStore;
import org.kafkamesos.state.LeaderElection;
import org.kafkamesos.state.MemoryStateStore;
import org.kafkamesos.state.ZooKeeperStateStore;

/**
 * Where the scheduler keeps its state, as the {@code --storage} option names it:
 * <ul>
 *   <li>{@code memory}: in this process only; lost when it exits;</li>
 *   <li>{@code file:PATH}: a folder (created if missing); schedulers sharing it elect one leader through
 *       its lock;</li>
 *   <li>{@code zk:CONNECT/PATH}: a ZooKeeper ensemble and the node under which the state lives, such as
 *       {@code zk:zk1:2181,zk2:2181/kafka-mesos}; schedulers sharing it elect one leader there.</li>
 * </ul>
 *
 * @param kind     the kind of store
 * @param location the folder or the node path; empty for {@code memory}
 * @param connect  the ZooKeeper connect string; empty unless {@code zk}
 */
record Storage(Kind kind, String location, String connect) {

    /** The kinds of store. */
    enum Kind { MEMORY, FILE, ZK }

    static final String ACCEPTED = "memory, file:PATH or zk:HOST:PORT[,HOST:PORT...]/PATH";

    /**
     * Reads an option value.
     *
     * @throws IllegalArgumentException naming what was wrong and what is accepted
     */
    static Storage parse(String text) {
        String value = text == null ? "" : text.trim();
        if (value.equalsIgnoreCase("memory")) {
            return new Storage(Kind.MEMORY, "", "");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:")) {
            String path = value.substring("file:".length());
            if (path.isBlank()) {
                throw new IllegalArgumentException("storage '" + text + "' names no folder; accepted: " + ACCEPTED);
            }
            return new Storage(Kind.FILE, path, "");
        }
        if (lower.startsWith("zk:")) {
            String rest = value.substring("zk:".length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                throw new IllegalArgumentException("storage '" + text + "' needs a connect string and a node path, such as "
                        + "zk:zk1:2181,zk2:2181/kafka-mesos; accepted: " + ACCEPTED);
            }
            return new Storage(Kind.ZK, rest.substring(slash), rest.substring(0, slash));
        }
        throw new IllegalArgumentException("unknown storage '" + text + "'; accepted: " + ACCEPTED);
    }

    /** Joins the election among the schedulers that share this storage. */
    LeaderElection election() {
        switch (kind) {
            case MEMORY:
                return MemoryStateStore.create().leaderElection();
            case FILE:
                return FileStateStore.leaderElection(Path.of(location));
            default:
                CuratorFramework client = CuratorFrameworkFactory.newClient(connect, new ExponentialBackoffRetry(1000, 5));
                client.start();
                ZooKeeperStateStore store = ZooKeeperStateStore.builder(client, location).build();
                LeaderElection election = store.leaderElection();
                return new LeaderElection() {
                    @Override
                    public java.util.Optional<org.kafkamesos.state.Leadership> awaitLeadership(java.time.Duration timeout)
                            throws InterruptedException {
                        return election.awaitLeadership(timeout);
                    }

                    @Override
                    public void close() {
                        try {
                            election.close();
                        } finally {
                            store.close();
                            client.close();
                        }
                    }
                };
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case MEMORY:
                return "memory";
            case FILE:
                return "file:" + location;
            default:
                return "zk:" + connect + location;
        }
    }
}

package org.kafkamesos.state;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;

/** Clients, roots and participants for the tests that run the ZooKeeper store against a {@link TestingServer}. */
final class ZooKeeperTestSupport {

    /** How long a client waits for a connection: short, so that an outage fails operations quickly. */
    static final int CONNECTION_TIMEOUT_MS = 1_000;
    /** Long enough for a session to outlive a server restart; within the testing server's maximum of 20 ticks. */
    static final int SESSION_TIMEOUT_MS = 10_000;

    private static final AtomicInteger ROOTS = new AtomicInteger();

    private ZooKeeperTestSupport() {
    }

    /** A started, connected client without credentials. */
    static CuratorFramework client(TestingServer server) throws InterruptedException {
        return client(server, CuratorFrameworkFactory.builder());
    }

    /** A started, connected client that authenticates as the digest user {@code credentials}. */
    static CuratorFramework client(TestingServer server, String credentials) throws InterruptedException {
        return client(server, CuratorFrameworkFactory.builder().authorization("digest", credentials.getBytes(UTF_8)));
    }

    private static CuratorFramework client(TestingServer server, CuratorFrameworkFactory.Builder builder) throws InterruptedException {
        CuratorFramework client = builder.connectString(server.getConnectString())
                .connectionTimeoutMs(CONNECTION_TIMEOUT_MS)
                .sessionTimeoutMs(SESSION_TIMEOUT_MS)
                .retryPolicy(new RetryNTimes(2, 100))
                .build();
        client.start();
        if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) {
            client.close();
            throw new IllegalStateException("no connection to the testing server at " + server.getConnectString());
        }
        return client;
    }

    /** A root no other test uses. */
    static String uniqueRoot() {
        return "/kafka-mesos-test/store-" + ROOTS.incrementAndGet() + "-" + System.nanoTime();
    }

    /**
     * A participant with a store and a client of its own, as a second scheduler process would have;
     * closing it closes all three.
     */
    static final class Participant implements LeaderElection {
        final CuratorFramework client;
        final ZooKeeperStateStore store;
        private final LeaderElection election;

        Participant(TestingServer server, String root) throws InterruptedException {
            this.client = client(server);
            this.store = ZooKeeperStateStore.builder(client, root).build();
            this.election = store.leaderElection();
        }

        @Override
        public Optional<Leadership> awaitLeadership(Duration timeout) throws InterruptedException {
            return election.awaitLeadership(timeout);
        }

        @Override
        public void close() {
            election.close();
            store.close();
            client.close();
        }
    }
}

package org.kafkamesos.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Digest ACLs keep other ZooKeeper users from writing (and, if so configured, reading) the scheduler's nodes. */
class ZooKeeperStateStoreAclTest {

    private static final String CREDENTIALS = "kafka-mesos:s3cret";

    private static TestingServer server;

    private CuratorFramework scheduler;
    private CuratorFramework stranger;
    private String root;

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestingServer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void connect() throws Exception {
        scheduler = ZooKeeperTestSupport.client(server, CREDENTIALS);
        stranger = ZooKeeperTestSupport.client(server);
        root = ZooKeeperTestSupport.uniqueRoot();
    }

    @AfterEach
    void disconnect() {
        stranger.close();
        scheduler.close();
    }

    private String node(String key) {
        return root + "/data/" + ZooKeeperKeys.nodeName(key);
    }

    @Test
    void worldReadable_othersReadButCannotWriteCreateOrDelete() throws Exception {
        try (ZooKeeperStateStore store = ZooKeeperStateStore.builder(scheduler, root).digest(CREDENTIALS).worldReadable(true).build()) {
            store.put("/brokers/1", "spec".getBytes(UTF_8));

            assertThat(stranger.getData().forPath(node("/brokers/1"))).isEqualTo("spec".getBytes(UTF_8));
            assertRefused(() -> stranger.setData().forPath(node("/brokers/1"), "evil".getBytes(UTF_8)));
            assertRefused(() -> stranger.delete().forPath(node("/brokers/1")));
            assertRefused(() -> stranger.create().forPath(node("/brokers/2"), "evil".getBytes(UTF_8)));
            assertRefused(() -> stranger.setData().forPath(root + "/epoch", "evil".getBytes(UTF_8)));
            assertRefused(() -> stranger.setData().forPath(root, "evil".getBytes(UTF_8)));
            assertThat(store.get("/brokers/1").orElseThrow().value()).isEqualTo("spec".getBytes(UTF_8));
            assertThat(store.children("/brokers")).containsExactly("/brokers/1");
        }
    }

    @Test
    void notWorldReadable_othersCannotReadEither() throws Exception {
        try (ZooKeeperStateStore store = ZooKeeperStateStore.builder(scheduler, root).digest(CREDENTIALS).build()) {
            store.put("/framework-id", "fw".getBytes(UTF_8));

            assertRefused(() -> stranger.getData().forPath(node("/framework-id")));
            assertRefused(() -> stranger.getChildren().forPath(root + "/data"));
            assertRefused(() -> stranger.setData().forPath(node("/framework-id"), "evil".getBytes(UTF_8)));
            assertRefused(() -> stranger.delete().forPath(node("/framework-id")));
            assertThat(store.get("/framework-id").orElseThrow().value()).isEqualTo("fw".getBytes(UTF_8));
        }
    }

    @Test
    void othersCannotJoinOrDisturbTheElection() throws Exception {
        try (ZooKeeperStateStore store = ZooKeeperStateStore.builder(scheduler, root).digest(CREDENTIALS).worldReadable(true).build();
             LeaderElection election = store.leaderElection("scheduler-1")) {
            Leadership leadership = election.awaitLeadership(Duration.ofSeconds(30)).orElseThrow();
            leadership.store().put("/owner", "scheduler-1".getBytes(UTF_8));

            assertRefused(() -> stranger.create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL).forPath(root + "/leader/latch-", new byte[0]));
            for (String latchNode : stranger.getChildren().forPath(root + "/leader")) {
                assertRefused(() -> stranger.delete().forPath(root + "/leader/" + latchNode));
            }
            assertThat(new String(stranger.getData().forPath(root + "/epoch"), UTF_8)).isEqualTo("scheduler-1");
            assertThat(leadership.isCurrent()).isTrue();
            leadership.store().put("/owner", "still scheduler-1".getBytes(UTF_8));
        }
    }

    @Test
    void clientWithoutTheCredentials_cannotOpenTheStore() throws Exception {
        ZooKeeperStateStore.builder(scheduler, root).digest(CREDENTIALS).worldReadable(true).build().close();

        assertThatThrownBy(() -> ZooKeeperStateStore.builder(stranger, root).digest(CREDENTIALS).build())
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("authorization(\"digest\"");
        try (CuratorFramework wrongPassword = ZooKeeperTestSupport.client(server, "kafka-mesos:guess")) {
            assertThatThrownBy(() -> ZooKeeperStateStore.builder(wrongPassword, root).digest("kafka-mesos:guess").build())
                    .isInstanceOf(StateStoreException.class);
        }
    }

    @Test
    void builder_refusesMalformedCredentials_andAclWithDigest() {
        assertThatThrownBy(() -> ZooKeeperStateStore.builder(scheduler, root).digest("no-colon"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user:password");
        assertThatThrownBy(() -> ZooKeeperStateStore.builder(scheduler, root).digest(CREDENTIALS)
                .acl(org.apache.zookeeper.ZooDefs.Ids.CREATOR_ALL_ACL).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZooKeeperStateStore.builder(scheduler, root).worldReadable(true).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void creatorAcl_restrictsNodesToTheAuthenticatedCreator() throws Exception {
        try (ZooKeeperStateStore store = ZooKeeperStateStore.builder(scheduler, root)
                .acl(org.apache.zookeeper.ZooDefs.Ids.CREATOR_ALL_ACL).build()) {
            store.put("/k", "v".getBytes(UTF_8));

            assertRefused(() -> stranger.getData().forPath(node("/k")));
            assertRefused(() -> stranger.delete().forPath(node("/k")));
            assertThat(store.put("/k", "w".getBytes(UTF_8), 0)).isEqualTo(1);
        }
    }

    private static void assertRefused(ThrowingCall call) {
        assertThatThrownBy(call::run).isInstanceOf(KeeperException.NoAuthException.class);
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}

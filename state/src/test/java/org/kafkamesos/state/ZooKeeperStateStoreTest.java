package org.kafkamesos.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract against a real ZooKeeper, and what is particular to the ZooKeeper store. */
class ZooKeeperStateStoreTest extends StateStoreContractTest {

    private static TestingServer server;

    private CuratorFramework client;
    private String root;

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestingServer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected StateStore openStore() throws Exception {
        client = ZooKeeperTestSupport.client(server);
        root = ZooKeeperTestSupport.uniqueRoot();
        return ZooKeeperStateStore.builder(client, root).build();
    }

    @Override
    protected LeaderElection newParticipant() throws Exception {
        return new ZooKeeperTestSupport.Participant(server, root);
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    private ZooKeeperStateStore zk() {
        return (ZooKeeperStateStore) store;
    }

    @Test
    void layout_eachKeyIsOneNodeUnderData_andItsVersionIsTheNodeVersion() throws Exception {
        store.put("/brokers/3", "a".getBytes(UTF_8));
        store.put("/brokers/3", "b".getBytes(UTF_8));

        Stat stat = client.checkExists().forPath(root + "/data/brokers%2F3");
        assertThat(stat).isNotNull();
        assertThat(stat.getVersion()).isEqualTo(1);
        assertThat(client.getData().forPath(root + "/data/brokers%2F3")).isEqualTo("b".getBytes(UTF_8));
        assertThat(client.checkExists().forPath(root + "/data/brokers")).as("parents are no values").isNull();
        assertThat(client.getChildren().forPath(root)).containsExactlyInAnyOrder("data", "epoch", "leader");
    }

    @Test
    void children_ignoresNodesThatAreNotKeys() throws Exception {
        store.put("/a", new byte[0]);
        client.create().forPath(root + "/data/not%25a-key");

        assertThat(store.children("/")).containsExactly("/a");
    }

    @Test
    void close_leavesTheCallersClientOpen() {
        store.close();

        assertThat(client.getState()).isEqualTo(CuratorFrameworkState.STARTED);
        assertThatThrownBy(() -> store.get("/k")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void namespacedClient_keepsTheStoreInsideItsNamespace() throws Exception {
        CuratorFramework namespaced = client.usingNamespace("tenant-a");
        String path = ZooKeeperTestSupport.uniqueRoot();
        try (ZooKeeperStateStore inNamespace = ZooKeeperStateStore.builder(namespaced, path).build();
             LeaderElection election = inNamespace.leaderElection()) {
            inNamespace.create("/k", "v".getBytes(UTF_8));
            election.awaitLeadership(Duration.ofSeconds(30)).orElseThrow().store().put("/k", "w".getBytes(UTF_8), 0);

            assertThat(client.checkExists().forPath("/tenant-a" + path + "/data/k")).isNotNull();
            assertThat(client.checkExists().forPath("/tenant-a" + path + "/leader")).isNotNull();
            assertThat(inNamespace.get("/k").orElseThrow().version()).isEqualTo(1);
        }
    }

    @Test
    void builder_refusesARootThatHoldsOtherData_slashAndAnUnstartedClient() throws Exception {
        String foreign = ZooKeeperTestSupport.uniqueRoot();
        client.create().creatingParentsIfNeeded().forPath(foreign, "someone else's".getBytes(UTF_8));

        assertThatThrownBy(() -> ZooKeeperStateStore.builder(client, foreign).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path of its own");
        assertThatThrownBy(() -> ZooKeeperStateStore.builder(client, "/").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZooKeeperStateStore.builder(client, "relative").build())
                .isInstanceOf(IllegalArgumentException.class);
        try (CuratorFramework unstarted = org.apache.curator.framework.CuratorFrameworkFactory.newClient(
                server.getConnectString(), new org.apache.curator.retry.RetryOneTime(10))) {
            assertThatThrownBy(() -> ZooKeeperStateStore.builder(unstarted, root).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("started");
        }
    }

    @Test
    void reopeningTheRoot_keepsTheValues() {
        store.put("/framework-id", "fw".getBytes(UTF_8));

        try (ZooKeeperStateStore again = ZooKeeperStateStore.builder(client, root).build()) {
            assertThat(again.get("/framework-id").orElseThrow().value()).isEqualTo("fw".getBytes(UTF_8));
        }
    }

    @Test
    void writeCarryingADeposedEpoch_isRejectedByZooKeeper_evenIfTheWriterStillBelievesItLeads() throws Exception {
        long deposed;
        try (LeaderElection first = newParticipant()) {
            Leadership old = first.awaitLeadership(Duration.ofSeconds(30)).orElseThrow();
            old.store().put("/owner", "first".getBytes(UTF_8));
            deposed = old.epoch();
        }
        try (LeaderElection second = newParticipant()) {
            Leadership next = second.awaitLeadership(Duration.ofSeconds(30)).orElseThrow();

            // What a leader whose session expired unnoticed sends: a write checked against its old epoch.
            assertThatThrownBy(() -> zk().commit(Batch.builder().put("/owner", "zombie".getBytes(UTF_8)).create("/zombie", new byte[0]).build(), deposed))
                    .isInstanceOf(FencedException.class)
                    .hasMessageContaining("epoch " + deposed)
                    .hasMessageContaining("epoch " + next.epoch());
            assertThat(store.get("/owner").orElseThrow().value()).isEqualTo("first".getBytes(UTF_8));
            assertThat(store.get("/zombie")).isEmpty();
            assertThat(zk().commit(Batch.builder().put("/owner", "second".getBytes(UTF_8)).build(), next.epoch()))
                    .containsEntry("/owner", 1L);
        }
    }

    @Test
    void racingUnconditionalPuts_eachGetADistinctVersion_andExactlyOneCreates() throws Exception {
        int threads = 4;
        int putsEach = 25;
        ConcurrentLinkedQueue<Long> versions = new ConcurrentLinkedQueue<>();
        List<Callable<Void>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            writers.add(() -> {
                for (int i = 0; i < putsEach; i++) {
                    versions.add(store.put("/contended", new byte[] {1}));
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (Future<Void> f : pool.invokeAll(writers)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(versions).hasSize(threads * putsEach).doesNotHaveDuplicates().contains(0L);
        assertThat(store.get("/contended").orElseThrow().version()).isEqualTo(threads * putsEach - 1);
    }

    @Test
    void batchWithAnUnconditionalDelete_racingAWriterOfThatKey_isRetriedUntilItLandsOnce() throws Exception {
        int rounds = 100;
        List<Callable<Void>> writers = List.of(
                () -> {
                    for (int i = 0; i < rounds; i++) {
                        store.commit(Batch.builder().delete("/flapping").put("/deletes", Integer.toString(i).getBytes(UTF_8)).build());
                    }
                    return null;
                },
                () -> {
                    for (int i = 0; i < rounds; i++) {
                        store.delete("/flapping");
                        store.put("/flapping", new byte[0]);
                    }
                    return null;
                });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (Future<Void> f : pool.invokeAll(writers)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.get("/deletes").orElseThrow().version()).isEqualTo(rounds - 1);
    }
}

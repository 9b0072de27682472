package org.kafkamesos.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ZooKeeper store through a server restart and a session expiry: it reports the outage, fails
 * fast while it lasts, recovers without losing an acknowledged write, and fences a leader whose
 * session expired. Each test has a server of its own, since each one disrupts it.
 */
class ZooKeeperStateStoreFaultTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestingServer server;
    private CuratorFramework client;
    private ZooKeeperStateStore store;
    private String root;
    private final BlockingQueue<ConnectionState> heard = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        server = new TestingServer();
        client = ZooKeeperTestSupport.client(server);
        root = ZooKeeperTestSupport.uniqueRoot();
        store = ZooKeeperStateStore.builder(client, root).build();
        store.addConnectionListener(heard::add);
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        client.close();
        server.close();
    }

    private ConnectionState next() throws InterruptedException {
        return next(heard);
    }

    /**
     * The next change a listener heard, past the client's first CONNECTED: Curator delivers states
     * on a thread of its own, so that one may reach a listener added just after the connection.
     */
    private static ConnectionState next(BlockingQueue<ConnectionState> heard) throws InterruptedException {
        while (true) {
            ConnectionState state = heard.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(state).as("a connection change within " + WAIT).isNotNull();
            if (state != ConnectionState.CONNECTED) {
                return state;
            }
        }
    }

    /** Waits until the listener hears {@code expected}, past any states before it. */
    private static void awaitChange(BlockingQueue<ConnectionState> heard, ConnectionState expected) throws InterruptedException {
        while (next(heard) != expected) {
            // States on the way, such as SUSPENDED before LOST, are fine here.
        }
    }

    @Test
    void whileTheServerIsDown_everyOperationFailsWithStoreUnavailable_withoutHanging() throws Exception {
        store.create("/k", "before".getBytes(UTF_8));
        server.stop();
        assertThat(next()).isEqualTo(ConnectionState.SUSPENDED);

        // The client waits at most its connection timeout (1 s here) per operation.
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            assertThatThrownBy(() -> store.get("/k")).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("connection timeout");
            assertThatThrownBy(() -> store.children("/")).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store.put("/k", "during".getBytes(UTF_8), 0)).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store.commit(Batch.builder().put("/a", new byte[0]).delete("/k").build()))
                    .isInstanceOf(StoreUnavailableException.class);
        });

        server.restart();
        assertThat(next()).isEqualTo(ConnectionState.RECONNECTED);
        assertThat(store.get("/k").orElseThrow().value()).isEqualTo("before".getBytes(UTF_8));
        assertThat(store.put("/k", "after".getBytes(UTF_8), 0)).isEqualTo(1);
    }

    @Test
    void serverRestartMidRun_listenersHearSuspendedThenReconnected_andNoAcknowledgedWriteIsLost() throws Exception {
        List<String> acknowledged = new ArrayList<>();
        AtomicInteger unavailable = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch firstWrites = new CountDownLatch(50);
        CountDownLatch failedDuringOutage = new CountDownLatch(1);
        AtomicReference<CountDownLatch> writesAfterRecovery = new AtomicReference<>(new CountDownLatch(0));
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<?> writes = writer.submit(() -> {
            for (int i = 0; running.get(); i++) {
                String key = "/seq/" + i;
                try {
                    store.put(key, Integer.toString(i).getBytes(UTF_8));
                    acknowledged.add(key);
                    firstWrites.countDown();
                    writesAfterRecovery.get().countDown();
                } catch (StoreUnavailableException e) {
                    unavailable.incrementAndGet();
                    failedDuringOutage.countDown();
                }
            }
            return null;
        });
        try {
            assertThat(firstWrites.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("writes before the restart").isTrue();
            server.stop();
            assertThat(next()).isEqualTo(ConnectionState.SUSPENDED);
            assertThat(failedDuringOutage.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("a write refused during the outage").isTrue();

            CountDownLatch after = new CountDownLatch(50);
            writesAfterRecovery.set(after);
            server.restart();
            assertThat(next()).isEqualTo(ConnectionState.RECONNECTED);
            assertThat(after.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("writes after the restart").isTrue();
        } finally {
            running.set(false);
            writes.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            writer.shutdown();
        }

        assertThat(heard).as("nothing but SUSPENDED, RECONNECTED").isEmpty();
        assertThat(unavailable.get()).isPositive();
        List<String> lost = new ArrayList<>();
        for (String key : acknowledged) {
            String expected = key.substring("/seq/".length());
            if (!store.get(key).map(v -> new String(v.value(), UTF_8)).orElse("").equals(expected)) {
                lost.add(key);
            }
        }
        assertThat(lost).as("acknowledged writes missing after recovery, of " + acknowledged.size()).isEmpty();
        assertThat(store.children("/seq")).containsAll(acknowledged);
    }

    @Test
    void sessionExpiry_deposesTheLeader_anotherLeadsAtAHigherEpoch_andTheOldLeadersWritesLandNowhere() throws Exception {
        ZooKeeperTestSupport.Participant second = null;
        try (ZooKeeperTestSupport.Participant first = new ZooKeeperTestSupport.Participant(server, root)) {
            second = new ZooKeeperTestSupport.Participant(server, root);
            Leadership old = first.awaitLeadership(WAIT).orElseThrow();
            old.store().put("/owner", "first".getBytes(UTF_8));
            assertThat(second.awaitLeadership(Duration.ofMillis(200))).as("second waits while first leads").isEmpty();
            BlockingQueue<ConnectionState> firstHeard = new LinkedBlockingQueue<>();
            first.store.addConnectionListener(firstHeard::add);

            KillSession.kill(first.client.getZookeeperClient().getZooKeeper());

            awaitChange(firstHeard, ConnectionState.LOST);
            Leadership next = second.awaitLeadership(WAIT).orElseThrow();
            assertThat(next.epoch()).isGreaterThan(old.epoch());
            assertThat(old.isCurrent()).isFalse();
            assertThatThrownBy(() -> old.store().put("/owner", "stale".getBytes(UTF_8))).isInstanceOf(FencedException.class);
            // What a leader that has not noticed its expiry yet would send: ZooKeeper itself fences the old epoch.
            assertThatThrownBy(() -> first.store.commit(Batch.builder().put("/owner", "stale".getBytes(UTF_8))
                    .create("/stale", new byte[0]).build(), old.epoch()))
                    .isInstanceOf(FencedException.class);
            assertThat(store.get("/owner").orElseThrow().value()).isEqualTo("first".getBytes(UTF_8));
            assertThat(store.get("/stale")).isEmpty();
            next.store().put("/owner", "second".getBytes(UTF_8));

            // The expired participant rejoined with a new session and leads again, at a newer epoch, once second leaves.
            awaitChange(firstHeard, ConnectionState.RECONNECTED);
            assertThat(first.awaitLeadership(Duration.ofMillis(200))).isEmpty();
            second.close();
            Leadership again = first.awaitLeadership(WAIT).orElseThrow();
            assertThat(again.epoch()).isGreaterThan(next.epoch());
            assertThatThrownBy(() -> next.store().put("/owner", "late".getBytes(UTF_8))).isInstanceOf(FencedException.class);
            again.store().put("/owner", "first again".getBytes(UTF_8));
            assertThat(store.get("/owner").orElseThrow().value()).isEqualTo("first again".getBytes(UTF_8));
        } finally {
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    void serverRestart_endsLeadershipUnderCuratorsStandardPolicy_andTheLeaderResumesAtANewerEpoch() throws Exception {
        try (LeaderElection election = store.leaderElection("scheduler-1")) {
            Leadership before = election.awaitLeadership(WAIT).orElseThrow();
            before.store().put("/owner", "before".getBytes(UTF_8));

            server.restart();
            assertThat(next()).isEqualTo(ConnectionState.SUSPENDED);
            assertThat(next()).isEqualTo(ConnectionState.RECONNECTED);

            assertThat(before.isCurrent()).isFalse();
            assertThatThrownBy(() -> before.store().put("/owner", "stale".getBytes(UTF_8))).isInstanceOf(FencedException.class);
            Leadership after = election.awaitLeadership(WAIT).orElseThrow();
            assertThat(after.epoch()).isGreaterThan(before.epoch());
            assertThat(after.store().put("/owner", "after".getBytes(UTF_8), 0)).isEqualTo(1);
        }
    }

    @Test
    void listenerFailure_doesNotStopOtherListeners() throws Exception {
        ConcurrentHashMap<ConnectionState, Boolean> second = new ConcurrentHashMap<>();
        CountDownLatch suspended = new CountDownLatch(1);
        store.addConnectionListener(state -> {
            throw new IllegalStateException("a listener that fails");
        });
        store.addConnectionListener(state -> {
            second.put(state, true);
            suspended.countDown();
        });

        server.stop();

        assertThat(suspended.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(second).containsKey(ConnectionState.SUSPENDED);
        server.restart();
        assertThat(next()).isEqualTo(ConnectionState.SUSPENDED);
        assertThat(next()).isEqualTo(ConnectionState.RECONNECTED);
    }
}

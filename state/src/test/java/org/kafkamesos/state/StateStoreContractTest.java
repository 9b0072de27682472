package org.kafkamesos.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} promises. Each implementation runs this suite through a subclass
 * that opens a fresh, empty store and election participants contending for that store.
 */
abstract class StateStoreContractTest {

    /** A fresh, empty store; closed after each test. */
    protected abstract StateStore openStore() throws Exception;

    /** A new participant in the leader election of the store {@link #openStore()} returned last. */
    protected abstract LeaderElection newParticipant() throws Exception;

    protected StateStore store;

    @BeforeEach
    void open() throws Exception {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private String read(String key) {
        return store.get(key).map(v -> new String(v.value(), UTF_8)).orElse(null);
    }

    @Test
    void get_absentKey_isEmpty() {
        assertThat(store.get("/nothing")).isEmpty();
    }

    @Test
    void create_thenGet_returnsValueAtVersionZero() {
        assertThat(store.create("/framework-id", bytes("fw-1"))).isZero();

        Versioned<byte[]> v = store.get("/framework-id").orElseThrow();
        assertThat(v.value()).isEqualTo(bytes("fw-1"));
        assertThat(v.version()).isZero();
    }

    @Test
    void create_existingKey_conflictsAndKeepsTheValue() {
        store.create("/k", bytes("a"));

        assertThatThrownBy(() -> store.create("/k", bytes("b")))
                .isInstanceOfSatisfying(VersionConflictException.class, e -> {
                    assertThat(e.key()).isEqualTo("/k");
                    assertThat(e.expected()).isEmpty();
                });
        assertThat(read("/k")).isEqualTo("a");
    }

    @Test
    void put_withCurrentVersion_incrementsTheVersion() {
        store.create("/k", bytes("a"));

        assertThat(store.put("/k", bytes("b"), 0)).isEqualTo(1);
        assertThat(store.put("/k", bytes("c"), 1)).isEqualTo(2);
        assertThat(store.get("/k").orElseThrow().version()).isEqualTo(2);
        assertThat(read("/k")).isEqualTo("c");
    }

    @Test
    void put_withStaleVersion_conflictsAndKeepsTheValue() {
        store.create("/k", bytes("a"));
        store.put("/k", bytes("b"), 0);

        assertThatThrownBy(() -> store.put("/k", bytes("stale"), 0))
                .isInstanceOf(VersionConflictException.class)
                .hasMessageContaining("/k");
        assertThat(read("/k")).isEqualTo("b");
    }

    @Test
    void put_withVersionOnMissingKey_isMissingKey() {
        assertThatThrownBy(() -> store.put("/k", bytes("a"), 0)).isInstanceOf(MissingKeyException.class);
        assertThat(store.get("/k")).isEmpty();
    }

    @Test
    void put_unconditional_createsThenOverwrites() {
        assertThat(store.put("/k", bytes("a"))).isZero();
        assertThat(store.put("/k", bytes("b"))).isEqualTo(1);
        assertThat(read("/k")).isEqualTo("b");
    }

    @Test
    void delete_withVersion_removesOnlyAtThatVersion() {
        store.create("/k", bytes("a"));
        store.put("/k", bytes("b"), 0);

        assertThatThrownBy(() -> store.delete("/k", 0)).isInstanceOf(VersionConflictException.class);
        assertThat(read("/k")).isEqualTo("b");
        store.delete("/k", 1);
        assertThat(store.get("/k")).isEmpty();
        assertThatThrownBy(() -> store.delete("/k", 1)).isInstanceOf(MissingKeyException.class);
    }

    @Test
    void delete_unconditional_saysWhetherThereWasAValue() {
        store.create("/k", bytes("a"));

        assertThat(store.delete("/k")).isTrue();
        assertThat(store.delete("/k")).isFalse();
        assertThat(store.get("/k")).isEmpty();
    }

    @Test
    void create_afterDelete_startsAtVersionZeroAgain() {
        store.create("/k", bytes("a"));
        store.put("/k", bytes("b"));
        store.delete("/k");

        assertThat(store.create("/k", bytes("c"))).isZero();
    }

    @Test
    void emptyValue_isAValue() {
        store.create("/empty", new byte[0]);

        assertThat(store.get("/empty").orElseThrow().value()).isEmpty();
        assertThat(store.children("/")).containsExactly("/empty");
    }

    @Test
    void children_listsDirectChildrenWithValues_sorted() {
        store.put("/brokers/3", bytes("x"));
        store.put("/brokers/1", bytes("x"));
        store.put("/brokers/10/config", bytes("x"));
        store.put("/brokersx", bytes("x"));
        store.put("/framework-id", bytes("x"));

        assertThat(store.children("/brokers")).containsExactly("/brokers/1", "/brokers/3");
        assertThat(store.children("/")).containsExactly("/brokersx", "/framework-id");
        assertThat(store.children("/brokers/10")).containsExactly("/brokers/10/config");
        assertThat(store.children("/none")).isEmpty();
    }

    @Test
    void children_afterDelete_forgetTheKey() {
        store.put("/brokers/1", bytes("x"));
        store.put("/brokers/2", bytes("x"));
        store.delete("/brokers/1");

        assertThat(store.children("/brokers")).containsExactly("/brokers/2");
    }

    @Test
    void commit_appliesEveryOperation_andReturnsNewVersions() {
        store.create("/a", bytes("a0"));
        store.create("/gone", bytes("x"));

        Map<String, Long> versions = store.commit(Batch.builder()
                .put("/a", bytes("a1"), 0)
                .create("/b", bytes("b0"))
                .put("/c", bytes("c0"))
                .delete("/gone", 0)
                .build());

        assertThat(versions).containsExactlyInAnyOrderEntriesOf(Map.of("/a", 1L, "/b", 0L, "/c", 0L));
        assertThat(read("/a")).isEqualTo("a1");
        assertThat(read("/b")).isEqualTo("b0");
        assertThat(read("/c")).isEqualTo("c0");
        assertThat(store.get("/gone")).isEmpty();
    }

    @Test
    void commit_withOneFailingExpectation_appliesNothing() {
        store.create("/a", bytes("a0"));
        store.create("/b", bytes("b0"));

        Batch batch = Batch.builder()
                .put("/a", bytes("a1"), 0)
                .delete("/b", 0)
                .create("/new", bytes("n"))
                .put("/b2", bytes("x"), 5)
                .build();
        assertThatThrownBy(() -> store.commit(batch)).isInstanceOf(MissingKeyException.class);

        assertThat(read("/a")).isEqualTo("a0");
        assertThat(store.get("/a").orElseThrow().version()).isZero();
        assertThat(read("/b")).isEqualTo("b0");
        assertThat(store.get("/new")).isEmpty();
    }

    @Test
    void commit_withVersionConflict_appliesNothing() {
        store.create("/a", bytes("a0"));
        store.create("/b", bytes("b0"));

        assertThatThrownBy(() -> store.commit(Batch.builder().put("/a", bytes("a1")).create("/b", bytes("b1")).build()))
                .isInstanceOf(VersionConflictException.class);
        assertThat(read("/a")).isEqualTo("a0");
        assertThat(read("/b")).isEqualTo("b0");
    }

    @Test
    void commit_emptyBatch_changesNothing() {
        assertThat(store.commit(Batch.builder().build())).isEmpty();
    }

    @Test
    void batch_withAKeyTwice_isRefusedWhenBuilt() {
        assertThatThrownBy(() -> Batch.builder().put("/a", bytes("1")).delete("/a").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/a appears twice");
    }

    @Test
    void valueOverTheLimit_isRefused_andTheLimitItselfIsAccepted() {
        byte[] limit = new byte[StateStore.MAX_VALUE_BYTES];
        byte[] over = new byte[StateStore.MAX_VALUE_BYTES + 1];

        assertThatThrownBy(() -> store.put("/big", over)).isInstanceOf(ValueTooLargeException.class)
                .hasMessageContaining("1000001 bytes");
        assertThat(store.get("/big")).isEmpty();
        store.put("/big", limit);
        assertThat(store.get("/big").orElseThrow().value()).hasSize(StateStore.MAX_VALUE_BYTES);
    }

    @Test
    void batchOverTheLimit_isRefused() {
        byte[] half = new byte[StateStore.MAX_BATCH_BYTES / 2 + 1];

        assertThatThrownBy(() -> Batch.builder().put("/a", half).put("/b", half).build())
                .isInstanceOf(ValueTooLargeException.class);
    }

    @Test
    void invalidKeys_areRefusedWithWhatIsAccepted() {
        for (String bad : List.of("", "relative", "/trailing/", "//double", "/with space", "/../up", "/a/./b")) {
            assertThatThrownBy(() -> store.put(bad, bytes("x")))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected a path such as /brokers/3");
        }
        assertThat(store.children("/")).isEmpty();
    }

    @Test
    void valuesAreCopies_callersCannotChangeTheStoreThroughArrays() {
        byte[] given = bytes("abc");
        store.put("/k", given);
        given[0] = 'X';
        store.get("/k").orElseThrow().value()[1] = 'Y';

        assertThat(read("/k")).isEqualTo("abc");
    }

    @Test
    void concurrentCompareAndSetIncrements_endWithTheExactCount() throws Exception {
        int threads = 4;
        int incrementsEach = 50;
        store.create("/counter", bytes("0"));
        AtomicInteger conflicts = new AtomicInteger();
        List<Callable<Void>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(() -> {
                for (int i = 0; i < incrementsEach; ) {
                    Versioned<byte[]> current = store.get("/counter").orElseThrow();
                    int next = Integer.parseInt(new String(current.value(), UTF_8)) + 1;
                    try {
                        store.put("/counter", bytes(Integer.toString(next)), current.version());
                        i++;
                    } catch (VersionConflictException e) {
                        conflicts.incrementAndGet();
                    }
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (Future<Void> f : pool.invokeAll(workers)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(read("/counter")).isEqualTo(Integer.toString(threads * incrementsEach));
        assertThat(store.get("/counter").orElseThrow().version()).isEqualTo(threads * incrementsEach);
    }

    @Test
    void racingCreates_exactlyOneWins() throws Exception {
        for (int round = 0; round < 20; round++) {
            String key = "/race-" + round;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    String value = "writer-" + t;
                    results.add(pool.submit(() -> {
                        start.await();
                        try {
                            store.create(key, bytes(value));
                            return true;
                        } catch (VersionConflictException e) {
                            return false;
                        }
                    }));
                }
                start.countDown();
                int wins = 0;
                for (Future<Boolean> f : results) {
                    wins += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(wins).as("winners of round " + round).isEqualTo(1);
                assertThat(read(key)).startsWith("writer-");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void leader_writesThroughItsFencedStore() throws Exception {
        try (LeaderElection election = newParticipant()) {
            Leadership leadership = election.awaitLeadership(Duration.ofSeconds(30)).orElseThrow();

            assertThat(leadership.isCurrent()).isTrue();
            leadership.store().put("/framework-id", bytes("fw"));
            assertThat(read("/framework-id")).isEqualTo("fw");
        }
    }

    @Test
    void deposedLeader_cannotWrite_andTheNewLeaderCan() throws Exception {
        LeaderElection first = newParticipant();
        Leadership old = first.awaitLeadership(Duration.ofSeconds(30)).orElseThrow();
        old.store().put("/owner", bytes("first"));
        try (LeaderElection second = newParticipant()) {
            assertThat(second.awaitLeadership(Duration.ofMillis(200))).as("second waits while first leads").isEmpty();

            first.close();
            Leadership next = second.awaitLeadership(Duration.ofSeconds(30)).orElseThrow();

            assertThat(next.epoch()).isGreaterThan(old.epoch());
            assertThatThrownBy(() -> old.store().put("/owner", bytes("stale"))).isInstanceOf(FencedException.class);
            assertThatThrownBy(() -> old.store().commit(Batch.builder().delete("/owner").build()))
                    .isInstanceOf(FencedException.class);
            assertThat(read("/owner")).isEqualTo("first");
            next.store().put("/owner", bytes("second"));
            assertThat(read("/owner")).isEqualTo("second");
        }
    }

    @Test
    void fencedStore_keepsTheContractOfTheStore() throws Exception {
        try (LeaderElection election = newParticipant()) {
            StateStore fenced = election.awaitLeadership(Duration.ofSeconds(30)).orElseThrow().store();

            assertThat(fenced.create("/k", bytes("a"))).isZero();
            assertThat(fenced.put("/k", bytes("b"), 0)).isEqualTo(1);
            assertThatThrownBy(() -> fenced.put("/k", bytes("c"), 0)).isInstanceOf(VersionConflictException.class);
            assertThat(fenced.children("/")).containsExactly("/k");
            assertThat(fenced.delete("/k")).isTrue();
            assertThat(fenced.delete("/k")).isFalse();
        }
    }
}

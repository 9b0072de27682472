package org.kafkamesos.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract, and what only a directory gives: values and versions that outlive the store,
 * exclusive opening, and leadership by the directory's OS lock.
 *
 * <p>The contract's participants share the store that {@link #openStore()} opened (the store holds
 * the directory's lock, so a participant that needed the lock could never lead beside it); the
 * elections by the OS lock itself, {@link FileStateStore#leaderElection(Path)}, are tested here on a
 * second directory.
 */
class FileStateStoreTest extends StateStoreContractTest {

    @TempDir
    Path directory;

    @TempDir
    Path shared;

    private FileStateStore fileStore;

    @Override
    protected StateStore openStore() {
        fileStore = FileStateStore.open(directory);
        return fileStore;
    }

    @Override
    protected LeaderElection newParticipant() {
        return fileStore.leaderElection();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static String text(StateStore store, String key) {
        return store.get(key).map(v -> new String(v.value(), UTF_8)).orElse(null);
    }

    @Test
    void valuesAndVersions_surviveReopening() {
        store.create("/framework-id", bytes("fw-1"));
        store.put("/brokers/1", bytes("a"));
        store.put("/brokers/1", bytes("b"));
        store.commit(Batch.builder().put("/brokers/2", bytes("x")).put("/brokers/1", bytes("c"), 1).build());
        store.close();

        try (FileStateStore reopened = FileStateStore.open(directory)) {
            assertThat(text(reopened, "/framework-id")).isEqualTo("fw-1");
            assertThat(reopened.get("/brokers/1").orElseThrow().version()).isEqualTo(2);
            assertThat(text(reopened, "/brokers/1")).isEqualTo("c");
            assertThat(reopened.children("/brokers")).containsExactly("/brokers/1", "/brokers/2");
            assertThat(reopened.put("/brokers/1", bytes("d"), 2)).isEqualTo(3);
        }
    }

    @Test
    void open_whileAnotherStoreHoldsTheDirectory_isRefusedNamingTheDirectory() {
        assertThatThrownBy(() -> FileStateStore.open(directory))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(directory.toString())
                .hasMessageContaining("held by another scheduler")
                .hasMessageContaining("pid " + ProcessHandle.current().pid());

        assertThat(store.put("/still-mine", bytes("x"))).as("the holder keeps working").isZero();
    }

    @Test
    void close_releasesTheDirectory_forTheNextStore() {
        store.put("/k", bytes("v"));
        store.close();

        try (FileStateStore next = FileStateStore.open(directory)) {
            assertThat(text(next, "/k")).isEqualTo("v");
        }
    }

    @Test
    void afterClose_everyOperationFails_andCloseAgainIsHarmless() {
        store.close();

        assertThatThrownBy(() -> store.get("/k")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> store.put("/k", bytes("v"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.children("/")).isInstanceOf(IllegalStateException.class);
        store.close();
    }

    @Test
    void keysDifferingInCase_longKeys_andDottedSegments_areKeptApart() {
        String longKey = "/brokers/" + "x".repeat(300);
        store.put("/Broker", bytes("upper"));
        store.put("/broker", bytes("lower"));
        store.put("/a.", bytes("dot"));
        store.put("/.hidden", bytes("hidden"));
        store.put(longKey, bytes("long"));
        store.close();

        try (FileStateStore reopened = FileStateStore.open(directory)) {
            assertThat(text(reopened, "/Broker")).isEqualTo("upper");
            assertThat(text(reopened, "/broker")).isEqualTo("lower");
            assertThat(text(reopened, "/a.")).isEqualTo("dot");
            assertThat(text(reopened, "/.hidden")).isEqualTo("hidden");
            assertThat(text(reopened, longKey)).isEqualTo("long");
            assertThat(reopened.children("/")).containsExactly("/.hidden", "/Broker", "/a.", "/broker");
            assertThat(reopened.children("/brokers")).containsExactly(longKey);
        }
    }

    @Test
    void aDamagedValueFile_isReported_neverServed() throws Exception {
        store.put("/framework-id", bytes("fw-1"));
        store.close();
        Path file = directory.resolve("values").resolve("+framework-id");
        byte[] damaged = Files.readAllBytes(file);
        damaged[damaged.length / 2] ^= 1;
        Files.write(file, damaged);

        assertThatThrownBy(() -> FileStateStore.open(directory))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("checksum");

        damaged[damaged.length / 2] ^= 1;
        Files.write(file, damaged);
        try (FileStateStore repaired = FileStateStore.open(directory)) {
            assertThat(text(repaired, "/framework-id")).as("the refused opening released the lock").isEqualTo("fw-1");
        }
    }

    @Test
    void aValueFileRemovedBehindTheStoresBack_isUnavailable_namingTheFile() throws Exception {
        store.put("/brokers/1", bytes("x"));
        Path file = directory.resolve("values").resolve("+brokers+1");
        Files.delete(file);

        assertThatThrownBy(() -> store.get("/brokers/1"))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(file.toString())
                .hasCauseInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void directoryElection_waitsForTheHolder_thenLeadsAtAHigherEpoch_andTheOldLeaderIsFenced() throws Exception {
        LeaderElection first = FileStateStore.leaderElection(shared);
        Leadership old = first.awaitLeadership(Duration.ofSeconds(10)).orElseThrow();
        old.store().put("/owner", bytes("first"));
        try (LeaderElection second = FileStateStore.leaderElection(shared)) {
            assertThat(second.awaitLeadership(Duration.ofMillis(300))).as("second waits while first leads").isEmpty();
            assertThatThrownBy(() -> FileStateStore.open(shared)).isInstanceOf(StoreUnavailableException.class);

            first.close();
            Leadership next = second.awaitLeadership(Duration.ofSeconds(10)).orElseThrow();

            assertThat(next.epoch()).isGreaterThan(old.epoch());
            assertThat(old.isCurrent()).isFalse();
            assertThat(next.isCurrent()).isTrue();
            assertThatThrownBy(() -> old.store().put("/owner", bytes("stale"))).isInstanceOf(FencedException.class);
            assertThat(text(next.store(), "/owner")).as("the new leader reads what the old one wrote").isEqualTo("first");
            next.store().put("/owner", bytes("second"));
        }
        try (FileStateStore after = FileStateStore.open(shared)) {
            assertThat(text(after, "/owner")).isEqualTo("second");
        }
    }

    @Test
    void directoryElection_closedWhileWaiting_givesUp() throws Exception {
        try (LeaderElection holder = FileStateStore.leaderElection(shared)) {
            holder.awaitLeadership(Duration.ofSeconds(10)).orElseThrow();
            LeaderElection waiter = FileStateStore.leaderElection(shared);
            waiter.close();

            assertThat(waiter.awaitLeadership(Duration.ofSeconds(10))).isEmpty();
        }
    }

    @Test
    void epochs_keepGrowingAcrossRestarts() throws Exception {
        long firstEpoch;
        try (LeaderElection election = FileStateStore.leaderElection(shared)) {
            firstEpoch = election.awaitLeadership(Duration.ofSeconds(10)).orElseThrow().epoch();
        }
        try (LeaderElection election = FileStateStore.leaderElection(shared)) {
            assertThat(election.awaitLeadership(Duration.ofSeconds(10)).orElseThrow().epoch()).isEqualTo(firstEpoch + 1);
        }
    }

    @Test
    void fencedCommit_comparesWithTheEpochInTheDirectory() throws Exception {
        long deposed;
        try (LeaderElection first = fileStore.leaderElection()) {
            deposed = first.awaitLeadership(Duration.ofSeconds(10)).orElseThrow().epoch();
        }
        try (LeaderElection second = fileStore.leaderElection()) {
            long current = second.awaitLeadership(Duration.ofSeconds(10)).orElseThrow().epoch();

            // Straight to the store, past the leadership's own check: the directory's epoch decides.
            Batch batch = Batch.builder().put("/k", bytes("stale")).build();
            assertThatThrownBy(() -> fileStore.commit(batch, deposed))
                    .isInstanceOf(FencedException.class)
                    .hasMessageContaining("epoch " + deposed + " was deposed")
                    .hasMessageContaining("at epoch " + current);
            assertThat(store.get("/k")).isEmpty();
            assertThat(fileStore.commit(batch, current)).isEqualTo(Map.of("/k", 0L));
        }
    }

    @Test
    void aLeaderDeposedBehindItsBack_learnsItFromTheDirectoryEpoch() throws Exception {
        try (LeaderElection election = fileStore.leaderElection()) {
            Leadership leadership = election.awaitLeadership(Duration.ofSeconds(10)).orElseThrow();
            // As if another scheduler had taken the directory (its lock file deleted and re-created) and led.
            new StoreDirectory(directory, FileWriteHook.NONE).writeEpoch(leadership.epoch() + 1);

            assertThat(leadership.isCurrent()).isFalse();
            assertThatThrownBy(() -> leadership.store().put("/k", bytes("v"))).isInstanceOf(FencedException.class);
            assertThat(store.get("/k")).isEmpty();
        }
    }

    @Test
    void closingTheStore_endsTheLeadershipOfItsParticipants() throws Exception {
        LeaderElection election = fileStore.leaderElection();
        Leadership leadership = election.awaitLeadership(Duration.ofSeconds(10)).orElseThrow();
        store.close();

        assertThat(leadership.isCurrent()).isFalse();
        assertThatThrownBy(() -> leadership.store().put("/k", bytes("v"))).isInstanceOf(FencedException.class);
        assertThat(election.awaitLeadership(Duration.ofMillis(10))).isEmpty();
        election.close();
    }

    @Test
    void onlyValueFiles_areLeftInTheValuesDirectory() throws Exception {
        store.put("/a", bytes("1"));
        store.commit(Batch.builder().put("/b", bytes("2")).put("/c", bytes("3")).delete("/a").build());

        try (var files = Files.list(directory.resolve("values"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(List.of("+b", "+c"));
        }
        assertThat(directory.resolve("journal")).doesNotExist();
    }
}

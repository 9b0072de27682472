package org.kafkamesos.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes a {@link FileStateStore} after every step of a write, through its {@link FileWriteHook},
 * and reopens the directory: each key holds its old or its new value, never a torn one, and a batch
 * lands completely or not at all, exactly as decided by whether the crash came after its commit point.
 * A temporary file that was written but not yet synced is torn (truncated) at the crash, as a lost
 * page cache would leave it.
 */
class FileStateStoreCrashTest {

    private static final List<String> KEYS = List.of("/framework-id", "/brokers/1", "/brokers/2", "/brokers/3", "/new");
    private static final byte[] LARGE = "new-value ".repeat(20_000).getBytes(UTF_8);

    @TempDir
    Path root;

    /** The process dies here: nothing after it runs, not even cleanup. */
    private static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(String where) {
            super("simulated crash after " + where);
        }
    }

    /** Fails at the {@code at}-th step (0-based), by a crash or by an I/O error, and records the steps before. */
    private static final class FailAt implements FileWriteHook {
        private final int at;
        private final boolean ioError;
        private final List<FileWriteStep> steps = new ArrayList<>();
        private boolean armed;
        private String failedAt;

        FailAt(int at, boolean ioError) {
            this.at = at;
            this.ioError = ioError;
        }

        /** Counts from now on: the steps of opening (recovery) are not the write under test. */
        FailAt arm() {
            armed = true;
            return this;
        }

        @Override
        public void reached(FileWriteStep step, Path file) throws IOException {
            if (!armed || failedAt != null) {
                return;
            }
            steps.add(step);
            if (steps.size() - 1 == at) {
                failedAt = step + " on " + file.getFileName();
                if (ioError) {
                    throw new IOException("disk full (simulated) after " + failedAt);
                }
                if (step == FileWriteStep.TEMP_WRITTEN) {
                    tear(file);
                }
                throw new SimulatedCrash(failedAt);
            }
        }

        boolean failed() {
            return failedAt != null;
        }

        /** Whether the write had passed its commit point: the first rename or delete, of the journal or of the one value. */
        boolean pastCommitPoint() {
            return steps.contains(FileWriteStep.RENAMED) || steps.contains(FileWriteStep.DELETED);
        }

        private static void tear(Path file) throws IOException {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(channel.size() / 2);
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static void setUp(StateStore store) {
        store.create("/framework-id", bytes("fw-1"));
        store.put("/brokers/1", bytes("broker-1 v0"));
        store.put("/brokers/1", bytes("broker-1 v1"));
        store.put("/brokers/2", bytes("broker-2 v0"));
        store.put("/brokers/3", bytes("broker-3 v0"));
    }

    /** Every key's value and version, as text: what a crash must leave old or new as a whole. */
    private static TreeMap<String, String> snapshot(StateStore store) {
        TreeMap<String, String> state = new TreeMap<>();
        for (String key : KEYS) {
            store.get(key).ifPresent(v -> state.put(key, v.version() + ":" + new String(v.value(), UTF_8)));
        }
        return state;
    }

    private static final Consumer<StateStore> CREATE = s -> s.create("/new", bytes("created"));
    private static final Consumer<StateStore> OVERWRITE_LARGER = s -> s.put("/brokers/1", LARGE, 1);
    private static final Consumer<StateStore> DELETE = s -> s.delete("/brokers/2", 0);
    private static final Consumer<StateStore> BATCH = s -> s.commit(Batch.builder()
            .put("/brokers/1", LARGE, 1)
            .create("/new", bytes("created"))
            .delete("/brokers/2", 0)
            .put("/brokers/3", bytes("broker-3 v1"))
            .build());
    private static final Consumer<StateStore> DELETES_ONLY = s -> s.commit(Batch.builder()
            .delete("/brokers/2").delete("/brokers/3", 0).build());

    @Test
    void singleCreate_crashAfterAnyStep_leavesNothingOrTheNewValue() throws Exception {
        assertThat(crashAfterEachStep("create", CREATE)).isEqualTo(4);
    }

    @Test
    void singleOverwrite_crashAfterAnyStep_leavesTheOldOrTheNewValue() throws Exception {
        assertThat(crashAfterEachStep("overwrite", OVERWRITE_LARGER)).isEqualTo(4);
    }

    @Test
    void singleDelete_crashAfterAnyStep_leavesTheValueOrNone() throws Exception {
        assertThat(crashAfterEachStep("delete", DELETE)).isEqualTo(2);
    }

    @Test
    void batch_crashAfterAnyStep_appliesAllOrNothing_decidedByTheJournalRename() throws Exception {
        Set<FileWriteStep> seen = EnumSet.noneOf(FileWriteStep.class);
        int steps = crashAfterEachStep("batch", BATCH, seen);

        assertThat(steps).as("3 temps x 2, values synced, journal x 2, renamed, root synced, 4 applied, values synced,"
                + " journal deleted, root synced").isEqualTo(18);
        assertThat(seen).containsExactlyInAnyOrder(FileWriteStep.values());
    }

    @Test
    void batchOfDeletes_crashAfterAnyStep_appliesAllOrNothing() throws Exception {
        assertThat(crashAfterEachStep("deletes", DELETES_ONLY)).isEqualTo(10);
    }

    @Test
    void crashDuringRecovery_atAnyStep_theNextRecoveryCompletesTheCommittedBatch() throws Exception {
        TreeMap<String, String> after = expectedAfter(BATCH);
        for (int at = 0; ; at++) {
            Path dir = root.resolve("recovery-" + at);
            try (FileStateStore store = FileStateStore.open(dir)) {
                setUp(store);
            }
            // Step 9: 3 temps written and synced, values synced, journal written and synced, renamed: committed.
            FailAt commit = new FailAt(9, false);
            FileStateStore crashing = FileStateStore.open(dir, commit);
            commit.arm();
            assertThatThrownBy(() -> BATCH.accept(crashing)).isInstanceOf(SimulatedCrash.class);
            crashing.close();
            assertThat(commit.pastCommitPoint()).isTrue();

            FailAt hook = new FailAt(at, false).arm();
            try {
                FileStateStore.open(dir, hook).close();
            } catch (SimulatedCrash e) {
                // died again, while recovering
            }
            if (!hook.failed()) {
                assertThat(at).as("4 applied, values synced, journal deleted, root synced, values and root synced").isEqualTo(9);
                return;
            }
            try (FileStateStore reopened = FileStateStore.open(dir)) {
                assertThat(snapshot(reopened)).as("recovery crashed after " + hook.failedAt).isEqualTo(after);
            }
            assertNoLeftovers(dir);
        }
    }

    @Test
    void ioErrorAtAnyStep_isStoreUnavailable_andTheSameStoreRecoversBeforeItsNextOperation() throws Exception {
        TreeMap<String, String> before = expectedBefore();
        TreeMap<String, String> after = expectedAfter(BATCH);
        for (int at = 0; ; at++) {
            Path dir = root.resolve("io-" + at);
            try (FileStateStore store = FileStateStore.open(dir)) {
                setUp(store);
            }
            FailAt hook = new FailAt(at, true);
            try (FileStateStore store = FileStateStore.open(dir, hook)) {
                hook.arm();
                try {
                    BATCH.accept(store);
                } catch (StoreUnavailableException e) {
                    assertThat(e).hasMessageContaining(dir.toString()).hasCauseInstanceOf(IOException.class);
                }
                if (!hook.failed()) {
                    assertThat(at).isEqualTo(18);
                    break;
                }
                assertThat(snapshot(store)).as("after an I/O error at " + hook.failedAt)
                        .isEqualTo(hook.pastCommitPoint() ? after : before);
                store.put("/framework-id", bytes("fw-2"));
            }
            try (FileStateStore reopened = FileStateStore.open(dir)) {
                assertThat(reopened.get("/framework-id").orElseThrow().value()).isEqualTo(bytes("fw-2"));
            }
            assertNoLeftovers(dir);
        }
    }

    @Test
    void epochRaise_crashAfterAnyStep_leavesTheOldOrTheNewEpoch_andTheNextLeaderGoesHigher() throws Exception {
        for (int at = 0; ; at++) {
            Path dir = root.resolve("epoch-" + at);
            long before;
            try (LeaderElection election = FileStateStore.leaderElection(dir)) {
                before = election.awaitLeadership(Duration.ofSeconds(10)).orElseThrow().epoch();
            }
            FailAt hook = new FailAt(at, false).arm();
            try (LeaderElection crashing = new DirectoryLockElection(dir, Duration.ofMillis(10), hook)) {
                crashing.awaitLeadership(Duration.ofSeconds(10));
            } catch (SimulatedCrash e) {
                // the scheduler died while raising the epoch
            }
            if (!hook.failed()) {
                break;
            }
            try (LeaderElection next = FileStateStore.leaderElection(dir)) {
                long epoch = next.awaitLeadership(Duration.ofSeconds(10)).orElseThrow().epoch();
                assertThat(epoch).as("after a crash at " + hook.failedAt)
                        .isEqualTo(hook.pastCommitPoint() ? before + 2 : before + 1);
            }
        }
    }

    /** Runs {@code operation} once per step, crashing after that step, and checks each outcome; returns the number of steps. */
    private int crashAfterEachStep(String name, Consumer<StateStore> operation) throws Exception {
        return crashAfterEachStep(name, operation, EnumSet.noneOf(FileWriteStep.class));
    }

    private int crashAfterEachStep(String name, Consumer<StateStore> operation, Set<FileWriteStep> seen) throws Exception {
        TreeMap<String, String> before = expectedBefore();
        TreeMap<String, String> after = expectedAfter(operation);
        assertThat(after).isNotEqualTo(before);
        for (int at = 0; ; at++) {
            Path dir = root.resolve(name + "-" + at);
            try (FileStateStore store = FileStateStore.open(dir)) {
                setUp(store);
            }
            FailAt hook = new FailAt(at, false);
            FileStateStore crashing = FileStateStore.open(dir, hook);
            hook.arm();
            try {
                operation.accept(crashing);
            } catch (SimulatedCrash e) {
                // the process died: the OS releases its lock and nothing else
            } finally {
                crashing.close();
            }
            if (!hook.failed()) {
                return at;
            }
            seen.add(hook.steps.get(at));
            try (FileStateStore reopened = FileStateStore.open(dir)) {
                assertThat(snapshot(reopened)).as(name + ", crashed after " + hook.failedAt)
                        .isEqualTo(hook.pastCommitPoint() ? after : before);
            }
            assertNoLeftovers(dir);
        }
    }

    private TreeMap<String, String> expectedBefore() {
        try (FileStateStore store = FileStateStore.open(root.resolve("reference-before"))) {
            setUp(store);
            return snapshot(store);
        } finally {
            deleteRecursively(root.resolve("reference-before"));
        }
    }

    private TreeMap<String, String> expectedAfter(Consumer<StateStore> operation) {
        MemoryStateStore memory = MemoryStateStore.create();
        setUp(memory);
        operation.accept(memory);
        return snapshot(memory);
    }

    /** Recovery leaves no temporary file and no journal behind. */
    private static void assertNoLeftovers(Path dir) throws IOException {
        try (var files = Files.list(dir.resolve("values"))) {
            assertThat(files.map(p -> p.getFileName().toString())).allMatch(KeyFileNames::isValueFile);
        }
        assertThat(dir.resolve("journal")).doesNotExist();
        assertThat(dir.resolve("journal.tmp")).doesNotExist();
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

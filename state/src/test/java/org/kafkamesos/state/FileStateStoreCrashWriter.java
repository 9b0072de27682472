package org.kafkamesos.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/**
 * The child JVM of {@link FileStateStoreCrashIT}. Mode {@code write} writes to a {@link FileStateStore}
 * until it is killed: single puts of sizes up to the 1 MB limit under {@code /single/0..3}, and
 * batches that put {@code /batch/0..4} and move a marker {@code /batch-marker/<generation>} (a delete
 * and a create), every value naming the generation that wrote it. After each acknowledged write it
 * prints a line ending in {@code " ."}, so that a line cut by the kill is recognisable. Mode
 * {@code lead} leads the directory through {@link FileStateStore#leaderElection(Path)} and holds it
 * until killed.
 *
 * <p>Usage: {@code java ... FileStateStoreCrashWriter write|lead <directory> <seed>}
 */
final class FileStateStoreCrashWriter {

    static final int SINGLE_KEYS = 4;
    static final int BATCH_KEYS = 5;
    private static final int[] SIZES = {0, 1, 100, 4_096, 65_536, 300_000, StateStore.MAX_VALUE_BYTES - 12};

    private FileStateStoreCrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[1]);
        if ("lead".equals(args[0])) {
            lead(directory);
        } else {
            exitWhenTheParentGoes();
            write(directory, new Random(Long.parseLong(args[2])));
        }
    }

    /** Halts when stdin closes, so that a writer never outlives a test JVM that died before killing it. */
    private static void exitWhenTheParentGoes() {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing to do
                }
            } catch (IOException e) {
                // the parent is gone as well
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void write(Path directory, Random random) {
        FileStateStore store = FileStateStore.open(directory);
        long generation = latestGeneration(store) + 1;
        System.out.println("ready " + generation + " .");
        while (true) {
            if (random.nextInt(3) == 0) {
                Batch.Builder batch = Batch.builder();
                for (int i = 0; i < BATCH_KEYS; i++) {
                    batch.put("/batch/" + i, payload(generation, random.nextInt(20_000)));
                }
                for (String marker : store.children("/batch-marker")) {
                    batch.delete(marker);
                }
                batch.create("/batch-marker/" + generation, payload(generation, 0));
                store.commit(batch.build());
                System.out.println("batch " + generation + " .");
            } else {
                String key = "/single/" + random.nextInt(SINGLE_KEYS);
                store.put(key, payload(generation, SIZES[random.nextInt(SIZES.length)]));
                System.out.println("put " + key + " " + generation + " .");
            }
            generation++;
        }
    }

    private static void lead(Path directory) throws InterruptedException, IOException {
        LeaderElection election = FileStateStore.leaderElection(directory);
        Leadership leadership = election.awaitLeadership(Duration.ofSeconds(30)).orElseThrow();
        leadership.store().put("/owner", "child".getBytes(StandardCharsets.UTF_8));
        System.out.println("leader " + leadership.epoch() + " .");
        // Holds the directory until killed, or until stdin closes with the parent.
        while (System.in.read() >= 0) {
            // nothing to do
        }
    }

    private static long latestGeneration(StateStore store) {
        long latest = 0;
        for (String parent : new String[] {"/single", "/batch"}) {
            for (String key : store.children(parent)) {
                latest = Math.max(latest, generation(key, store.get(key).orElseThrow().value()));
            }
        }
        return latest;
    }

    /** A value of {@code size} bytes: the generation, the size, then bytes that follow from both. */
    static byte[] payload(long generation, int size) {
        ByteBuffer value = ByteBuffer.allocate(12 + size);
        value.putLong(generation).putInt(size);
        for (int i = 0; i < size; i++) {
            value.put(fill(generation, i));
        }
        return value.array();
    }

    /**
     * The generation that wrote {@code value}.
     *
     * @throws AssertionError if the value is not complete and exactly as that generation wrote it
     */
    static long generation(String key, byte[] value) {
        if (value.length < 12) {
            throw new AssertionError(key + " holds a torn value of " + value.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(value);
        long generation = in.getLong();
        int size = in.getInt();
        if (size != value.length - 12) {
            throw new AssertionError(key + " of generation " + generation + " holds " + (value.length - 12)
                    + " bytes instead of " + size);
        }
        for (int i = 0; i < size; i++) {
            if (in.get() != fill(generation, i)) {
                throw new AssertionError(key + " of generation " + generation + " differs at byte " + i);
            }
        }
        return generation;
    }

    private static byte fill(long generation, int i) {
        return (byte) (generation * 31 + i * 17 + (i >>> 8));
    }
}

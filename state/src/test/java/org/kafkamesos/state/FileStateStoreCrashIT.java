package org.kafkamesos.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that writes to a {@link FileStateStore} with SIGKILL at random moments, over and over,
 * and checks the directory after each kill: every value is complete and exactly as some generation
 * wrote it, every batch's keys hold one generation, and no write the child acknowledged was lost.
 * A second test has one process hold the directory while another is refused, then take over when the
 * holder dies.
 */
class FileStateStoreCrashIT {

    /** Kills in all, shared by {@link #LANES} writers on separate directories, one per core of a small machine. */
    private static final int ITERATIONS = 200;
    private static final int LANES = 2;
    /** The kill comes this long, at most, after the child's first acknowledged write. */
    private static final int MAX_KILL_DELAY_MILLIS = 50;
    private static final Duration STARTUP = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    @Test
    void writerKilledAtRandomMoments_leavesCompleteValuesAndWholeBatches_andLosesNoAcknowledgedWrite() throws Exception {
        long seed = new Random().nextLong();
        long started = System.nanoTime();
        ExecutorService lanes = Executors.newFixedThreadPool(LANES);
        int acknowledgedWrites = 0;
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int lane = 0; lane < LANES; lane++) {
                Path directory = temp.resolve("lane-" + lane);
                Random random = new Random(seed + lane);
                String name = "lane " + lane + " of seed " + seed;
                results.add(lanes.submit(() -> killRepeatedly(directory, ITERATIONS / LANES, random, name)));
            }
            for (Future<Integer> result : results) {
                acknowledgedWrites += result.get();
            }
        } finally {
            lanes.shutdownNow();
        }

        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%d kills in %.1f s, %d acknowledged writes, seed %d%n", ITERATIONS, seconds, acknowledgedWrites, seed);
        assertThat(acknowledgedWrites).as("every child wrote before it was killed").isGreaterThanOrEqualTo(ITERATIONS);
    }

    /** Starts, kills and checks {@code iterations} writers on one directory; returns the writes they acknowledged. */
    private int killRepeatedly(Path directory, int iterations, Random random, String name) throws Exception {
        Map<String, Long> acknowledged = new HashMap<>();
        int acknowledgedWrites = 0;
        for (int iteration = 0; iteration < iterations; iteration++) {
            String context = name + ", iteration " + iteration;
            try (Child child = Child.start("write", directory, random.nextLong(), directory.resolveSibling(directory.getFileName() + ".err"))) {
                child.awaitLine("ready ", context);
                child.awaitWrite(context);
                // A random moment of its writing: waitFor returns early only if the child died by itself.
                child.process.waitFor(random.nextInt(MAX_KILL_DELAY_MILLIS + 1), TimeUnit.MILLISECONDS);
                child.killWhileAlive(context);
                for (String line : child.completeLines()) {
                    String[] words = line.split(" ");
                    if (words[0].equals("put")) {
                        acknowledged.put(words[1], Long.parseLong(words[2]));
                    } else {
                        acknowledged.put("/batch", Long.parseLong(words[1]));
                    }
                    acknowledgedWrites++;
                }
            }
            verify(directory, acknowledged, context);
        }
        return acknowledgedWrites;
    }

    private static void verify(Path directory, Map<String, Long> acknowledged, String context) {
        try (FileStateStore store = FileStateStore.open(directory)) {
            List<String> singles = store.children("/single");
            for (String key : acknowledged.keySet()) {
                if (key.startsWith("/single/")) {
                    assertThat(singles).as(context + ": acknowledged keys").contains(key);
                }
            }
            for (String key : singles) {
                long generation = FileStateStoreCrashWriter.generation(key, store.get(key).orElseThrow().value());
                assertThat(generation).as(context + ": " + key + " keeps its acknowledged write")
                        .isGreaterThanOrEqualTo(acknowledged.getOrDefault(key, 0L));
            }
            List<String> batch = store.children("/batch");
            List<String> markers = store.children("/batch-marker");
            if (batch.isEmpty()) {
                assertThat(markers).as(context + ": no batch yet").isEmpty();
                assertThat(acknowledged).as(context).doesNotContainKey("/batch");
                return;
            }
            assertThat(batch).as(context + ": the batch's keys").hasSize(FileStateStoreCrashWriter.BATCH_KEYS);
            long generation = FileStateStoreCrashWriter.generation(batch.get(0), store.get(batch.get(0)).orElseThrow().value());
            for (String key : batch) {
                assertThat(FileStateStoreCrashWriter.generation(key, store.get(key).orElseThrow().value()))
                        .as(context + ": " + key + " belongs to the same batch as " + batch.get(0)).isEqualTo(generation);
            }
            assertThat(markers).as(context + ": the batch's marker moved with it").containsExactly("/batch-marker/" + generation);
            assertThat(generation).as(context + ": the last acknowledged batch").isGreaterThanOrEqualTo(acknowledged.getOrDefault("/batch", 0L));
        }
    }

    @Test
    void secondProcess_isRefusedWhileTheFirstHoldsTheDirectory_andTakesOverWhenItDies() throws Exception {
        Path directory = temp.resolve("shared");
        try (Child holder = Child.start("lead", directory, 0, temp.resolve("holder.err"))) {
            long holderEpoch = Long.parseLong(holder.awaitLine("leader ", "the holder").split(" ")[1]);

            assertThatThrownBy(() -> FileStateStore.open(directory))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(directory.toString())
                    .hasMessageContaining("held by another scheduler")
                    .hasMessageContaining("pid " + holder.process.pid());

            try (LeaderElection election = FileStateStore.leaderElection(directory)) {
                assertThat(election.awaitLeadership(Duration.ofMillis(300))).as("waits while the holder lives").isEmpty();

                holder.kill();
                Leadership leadership = election.awaitLeadership(Duration.ofSeconds(10)).orElseThrow();

                assertThat(leadership.epoch()).isGreaterThan(holderEpoch);
                assertThat(leadership.store().get("/owner").map(v -> new String(v.value(), UTF_8))).contains("child");
                leadership.store().put("/owner", "parent".getBytes(UTF_8));
            }
        }
    }

    /** A child JVM running {@link FileStateStoreCrashWriter}, its stdout read line by line. */
    private static final class Child implements AutoCloseable {
        private static final String END = "\u0000end";
        final Process process;
        private final Path stderr;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> acknowledged = new ArrayList<>();

        private Child(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            Thread reader = new Thread(this::pump, "child-stdout-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(String mode, Path directory, long seed, Path stderr) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", System.getProperty("java.class.path"),
                    FileStateStoreCrashWriter.class.getName(), mode, directory.toString(), Long.toString(seed));
            builder.redirectError(stderr.toFile());
            return new Child(builder.start(), stderr);
        }

        private void pump() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child is gone
            } finally {
                lines.add(END);
            }
        }

        /** Waits for the first acknowledged write, and keeps its line for {@link #completeLines()}. */
        void awaitWrite(String context) throws InterruptedException, IOException {
            String line = awaitLine("", context);
            acknowledged.add(line);
        }

        /** Waits for the first line that starts with {@code prefix}. */
        String awaitLine(String prefix, String context) throws InterruptedException, IOException {
            long deadline = System.nanoTime() + STARTUP.toNanos();
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || line.equals(END)) {
                    fail(context + ": the child printed no '" + prefix + "' line; its stderr: " + Files.readString(stderr));
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }

        /** Kills the child with SIGKILL, failing if it had already died by itself. */
        void killWhileAlive(String context) throws InterruptedException, IOException {
            if (!process.isAlive()) {
                fail(context + ": the writer died by itself with exit code " + process.exitValue()
                        + "; its stderr: " + Files.readString(stderr));
            }
            kill();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                fail("child " + process.pid() + " survived SIGKILL");
            }
        }

        /** The lines printed whole before the child died (a line cut by the kill lacks its " ." ending). */
        List<String> completeLines() throws InterruptedException {
            List<String> complete = new ArrayList<>(acknowledged);
            for (String line = lines.take(); !line.equals(END); line = lines.take()) {
                if (line.endsWith(" .")) {
                    complete.add(line);
                }
            }
            return complete;
        }

        /** Kills the child if it still runs, whatever the test did. */
        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package org.kafkamesos.benchmarks;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.kafkamesos.state.Batch;
import org.kafkamesos.state.StateStore;
import org.kafkamesos.state.Versioned;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The operations a scheduler makes on its state, on each store: how many per second one thread
 * completes, each one acknowledged, so durable (the file store fsyncs, ZooKeeper commits to its log).
 *
 * <p>Measured, with a value of {@value #VALUE_BYTES} bytes (about a broker's serialised spec):
 * <ul>
 * <li>{@link #put()}: an unconditional {@code put(key, value)} over an existing key;
 * <li>{@link #putIfVersion()}: a compare-and-set {@code put(key, value, expectedVersion)} with the
 *     version the previous put returned, as a scheduler writes a broker it has just read;
 * <li>{@link #get()}: a {@code get(key)} of an existing key;
 * <li>{@link #commitBatchOf10()}: {@code commit(batch)} of a batch of 10 unconditional puts over
 *     existing keys, all-or-nothing.
 * </ul>
 * The store and its keys (all written once) are set up per trial, outside the measured region:
 * {@code memory} a {@code MemoryStateStore}; {@code file} a {@code FileStateStore} in a new
 * temporary directory, deleted after the trial; {@code zookeeper} a {@code ZooKeeperStateStore} over a
 * Curator client of a curator-test {@code TestingServer} started for the trial in this JVM, on
 * localhost. See {@link BenchmarkedStore}. After every iteration the store must hold what the last
 * operations acknowledged; otherwise the run fails.
 *
 * <p>Run, from any directory, all stores and a markdown table of the results:
 * <pre>{@code
 * benchmarks/run-state-benchmark.sh
 * }</pre>
 * which builds if needed and runs
 * {@code java -jar benchmarks/target/benchmarks.jar 'org\.kafkamesos\.benchmarks\.StateStoreBenchmark\.'
 * -rf json -rff benchmarks/results/state.json}; extra arguments go to JMH, e.g. {@code -p store=file}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
public class StateStoreBenchmark {

    /** Bytes in every value written. */
    static final int VALUE_BYTES = 200;
    /** Keys in the batch of {@link #commitBatchOf10()}. */
    static final int BATCH_KEYS = 10;

    static final String PUT_KEY = "/benchmark/put";
    static final String CAS_KEY = "/benchmark/cas";
    static final String GET_KEY = "/benchmark/get";
    static final String BATCH_PREFIX = "/benchmark/batch/";

    /** One of {@link BenchmarkedStore#KINDS}. */
    @Param({"memory", "file", "zookeeper"})
    String store;

    /** The store and what it runs on; package-private for the test that checks tear-down. */
    BenchmarkedStore opened;
    private StateStore stateStore;
    private byte[] value;
    private Batch batch;
    private long putVersion;
    private long casVersion;
    private Map<String, Long> batchVersions;

    @Setup(Level.Trial)
    public void openStore() throws IOException, InterruptedException {
        opened = BenchmarkedStore.open(store);
        stateStore = opened.store();
        value = new byte[VALUE_BYTES];
        new Random(42).nextBytes(value);
        Batch.Builder builder = Batch.builder();
        for (int i = 0; i < BATCH_KEYS; i++) {
            builder.put(BATCH_PREFIX + i, value);
        }
        batch = builder.build();
        // Every key exists before the first measured call, so every write is an overwrite.
        putVersion = stateStore.put(PUT_KEY, value);
        casVersion = stateStore.put(CAS_KEY, value);
        stateStore.put(GET_KEY, value);
        batchVersions = stateStore.commit(batch);
    }

    /** An unconditional put of {@value #VALUE_BYTES} bytes. */
    @Benchmark
    public long put() {
        putVersion = stateStore.put(PUT_KEY, value);
        return putVersion;
    }

    /** A compare-and-set put of {@value #VALUE_BYTES} bytes, expecting the version the last one wrote. */
    @Benchmark
    public long putIfVersion() {
        casVersion = stateStore.put(CAS_KEY, value, casVersion);
        return casVersion;
    }

    /** A read of a {@value #VALUE_BYTES}-byte value. */
    @Benchmark
    public Optional<Versioned<byte[]>> get() {
        return stateStore.get(GET_KEY);
    }

    /** One all-or-nothing commit of {@value #BATCH_KEYS} unconditional puts of {@value #VALUE_BYTES} bytes. */
    @Benchmark
    public Map<String, Long> commitBatchOf10() {
        batchVersions = stateStore.commit(batch);
        return batchVersions;
    }

    /** The store holds what the last operations acknowledged: a store that drops writes fails the run. */
    @TearDown(Level.Iteration)
    public void checkAcknowledgedWrites() {
        requireHolds(PUT_KEY, putVersion);
        requireHolds(CAS_KEY, casVersion);
        requireHolds(GET_KEY, 0);
        for (Map.Entry<String, Long> written : batchVersions.entrySet()) {
            requireHolds(written.getKey(), written.getValue());
        }
    }

    private void requireHolds(String key, long version) {
        Versioned<byte[]> stored = stateStore.get(key)
                .orElseThrow(() -> new IllegalStateException(opened + " lost " + key + " (version " + version + " acknowledged)"));
        if (stored.version() != version || !Arrays.equals(stored.value(), value)) {
            throw new IllegalStateException(opened + " holds version " + stored.version() + " of " + key
                    + " where version " + version + " of the written value was acknowledged");
        }
    }

    @TearDown(Level.Trial)
    public void closeStore() throws IOException {
        if (opened != null) {
            opened.close();
        }
    }
}

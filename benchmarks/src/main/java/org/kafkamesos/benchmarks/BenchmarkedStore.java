package org.kafkamesos.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.kafkamesos.state.FileStateStore;
import org.kafkamesos.state.MemoryStateStore;
import org.kafkamesos.state.StateStore;
import org.kafkamesos.state.ZooKeeperStateStore;

/**
 * A state store opened for a benchmark, with what it runs on: nothing for {@code memory}, a fresh
 * temporary directory for {@code file}, an in-process ZooKeeper ({@link TestingServer}, with its data
 * in a fresh temporary directory) and a Curator client of its own for {@code zookeeper}.
 * {@link #close()} releases all of it and deletes the directory.
 */
final class BenchmarkedStore implements AutoCloseable {

    /** The store kinds {@link #open(String)} accepts, in the order the results table lists them. */
    static final List<String> KINDS = List.of("memory", "file", "zookeeper");

    /** The root of the ZooKeeper store on the testing server. */
    static final String ZOOKEEPER_ROOT = "/kafka-mesos-benchmark";
    /** How long the client waits for a connection, ms: the server is on this host and up before the client starts. */
    private static final int CONNECTION_TIMEOUT_MS = 5_000;
    /** The client's session, ms: long enough for a GC pause, within the testing server's maximum. */
    private static final int SESSION_TIMEOUT_MS = 10_000;

    private final String kind;
    private final StateStore store;
    /** The temporary directory of the file store or of the testing server, or null. */
    private final Path directory;
    private final TestingServer server;
    private final CuratorFramework client;

    private BenchmarkedStore(String kind, StateStore store, Path directory, TestingServer server, CuratorFramework client) {
        this.kind = kind;
        this.store = store;
        this.directory = directory;
        this.server = server;
        this.client = client;
    }

    /**
     * Opens an empty store of {@code kind}, one of {@link #KINDS}.
     *
     * @throws IllegalArgumentException if {@code kind} is not one of them
     */
    static BenchmarkedStore open(String kind) throws IOException, InterruptedException {
        switch (kind) {
            case "memory":
                return new BenchmarkedStore(kind, MemoryStateStore.create(), null, null, null);
            case "file":
                Path directory = Files.createTempDirectory("kafka-mesos-state-benchmark-");
                try {
                    return new BenchmarkedStore(kind, FileStateStore.open(directory), directory, null, null);
                } catch (RuntimeException e) {
                    deleteTree(directory);
                    throw e;
                }
            case "zookeeper":
                return openZooKeeper();
            default:
                throw new IllegalArgumentException("unknown store '" + kind + "'; accepted: " + String.join(", ", KINDS));
        }
    }

    private static BenchmarkedStore openZooKeeper() throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("kafka-mesos-zookeeper-benchmark-");
        TestingServer server;
        try {
            server = startServer(directory);
        } catch (IOException | RuntimeException e) {
            deleteTree(directory);
            throw e;
        }
        CuratorFramework client = null;
        try {
            client = CuratorFrameworkFactory.builder()
                    .connectString(server.getConnectString())
                    .connectionTimeoutMs(CONNECTION_TIMEOUT_MS)
                    .sessionTimeoutMs(SESSION_TIMEOUT_MS)
                    // Curator's usual policy: 3 retries, jittered backoff from 100 ms.
                    .retryPolicy(new ExponentialBackoffRetry(100, 3))
                    .build();
            client.start();
            if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no connection to the testing ZooKeeper at " + server.getConnectString() + " in 30 s");
            }
            StateStore store = ZooKeeperStateStore.builder(client, ZOOKEEPER_ROOT).build();
            return new BenchmarkedStore("zookeeper", store, directory, server, client);
        } catch (RuntimeException | InterruptedException e) {
            if (client != null) {
                client.close();
            }
            server.close();
            deleteTree(directory);
            throw e;
        }
    }

    /**
     * A started testing server on a free port, its data in {@code directory/data}. The server also
     * writes a configuration file beside its data directory, and leaves it behind when it stops
     * (ZooKeeper 3.9's embedded server): inside {@code directory}, that file goes when it goes.
     */
    private static TestingServer startServer(Path directory) throws IOException {
        try {
            return new TestingServer(-1, directory.resolve("data").toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start a testing ZooKeeper server", e);
        }
    }

    /** The store. */
    StateStore store() {
        return store;
    }

    /** The temporary directory that {@link #close()} deletes: the file store's or the testing server's; empty for memory. */
    Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /** Closes the store, then the client and the server it ran on, and deletes its directories. */
    @Override
    public void close() throws IOException {
        try {
            store.close();
        } finally {
            try {
                if (client != null) {
                    client.close();
                }
            } finally {
                try {
                    if (server != null) {
                        server.close();
                    }
                } finally {
                    if (directory != null) {
                        deleteTree(directory);
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return kind + (directory != null ? " store in " + directory : server != null ? " store on " + server.getConnectString() : " store");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}

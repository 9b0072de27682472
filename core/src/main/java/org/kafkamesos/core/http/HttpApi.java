package org.kafkamesos.core.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kafkamesos.core.kafka.KafkaOperations;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.kafkamesos.core.KafkaCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's HTTP API over a {@link KafkaCluster}, in the style of the mesos/kafka framework's
 * {@code /api/broker/...}, on an embedded Jetty (its core API, without servlets).
 *
 * <pre>{@code
 * try (HttpApi api = HttpApi.builder(cluster).address(new InetSocketAddress(7000)).build()) {
 *     api.start();
 *     // curl "http://localhost:7000/api/broker/add?broker=0..2&cpus=1&mem=2048&heap=1024"
 *     // curl "http://localhost:7000/api/broker/start?broker=*&timeout=5m"
 * }
 * }</pre>
 *
 * <p>Every endpoint takes GET or POST, with parameters in the query string, an
 * {@code application/x-www-form-urlencoded} body, or both; a parameter it does not know is refused. mesos/kafka's
 * forms are aliases: {@code /api/brokers/<command>} of {@code /api/broker/<command>}, and {@code id} of
 * {@code broker}; what mesos/kafka names and this API does not serve is refused naming what to use instead
 * ({@code bindAddress}, {@code log4jOptions}, {@code noWaitForReplication}, {@code /api/topic/rebalance}, ...).
 * Every answer is JSON; every error is {@code {"error":"..."}} with its status, also for requests the server
 * refuses before any endpoint sees them (a malformed URI or request line, headers too large).
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><th>path</th><th>parameters</th><th>answer</th></tr>
 *   <tr><td>{@code /api/broker/add}</td><td>{@code broker} (ids such as {@code 0..2}) and any of
 *       {@link BrokerOptions#NAMES}; options not given take their defaults</td><td>{@code {"brokers":[broker...]}}</td></tr>
 *   <tr><td>{@code /api/broker/update}</td><td>{@code broker} and at least one option; only the options given
 *       change, and an empty value resets an option to its default</td><td>{@code {"brokers":[broker...]}}</td></tr>
 *   <tr><td>{@code /api/broker/clone}</td><td>{@code broker} (new ids) and {@code source} (an id): mesos/kafka's
 *       clone, adding brokers with the source's options (a volume made by hand becomes one of their own)</td>
 *       <td>{@code {"brokers":[broker...]}}</td></tr>
 *   <tr><td>{@code /api/broker/remove}</td><td>{@code broker}; the brokers must be stopped (else 409)</td>
 *       <td>{@code {"brokers":[id...]}}</td></tr>
 *   <tr><td>{@code /api/broker/start}, {@code stop}, {@code restart}</td><td>{@code broker}, {@code timeout}
 *       (a duration such as {@code 30s} or {@code 5m}; default 60s, at most 30m; {@code 0} does not wait)</td>
 *       <td>{@code {"status":"started"|"stopped"|"restarted"|"timeout"|"scheduled","brokers":[broker...]}};
 *       a timeout is a 200 with the brokers as they are; {@code stop} takes mesos/kafka's {@code force} too, which
 *       changes nothing: a stop always kills the task through Mesos</td></tr>
 *   <tr><td>{@code /api/broker/list}</td><td>{@code broker}, default {@code *}</td><td>{@code {"brokers":[broker...]}}</td></tr>
 *   <tr><td>{@code /api/broker/explain}</td><td>{@code broker}, default {@code *}</td>
 *       <td>{@code {"brokers":[{"id":0,"explanation":"..."}],"quorum":"..."}}, {@code quorum} (with Kafka operations, once a
 *       dynamic quorum has formed) saying where its voter changes stand and what they wait for</td></tr>
 *   <tr><td>{@code /api/broker/log}</td><td>{@code broker} (one id), {@code name} (default {@code stdout}),
 *       {@code lines} (default 100, at most 10,000)</td><td>{@code {"broker":0,"name":"stdout","content":"..."}};
 *       409 for a broker without a task, 501 without {@link Builder#logs}</td></tr>
 *   <tr><td>{@code /api/broker/status}</td><td>{@code broker}, default {@code *}</td><td>{@code {"brokers":[broker...],
 *       "running":n,"controllers":[id...],"controllersToChoose":n,"quorum":"dynamic"|"static","quorumLeader":id|null,"underReplicated":[partition...]|null,
 *       "rebalance":{...}|null,"quorumChange":{"state":"idle"|"done"|"waiting"|"changed"|"failed","detail":"...",
 *       "voters":["id:directoryId"...],"since":"..."}|null}}: the last four with Kafka operations, and
 *       {@code "kafka":"..."} when Kafka does not answer</td></tr>
 *   <tr><td>{@code /api/cluster/controllers}</td><td>{@code count} (an odd number, 1 to 99)</td><td>{@code {"controllers":n,
 *       "controllerIds":[id...],"controllersToChoose":n}}: grows or shrinks a dynamic quorum that has formed (409 for a
 *       static one, or one still forming)</td></tr>
 *   <tr><td>{@code /health}</td><td>none</td><td>{@code {"status":"ok"}}, or 503
 *       {@code {"status":"failed","error":"..."}} once the cluster's store failed</td></tr>
 * </table>
 *
 * <p>Statuses: 400 bad input, 404 unknown path or broker, 405 a method other than GET or POST, 409 a command
 * that does not fit a broker's state, 413/415 a body too large or not a form, 501 no logs, 503 the cluster
 * failed, 500 anything else (logged, never a stack trace in the answer). A refused request changes nothing.
 *
 * <p>Requests are handled on the API's own small pool of threads, never on the cluster's event loop, and a
 * request that waits (start, stop, restart) holds no thread while it waits.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    /** The port the API listens on by default. */
    public static final int DEFAULT_PORT = 7000;

    /** The server's threads beside those that handle requests: its acceptor and selector, and spares. */
    private static final int SERVER_THREADS = 6;

    private final KafkaCluster cluster;
    private final InetSocketAddress address;
    private final Optional<BrokerLogs> logs;
    private final Optional<KafkaOperations> operations;
    private final int threads;
    private final Map<String, Path> fetchable;
    private Server server;
    private ServerConnector connector;
    private ExecutorService pool;
    private ExecutorService kafkaPool;
    private BrokerEndpoints endpoints;
    private boolean closed;

    private HttpApi(Builder b) {
        this.cluster = b.cluster;
        this.address = b.address;
        this.logs = Optional.ofNullable(b.logs);
        this.operations = Optional.ofNullable(b.operations);
        this.threads = b.threads;
        this.fetchable = Map.copyOf(b.fetchable);
    }

    /** Starts building an API over {@code cluster}, which the API uses but does not close. */
    public static Builder builder(KafkaCluster cluster) {
        return new Builder(Objects.requireNonNull(cluster, "cluster"));
    }

    /**
     * Binds the address and starts serving.
     *
     * @throws UncheckedIOException  if the address cannot be bound, such as a port in use
     * @throws IllegalStateException if started before, or closed
     */
    public synchronized void start() {
        if (server != null || closed) {
            throw new IllegalStateException(closed ? "the HTTP API is closed" : "the HTTP API is started already");
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService threadPool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "kafka-mesos-http-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // futures complete on other threads (the cluster's loop among them): a closed pool must not throw at them
        Executor executor = task -> {
            try {
                threadPool.execute(task);
            } catch (RejectedExecutionException e) {
                LOG.debug("the HTTP API is closed; a late answer is dropped");
            }
        };
        // Kafka operations block on Kafka's answers (30 s at most each): on threads of their own, so that a slow
        // Kafka never keeps the API from answering /health or the broker endpoints
        AtomicInteger kafkaCount = new AtomicInteger();
        kafkaPool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "kafka-mesos-http-kafka-" + kafkaCount.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Executor blocking = task -> {
            try {
                kafkaPool.execute(task);
            } catch (RejectedExecutionException e) {
                LOG.debug("the HTTP API is closed; a late Kafka operation is dropped");
            }
        };
        endpoints = new BrokerEndpoints(cluster, logs, operations, executor, blocking);
        Map<String, BrokerEndpoints.Endpoint> routes = new LinkedHashMap<>(endpoints.routes());
        operations.ifPresent(ops -> routes.putAll(new OperationsEndpoints(ops, blocking).routes()));
        QueuedThreadPool serverThreads = new QueuedThreadPool(threads + SERVER_THREADS, 2);
        serverThreads.setName("kafka-mesos-http-server");
        serverThreads.setDaemon(true);
        Server created = new Server(serverThreads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector listening = new ServerConnector(created, 1, 1, new HttpConnectionFactory(http));
        listening.setHost(address.getAddress().isAnyLocalAddress() ? null : address.getAddress().getHostAddress());
        listening.setPort(address.getPort());
        created.addConnector(listening);
        ApiHandler api = new ApiHandler(routes, executor);
        created.setHandler(fetchable.isEmpty() ? api : new FetchHandler(fetchable, api));
        created.setErrorHandler(new JsonErrorHandler());
        created.setStopTimeout(0);
        try {
            created.start();
        } catch (Exception e) {
            stopQuietly(created);
            threadPool.shutdownNow();
            kafkaPool.shutdownNow();
            IOException cause = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            throw new UncheckedIOException("the HTTP API cannot listen on " + address + ": " + e.getMessage(), cause);
        }
        server = created;
        connector = listening;
        pool = threadPool;
        LOG.info("HTTP API listening on {}", uri());
    }

    /**
     * The address the API listens on, with the port chosen when {@code 0} was asked for.
     *
     * @throws IllegalStateException if not started
     */
    public synchronized InetSocketAddress address() {
        if (server == null) {
            throw new IllegalStateException("the HTTP API is not started");
        }
        return new InetSocketAddress(address.getAddress(), connector.getLocalPort());
    }

    /**
     * The base URI, such as {@code http://127.0.0.1:7000/}; on a wildcard address ({@code 0.0.0.0}, the
     * default) it names the loopback address.
     *
     * @throws IllegalStateException if not started
     */
    public URI uri() {
        InetSocketAddress bound = address();
        InetAddress host = bound.getAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bound.getAddress();
        try {
            return new URI("http", null, host.getHostAddress(), bound.getPort(), "/", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no URI for " + bound, e);
        }
    }

    /**
     * Stops serving at once: open connections are closed, and waiting requests get no answer. The cluster is
     * not closed. Idempotent.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (server == null) {
            return;
        }
        stopQuietly(server);
        pool.shutdownNow();
        kafkaPool.shutdownNow();
        endpoints.cancelWaits();
        server = null;
        LOG.info("HTTP API stopped");
    }

    private static void stopQuietly(Server s) {
        try {
            s.stop();
        } catch (Exception e) {
            LOG.warn("the HTTP server did not stop cleanly: {}", e.toString());
        }
    }

    /** Builds an {@link HttpApi}; only the cluster is required. */
    public static final class Builder {
        private final KafkaCluster cluster;
        private InetSocketAddress address = new InetSocketAddress(DEFAULT_PORT);
        private BrokerLogs logs;
        private KafkaOperations operations;
        private int threads = 4;
        private final Map<String, Path> fetchable = new LinkedHashMap<>();

        private Builder(KafkaCluster cluster) {
            this.cluster = cluster;
        }

        /** Where to listen; default {@code 0.0.0.0:7000}. Port 0 picks any free port (see {@link HttpApi#address()}). */
        public Builder address(InetSocketAddress value) {
            address = Objects.requireNonNull(value, "address");
            return this;
        }

        /**
         * Reads broker logs for {@code /api/broker/log}; default none, and that endpoint answers 501 saying that
         * logs are available on the local cluster only, or from the task sandbox on Mesos.
         */
        public Builder logs(BrokerLogs value) {
            logs = value;
            return this;
        }

        /**
         * Kafka operations: {@code /api/topic/...} and {@code /api/rebalance/...}, broker updates applied live where
         * Kafka can, restarts through the restart gate, and {@code remove} that refuses brokers holding replicas
         * unless drained. Default none: those endpoints are absent, and restarts and removals are not gated.
         */
        public Builder operations(KafkaOperations value) {
            operations = value;
            return this;
        }

        /**
         * Serves {@code file} at {@code GET /fetch/<name>}, for Mesos agents to fetch (a task's
         * {@code CommandInfo.URI}): the executor jar, a Kafka distribution archive. Repeatable; default none.
         *
         * @throws IllegalArgumentException if {@code name} is not one path segment of letters, digits, {@code .-_}
         */
        public Builder fetchable(String name, Path file) {
            if (name == null || !name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
                throw new IllegalArgumentException("a fetchable file's name is one path segment of letters, digits, '.', '-'"
                        + " and '_', not starting with '.'; got '" + name + "'");
            }
            fetchable.put(name, Objects.requireNonNull(file, "file"));
            return this;
        }

        /** How many threads handle requests; default 4. Waiting requests hold none. */
        public Builder threads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + value);
            }
            threads = value;
            return this;
        }

        /** The API, not yet listening: call {@link HttpApi#start()}. */
        public HttpApi build() {
            return new HttpApi(this);
        }
    }
}

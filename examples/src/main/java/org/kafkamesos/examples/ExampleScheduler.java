package org.kafkamesos.examples;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.kafkamesos.core.KafkaCluster;
import org.kafkamesos.core.http.HttpApi;
import org.kafkamesos.core.kafka.KafkaOperations;
import org.kafkamesos.core.local.LocalMesosCluster;
import org.kafkamesos.core.mesos.DriverFactory;
import org.kafkamesos.core.mesos.FrameworkSettings;
import org.kafkamesos.core.mesos.KafkaFramework;
import org.kafkamesos.core.mesos.TaskInfoFactory;
import org.kafkamesos.core.rebalance.RebalanceState;
import org.kafkamesos.core.rebalance.RebalanceStatus;
import org.kafkamesos.core.model.PortPolicy;
import org.kafkamesos.core.scheduler.OrchestratorSettings;
import org.kafkamesos.executor.LogFile;
import org.kafkamesos.state.LeaderElection;
import org.kafkamesos.state.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example scheduler: a {@link KafkaCluster} on a store, driven by Mesos (a real master through the native
 * driver, or a {@link LocalMesosCluster} in this process), with the HTTP API in front. What
 * {@code kafka-mesos scheduler} and {@code kafka-mesos quickstart} run, and what an embedding framework
 * would assemble from the same parts.
 *
 * <p>Order of start: lead the storage's election, build the {@link KafkaFramework} (it restores the cluster from
 * the store, or creates it, and makes the driver with the stored framework id, so that Mesos treats a restart as a
 * framework failover and keeps the tasks), serve the API, then start the driver. {@link #close()} stops the driver with failover, so tasks
 * keep running for the framework's failover timeout and a new scheduler on the same storage takes them over.
 */
final class ExampleScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExampleScheduler.class);
    /** How often a rebalance left running by a former scheduler is tried to be resumed until brokers run. */
    static final Duration RESUME_INTERVAL = Duration.ofSeconds(10);
    /** How long to wait to lead the storage's election before giving up. */
    static final Duration LEADERSHIP_TIMEOUT = Duration.ofMinutes(1);

    private final LeaderElection election;
    private final KafkaFramework mesos;
    private final HttpApi api;
    private final KafkaOperations operations;
    private final ScheduledExecutorService operationThreads;

    private ExampleScheduler(LeaderElection election, KafkaFramework mesos, HttpApi api, KafkaOperations operations,
                             ScheduledExecutorService operationThreads) {
        this.election = election;
        this.mesos = mesos;
        this.api = api;
        this.operations = operations;
        this.operationThreads = operationThreads;
    }

    /** Starts a scheduler; see {@link Config}. */
    static ExampleScheduler start(Config config) throws InterruptedException {
        LeaderElection election = config.storage.election();
        // what a failed start must undo, last made first
        Deque<AutoCloseable> made = new ArrayDeque<>();
        try {
            log.info("waiting to lead storage {}", config.storage);
            Leadership leadership = election.awaitLeadership(LEADERSHIP_TIMEOUT).orElseThrow(() -> new IllegalStateException(
                    "another scheduler leads storage " + config.storage + "; gave up after " + LEADERSHIP_TIMEOUT.toSeconds() + " s"));
            log.info("leading storage {} at epoch {}", config.storage, leadership.epoch());

            Map<String, Path> fetchable = new LinkedHashMap<>();
            String executorUri = config.executorUri;
            List<String> kafkaUris = config.kafkaUris;
            String distribution = config.distribution;
            if (config.serveExecutor.isPresent() || config.serveDistribution.isPresent()) {
                String base = fetchBase(config.apiAddress);
                if (config.serveExecutor.isPresent()) {
                    fetchable.put(TaskInfoFactory.EXECUTOR_JAR, config.serveExecutor.get());
                    executorUri = base + TaskInfoFactory.EXECUTOR_JAR;
                }
                if (config.serveDistribution.isPresent()) {
                    Path archive = DistributionArchive.of(config.serveDistribution.get(), config.fetchDir);
                    fetchable.put(archive.getFileName().toString(), archive);
                    kafkaUris = List.of(base + archive.getFileName());
                    distribution = config.serveDistribution.get().toAbsolutePath().normalize().getFileName().toString();
                }
                log.info("agents fetch from this scheduler: {}", fetchable.keySet().stream().map(name -> base + name).toList());
            }
            TaskInfoFactory.Builder taskInfos = TaskInfoFactory.builder(config.framework.name(), executorUri)
                    .nativeExecutor(config.local.isEmpty() && config.nativeDriver);
            kafkaUris.forEach(taskInfos::kafkaDistributionUri);
            KafkaFramework mesos = KafkaFramework.builder()
                    .cluster(KafkaCluster.builder()
                            .name(config.framework.name())
                            .store(leadership.store())
                            .distribution(distribution)
                            .controllers(config.controllers)
                            .settings(config.settings.withRole(config.framework.role())))
                    .framework(config.framework)
                    .tasks(taskInfos.build())
                    .driver(config.local.<DriverFactory>map(local -> local::driver).orElseGet(() -> config.nativeDriver
                            ? nativeDriver(config.master) : DriverFactory.http(config.master)))
                    .build();
            made.push(mesos);
            KafkaCluster cluster = mesos.cluster();

            ScheduledExecutorService operationThreads = Executors.newScheduledThreadPool(2, daemon("kafka-mesos-operations"));
            made.push(operationThreads::shutdownNow);
            KafkaOperations operations = KafkaOperations.builder(cluster).store(leadership.store()).scheduler(operationThreads).build();
            made.push(operations);
            HttpApi.Builder apiBuilder = HttpApi.builder(cluster).address(config.apiAddress).operations(operations);
            fetchable.forEach(apiBuilder::fetchable);
            config.local.ifPresent(local -> apiBuilder.logs((task, name, lines) -> local.logTail(task.taskId(), logFile(name), lines)));
            HttpApi api = apiBuilder.build();
            made.push(api);
            api.start();
            log.info("HTTP API at {}", api.uri());

            mesos.start();
            FrameworkSettings framework = mesos.framework();
            log.info("framework {} {} with {}", framework.name(),
                    framework.frameworkId().map(id -> "re-registers as " + id).orElse("registers"),
                    config.local.isPresent() ? "the local Mesos cluster" : "master " + config.master);
            resumeRebalance(operations, operationThreads);
            return new ExampleScheduler(election, mesos, api, operations, operationThreads);
        } catch (RuntimeException | InterruptedException e) {
            for (AutoCloseable resource : made) {
                try {
                    resource.close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            election.close();
            throw e;
        }
    }

    /**
     * Continues a rebalance a former scheduler left running, once brokers run to carry it out: tries every
     * {@link #RESUME_INTERVAL} until it resumes, or finds nothing to resume.
     */
    private static void resumeRebalance(KafkaOperations operations, ScheduledExecutorService threads) {
        ScheduledFuture<?>[] attempt = new ScheduledFuture<?>[1];
        // the first attempt may run before the assignment below: it waits for it on the array's lock
        synchronized (attempt) {
            attempt[0] = threads.scheduleWithFixedDelay(() -> {
                try {
                    RebalanceStatus status = operations.resume();
                    if (status.state() == RebalanceState.RUNNING) {
                        log.info("resumed the rebalance a former scheduler started: {}/{} partitions done", status.partitionsDone(),
                                status.partitionsTotal());
                    }
                    synchronized (attempt) {
                        attempt[0].cancel(false);
                    }
                } catch (RuntimeException e) {
                    log.debug("no rebalance resumed yet: {}", e.getMessage());
                }
            }, 0, RESUME_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * The base of the URIs agents fetch from this scheduler ({@code http://host:port/fetch/}): the API's host, or, when it
     * listens on every address, this machine's name as the agents would resolve it.
     */
    static String fetchBase(InetSocketAddress api) {
        String host;
        if (api.getAddress() != null && api.getAddress().isAnyLocalAddress()) {
            try {
                host = InetAddress.getLocalHost().getCanonicalHostName();
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("--api listens on every address, and this machine's name cannot be found "
                        + "for the URIs agents fetch from: give --api http://HOST:PORT with a name agents reach", e);
            }
        } else {
            host = api.getAddress() != null ? api.getAddress().getHostAddress() : api.getHostString();
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + api.getPort() + "/fetch/";
    }

    /** Mesos' native driver, whose library is loaded when the driver is made; its absence is said in operators' words. */
    private static DriverFactory nativeDriver(String master) {
        DriverFactory factory = DriverFactory.nativeDriver(master);
        return (scheduler, framework) -> {
            try {
                return factory.create(scheduler, framework);
            } catch (UnsatisfiedLinkError e) {
                throw new IllegalStateException("the Mesos native library could not be loaded (" + e.getMessage() + "). A real "
                        + "master needs libmesos from a Mesos installation: set MESOS_NATIVE_JAVA_LIBRARY to its path (such as "
                        + "/usr/lib/libmesos.so), or run with --master local for the local Mesos cluster", e);
            }
        };
    }

    /** The log file an API request names: {@code stdout}, {@code stderr} or {@code server.log}. */
    static LogFile logFile(String name) {
        for (LogFile file : LogFile.values()) {
            if (file.fileName().equalsIgnoreCase(name) || file.name().equalsIgnoreCase(name)
                    || ("kafka." + name.toLowerCase(Locale.ROOT)).equals(file.fileName())) {
                return file;
            }
        }
        throw new IllegalArgumentException("unknown log '" + name + "'; accepted: stdout, stderr, server.log");
    }

    /** The cluster this scheduler runs. */
    KafkaCluster cluster() {
        return mesos.cluster();
    }

    /** Where the HTTP API listens. */
    URI apiUri() {
        return api.uri();
    }

    /** The Kafka operations of the cluster: topics, gated restarts, rebalancing. */
    KafkaOperations operations() {
        return operations;
    }

    /**
     * Stops serving and stops the driver with failover: Mesos keeps the tasks for the failover timeout, and a
     * new scheduler on the same storage re-registers with the stored framework id and takes them over.
     */
    @Override
    public void close() {
        try {
            api.close();
            operations.close();
            operationThreads.shutdownNow();
        } finally {
            try {
                mesos.close();
            } finally {
                election.close();
            }
        }
    }

    /** The settings of an {@link ExampleScheduler}. */
    static final class Config {
        Storage storage = Storage.parse("memory");
        /** The master, for the HTTP driver or the native one; ignored with {@link #local}. */
        String master = "local";
        /** Whether to reach the master through Mesos' native driver (libmesos) instead of the V1 HTTP API. */
        boolean nativeDriver;
        Optional<LocalMesosCluster> local = Optional.empty();
        FrameworkSettings framework = FrameworkSettings.builder("kafka", "kafka").build();
        OrchestratorSettings settings = OrchestratorSettings.DEFAULT;
        String distribution;
        int controllers = 3;
        InetSocketAddress apiAddress = new InetSocketAddress(7000);
        /** Where agents fetch the executor from; the local cluster runs it in-process and fetches nothing. */
        String executorUri = "kafka-mesos-executor.jar";
        /** What agents fetch for the Kafka distribution (archives are extracted into the sandbox). */
        List<String> kafkaUris = List.of();
        /** The executor jar the HTTP API serves for agents to fetch, instead of {@link #executorUri}. */
        Optional<Path> serveExecutor = Optional.empty();
        /** The Kafka distribution folder the HTTP API serves as an archive, instead of {@link #kafkaUris}. */
        Optional<Path> serveDistribution = Optional.empty();
        /** Where the archive of {@link #serveDistribution} is made. */
        Path fetchDir = Path.of(".kafka-mesos", "fetch");

        Config storage(Storage value) {
            storage = Objects.requireNonNull(value);
            return this;
        }

        /** Runs on {@code cluster}: listeners bind to each agent's own address. */
        Config local(LocalMesosCluster cluster) {
            local = Optional.of(cluster);
            settings = settings.withBindToAgentHost(true);
            return this;
        }

        Config master(String value) {
            master = Objects.requireNonNull(value);
            return this;
        }

        /** Reaches the master through the native driver instead of HTTP. */
        Config nativeDriver(boolean value) {
            nativeDriver = value;
            return this;
        }

        /** Whether brokers bind their listeners to their agent's address (as on the local cluster) or to all. */
        Config bindToAgentHost(boolean value) {
            settings = settings.withBindToAgentHost(value);
            return this;
        }

        Config framework(FrameworkSettings value) {
            framework = Objects.requireNonNull(value);
            return this;
        }

        Config settings(OrchestratorSettings value) {
            settings = Objects.requireNonNull(value);
            return this;
        }

        /** The port a controller takes at its first launch: any offered one by default. */
        Config replaceLostControllersAfter(java.util.Optional<java.time.Duration> value) {
            settings = settings.withReplaceLostControllersAfter(Objects.requireNonNull(value));
            return this;
        }

        Config controllerPort(PortPolicy value) {
            settings = settings.withControllerPort(Objects.requireNonNull(value));
            return this;
        }

        Config distribution(String value) {
            distribution = value;
            return this;
        }

        Config controllers(int value) {
            controllers = value;
            return this;
        }

        Config apiAddress(InetSocketAddress value) {
            apiAddress = Objects.requireNonNull(value);
            return this;
        }

        Config executorUri(String value) {
            executorUri = Objects.requireNonNull(value);
            return this;
        }

        /** Agents fetch the executor jar {@code jar} from the scheduler's HTTP API. */
        Config serveExecutor(Path jar) {
            serveExecutor = Optional.of(jar);
            return this;
        }

        /** Agents fetch the distribution {@code folder}, archived into {@code archiveDir}, from the scheduler's HTTP API. */
        Config serveDistribution(Path folder, Path archiveDir) {
            serveDistribution = Optional.of(folder);
            fetchDir = archiveDir;
            return this;
        }

        Config kafkaUris(List<String> value) {
            kafkaUris = List.copyOf(value);
            return this;
        }
    }
}

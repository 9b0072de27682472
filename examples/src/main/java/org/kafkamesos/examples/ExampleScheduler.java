package org.kafkamesos.examples;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.InstantSource;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.mesos.Protos;
import org.apache.mesos.SchedulerDriver;
import org.kafkamesos.core.FrameworkSettings;
import org.kafkamesos.core.KafkaCluster;
import org.kafkamesos.core.MesosActionExecutor;
import org.kafkamesos.core.MesosSchedulerAdapter;
import org.kafkamesos.core.OrchestratorSettings;
import org.kafkamesos.core.TaskInfoFactory;
import org.kafkamesos.core.http.HttpApi;
import org.kafkamesos.core.kafka.KafkaOperations;
import org.kafkamesos.core.rebalance.RebalanceState;
import org.kafkamesos.core.rebalance.RebalanceStatus;
import org.kafkamesos.core.local.LocalMesosCluster;
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
 * <p>Order of start: lead the storage's election, restore the cluster from the store (or create it), build the
 * driver with the stored framework id (so that Mesos treats a restart as a framework failover and keeps the
 * tasks), serve the API, then start the driver. {@link #close()} stops the driver with failover, so tasks
 * keep running for the framework's failover timeout and a new scheduler on the same storage takes them over.
 */
final class ExampleScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExampleScheduler.class);
    /** How often a rebalance left running by a former scheduler is tried to be resumed until brokers run. */
    static final Duration RESUME_INTERVAL = Duration.ofSeconds(10);
    /** How long to wait to lead the storage's election before giving up. */
    static final Duration LEADERSHIP_TIMEOUT = Duration.ofMinutes(1);

    private final LeaderElection election;
    private final KafkaCluster cluster;
    private final SchedulerDriver driver;
    private final HttpApi api;
    private final KafkaOperations operations;
    private final ScheduledExecutorService operationThreads;

    private ExampleScheduler(LeaderElection election, KafkaCluster cluster, SchedulerDriver driver, HttpApi api,
                             KafkaOperations operations, ScheduledExecutorService operationThreads) {
        this.election = election;
        this.cluster = cluster;
        this.driver = driver;
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

            AtomicReference<MesosActionExecutor> executor = new AtomicReference<>();
            KafkaCluster cluster = KafkaCluster.builder()
                    .name(config.framework.name())
                    .store(leadership.store())
                    .distribution(config.distribution)
                    .controllers(config.controllers)
                    .settings(config.settings.withRole(config.framework.role()))
                    .actions(actions -> {
                        MesosActionExecutor e = executor.get();
                        if (e != null) {
                            e.execute(actions);
                        } else {
                            log.debug("no driver yet for {}", actions);
                        }
                    })
                    .build();
            made.push(cluster);
            FrameworkSettings framework = cluster.frameworkId().join().map(config.framework::withFrameworkId).orElse(config.framework);
            MesosSchedulerAdapter adapter = new MesosSchedulerAdapter(cluster::onEvent);
            SchedulerDriver driver = config.local.isPresent()
                    ? config.local.get().driver(adapter, framework.frameworkInfo())
                    : newNativeDriver(adapter, framework, config.master);
            TaskInfoFactory.Builder taskInfos = TaskInfoFactory.builder(framework.name(), config.executorUri);
            config.kafkaUris.forEach(taskInfos::kafkaDistributionUri);
            executor.set(adapter.actionExecutor(driver, taskInfos.build()));

            ScheduledExecutorService operationThreads = Executors.newScheduledThreadPool(2, daemon("kafka-mesos-operations"));
            made.push(operationThreads::shutdownNow);
            KafkaOperations operations = new KafkaOperations(cluster, leadership.store(), operationThreads, InstantSource.system());
            made.push(operations);
            HttpApi.Builder apiBuilder = HttpApi.builder(cluster).address(config.apiAddress).operations(operations);
            config.local.ifPresent(local -> apiBuilder.logs((task, name, lines) -> local.logTail(task.taskId(), logFile(name), lines)));
            HttpApi api = apiBuilder.build();
            made.push(api);
            api.start();
            log.info("HTTP API at {}", api.uri());

            Protos.Status status = driver.start();
            if (status != Protos.Status.DRIVER_RUNNING) {
                throw new IllegalStateException("the Mesos driver did not start: " + status);
            }
            log.info("framework {} {} with {}", framework.name(),
                    framework.frameworkId().map(id -> "re-registers as " + id).orElse("registers"),
                    config.local.isPresent() ? "the local Mesos cluster" : "master " + config.master);
            resumeRebalance(operations, operationThreads);
            return new ExampleScheduler(election, cluster, driver, api, operations, operationThreads);
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

    private static SchedulerDriver newNativeDriver(MesosSchedulerAdapter adapter, FrameworkSettings framework, String master) {
        try {
            return adapter.newDriver(framework, master);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("the Mesos native library could not be loaded (" + e.getMessage() + "). A real master "
                    + "needs libmesos from a Mesos installation: set MESOS_NATIVE_JAVA_LIBRARY to its path (such as "
                    + "/usr/lib/libmesos.so), or run with --master local for the local Mesos cluster", e);
        }
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
        return cluster;
    }

    /** Where the HTTP API listens. */
    URI apiUri() {
        return api.uri();
    }

    /**
     * Stops serving and stops the driver with failover: Mesos keeps the tasks for the failover timeout, and a
     * new scheduler on the same storage re-registers with the stored framework id and takes them over.
     */
    /** The Kafka operations of the cluster: topics, gated restarts, rebalancing. */
    KafkaOperations operations() {
        return operations;
    }

    @Override
    public void close() {
        try {
            api.close();
            operations.close();
            operationThreads.shutdownNow();
        } finally {
            try {
                driver.stop(true);
            } finally {
                try {
                    cluster.close();
                } finally {
                    election.close();
                }
            }
        }
    }

    /** The settings of an {@link ExampleScheduler}. */
    static final class Config {
        Storage storage = Storage.parse("memory");
        /** The master for the native driver; ignored with {@link #local}. */
        String master = "local";
        Optional<LocalMesosCluster> local = Optional.empty();
        FrameworkSettings framework = FrameworkSettings.builder("kafka", "*").build();
        OrchestratorSettings settings = OrchestratorSettings.DEFAULT;
        String distribution;
        int controllers = 3;
        InetSocketAddress apiAddress = new InetSocketAddress(7000);
        /** Where agents fetch the executor from; the local cluster runs it in-process and fetches nothing. */
        String executorUri = "kafka-mesos-executor.jar";
        /** What agents fetch for the Kafka distribution (archives are extracted into the sandbox). */
        List<String> kafkaUris = List.of();

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

        Config framework(FrameworkSettings value) {
            framework = Objects.requireNonNull(value);
            return this;
        }

        Config settings(OrchestratorSettings value) {
            settings = Objects.requireNonNull(value);
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

        Config kafkaUris(List<String> value) {
            kafkaUris = List.copyOf(value);
            return this;
        }
    }
}

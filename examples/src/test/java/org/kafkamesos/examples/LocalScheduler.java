package org.kafkamesos.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.kafkamesos.core.local.LocalMesosCluster;

/**
 * The example scheduler on a local Mesos cluster, as the end-to-end tests run it: {@code agents} agents on
 * loopback network {@code 127.<network>.0.x} (so that test classes, or a quickstart on 127.0.0.x, keep their
 * ports apart), the build's Kafka distribution, the HTTP API on {@code 127.<network>.0.1} at a free port.
 * {@link #close()} stops the scheduler, then the local cluster with its brokers.
 */
final class LocalScheduler implements AutoCloseable {

    private final LocalMesosCluster local;
    private ExampleScheduler.Config config;
    private ExampleScheduler scheduler;

    private LocalScheduler(LocalMesosCluster local, ExampleScheduler.Config config) throws InterruptedException {
        this.local = local;
        this.config = config;
        this.scheduler = ExampleScheduler.start(config);
    }

    /**
     * Starts a local cluster under {@code dir} and a scheduler on it; {@code config} sets what else the test needs
     * (its storage, its controllers).
     */
    static LocalScheduler start(Path dir, int agents, int network, UnaryOperator<ExampleScheduler.Config> config)
            throws InterruptedException {
        return start(LocalMesosCluster.builder(dir.resolve("mesos")).agents(agents, network).build(), network, config);
    }

    /** A scheduler on {@code agents} agents that offer only the ports a stock Mesos agent offers, 31000-32000. */
    static LocalScheduler startOnStockPorts(Path dir, int agents, int network, UnaryOperator<ExampleScheduler.Config> config)
            throws InterruptedException {
        return start(LocalMesosCluster.builder(dir.resolve("mesos")).agents(agents, network, 31000, 32000).build(), network, config);
    }

    private static LocalScheduler start(LocalMesosCluster local, int network, UnaryOperator<ExampleScheduler.Config> config)
            throws InterruptedException {
        try {
            return new LocalScheduler(local, config.apply(new ExampleScheduler.Config()
                    .local(local)
                    .distribution(LocalOptions.defaultDistribution().toString())
                    .apiAddress(new InetSocketAddress("127." + network + ".0.1", 0))));
        } catch (RuntimeException | InterruptedException e) {
            local.close();
            throw e;
        }
    }

    LocalMesosCluster local() {
        return local;
    }

    ExampleScheduler scheduler() {
        return scheduler;
    }

    /** The scheduler's HTTP API, as {@code --api} takes it. */
    String api() {
        return scheduler.apiUri().toString();
    }

    /** Runs the command line with {@code args} and {@code --api} of this scheduler. */
    Cli cli(String... args) {
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--api";
        full[args.length + 1] = api();
        return Cli.run(full);
    }

    /** A POST to the HTTP API, answered within {@code timeout}. */
    JsonNode post(String path, Map<String, String> params, Duration timeout) {
        return new ApiClient(scheduler.apiUri()).post(path, params, timeout);
    }

    /** The brokers {@code ids} selects, as {@code /api/broker/list} answers. */
    JsonNode brokers(String ids) {
        return post("api/broker/list", Map.of("broker", ids), Duration.ofSeconds(10)).path("brokers");
    }

    /** Drops the scheduler (its driver stops with failover) and starts a new one with the same settings on the same cluster. */
    void restartScheduler() throws InterruptedException {
        restartScheduler(UnaryOperator.identity());
    }

    /** Drops the scheduler and starts a new one on the same cluster, its settings changed by {@code change} from now on. */
    void restartScheduler(UnaryOperator<ExampleScheduler.Config> change) throws InterruptedException {
        ExampleScheduler old = scheduler;
        scheduler = null;
        old.close();
        config = change.apply(config);
        scheduler = ExampleScheduler.start(config);
    }

    @Override
    public void close() {
        try {
            if (scheduler != null) {
                scheduler.close();
            }
        } finally {
            local.close();
        }
    }
}

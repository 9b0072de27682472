package org.kafkamesos.core.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.kafkamesos.core.KafkaCluster;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.CommandRejectedException;
import org.kafkamesos.core.model.TaskPhase;

/**
 * A Kafka {@link Admin} client of the cluster's running brokers: made on first use, bootstrapped from their
 * endpoints ({@code hostname:first port} of each running task), and kept: it learns every broker from the
 * cluster's metadata and follows them as they come and go, and the components that hold it (a rebalance in
 * progress) keep working. Thread-safe; {@link #close()} closes it.
 */
final class ClusterAdmin implements Supplier<Admin>, AutoCloseable {

    /** How long a read of the cluster's brokers may take. */
    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaCluster cluster;
    private final Map<String, Object> config;
    private Admin admin;

    /**
     * @param cluster the cluster whose running brokers to reach
     * @param config  Admin client settings besides {@code bootstrap.servers}, such as security settings
     */
    ClusterAdmin(KafkaCluster cluster, Map<String, Object> config) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.config = Map.copyOf(config);
    }

    /**
     * The client for the brokers running now.
     *
     * @throws CommandRejectedException (conflict) if no broker runs
     * @throws KafkaOperationException if the cluster's brokers cannot be read
     */
    @Override
    public synchronized Admin get() {
        String servers = bootstrapServers();
        if (admin == null) {
            Map<String, Object> settings = new HashMap<>(config);
            settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
            settings.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-mesos-scheduler");
            admin = Admin.create(settings);
        }
        return admin;
    }

    /** The endpoints of the running brokers, comma-separated, in id order. */
    String bootstrapServers() {
        StringJoiner servers = new StringJoiner(",");
        try {
            for (Broker b : cluster.list().get(LIST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values()) {
                if (b.phase() == TaskPhase.RUNNING && b.spec().role().servesAsBroker()) {
                    b.task().ifPresent(t -> servers.add(t.hostname() + ":" + t.ports().get(0)));
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaOperationException("cannot read the cluster's brokers: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaOperationException("interrupted while reading the cluster's brokers", e);
        }
        if (servers.length() == 0) {
            throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT,
                    "no broker is running; Kafka operations need at least one running broker");
        }
        return servers.toString();
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}

package org.kafkamesos.core.kafka;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kafkamesos.core.KafkaCluster;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.CommandRejectedException;
import org.kafkamesos.core.model.TaskPhase;

/**
 * Restarts brokers one at a time, each only when the {@link RestartGate} allows it, and the next only once the
 * partitions of the previous have their full ISR again.
 *
 * <p>For each broker: wait until the gate allows its restart (reading a snapshot every {@link Builder#pollInterval},
 * for at most {@link Builder#gateTimeout}); {@link KafkaCluster#restart} it; wait until it runs again with a new
 * task (at most {@link Builder#restartTimeout}); wait until no partition it hosts is under-replicated (at most
 * {@link Builder#recoveryTimeout}). A timeout, a broker that does not come back, or {@link RollingRestartHandle#cancel}
 * ends the run as {@link RollingRestartStatus.State#FAILED FAILED}, the brokers after it untouched.
 *
 * <p>Order: brokers that are not controllers first, then the controllers, the quorum's leader last; by id within
 * each group. The order is chosen anew before each broker from the latest snapshot, since a restart moves the quorum's
 * leadership. Controllers go last so that the quorum is disturbed once per controller, at the end, and the leader
 * last so that leadership moves once rather than at every controller restart.
 *
 * <pre>{@code
 * try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
 *     RollingRestartHandle run = RollingRestart.builder()
 *             .cluster(cluster)
 *             .snapshots(RestartSnapshotSource.over(admin, Duration.ofSeconds(30)))
 *             .scheduler(scheduler)
 *             .build()
 *             .start(List.of(0, 1, 2));
 *     RollingRestartStatus outcome = run.outcome().join();
 * }
 * }</pre>
 */
public final class RollingRestart {

    private final Builder settings;

    private RollingRestart(Builder settings) {
        this.settings = settings.copy();
    }

    /** A rolling restart; see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts restarting {@code brokerIds}; the work runs on the {@link Builder#scheduler}.
     *
     * @throws CommandRejectedException {@code UNKNOWN_BROKER} if an id is not a broker of the cluster, {@code CONFLICT}
     *                                  if one is not running, {@code INVALID} if none is given
     * @throws KafkaOperationException  if the cluster does not list its brokers within 30 seconds
     */
    public RollingRestartHandle start(Collection<Integer> brokerIds) {
        SortedSet<Integer> ids = new TreeSet<>(brokerIds);
        if (ids.isEmpty()) {
            throw new CommandRejectedException(CommandRejectedException.Kind.INVALID, "a rolling restart needs at least one broker");
        }
        SortedMap<Integer, Broker> brokers = brokers();
        for (int id : ids) {
            Broker b = brokers.get(id);
            if (b == null) {
                throw new CommandRejectedException(CommandRejectedException.Kind.UNKNOWN_BROKER, "broker " + id
                        + " does not exist; brokers are " + brokers.keySet());
            }
            if (b.phase() != TaskPhase.RUNNING) {
                throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "broker " + id + " is " + b.phase()
                        + ", not RUNNING; a rolling restart restarts running brokers only");
            }
        }
        RollingRestartRun run = new RollingRestartRun(settings, ids);
        run.begin();
        return run;
    }

    private SortedMap<Integer, Broker> brokers() {
        try {
            return settings.cluster.list().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaOperationException("listing the brokers was interrupted", e);
        } catch (TimeoutException e) {
            throw new KafkaOperationException("listing the brokers timed out after 30s", e);
        } catch (ExecutionException e) {
            throw new KafkaOperationException("listing the brokers failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Builds a {@link RollingRestart}. Required: {@link #cluster}, {@link #snapshots}, {@link #scheduler}.
     */
    public static final class Builder {
        KafkaCluster cluster;
        RestartSnapshotSource snapshots;
        ScheduledExecutorService scheduler;
        InstantSource clock = InstantSource.system();
        Duration pollInterval = Duration.ofSeconds(5);
        Duration gateTimeout = Duration.ofMinutes(5);
        Duration restartTimeout = Duration.ofMinutes(5);
        Duration recoveryTimeout = Duration.ofMinutes(5);

        private Builder() {
        }

        /** The cluster whose brokers are restarted. */
        public Builder cluster(KafkaCluster value) {
            cluster = value;
            return this;
        }

        /** Where the gate's snapshots come from, such as {@link RestartSnapshotSource#over}. */
        public Builder snapshots(RestartSnapshotSource value) {
            snapshots = value;
            return this;
        }

        /**
         * Runs the steps and the polls. A snapshot read blocks one of its threads for up to the Admin timeout; the
         * caller owns it and shuts it down.
         */
        public Builder scheduler(ScheduledExecutorService value) {
            scheduler = value;
            return this;
        }

        /** Measures the timeouts; default the system clock. */
        public Builder clock(InstantSource value) {
            clock = value;
            return this;
        }

        /** How often the gate and the recovery are checked; default 5 seconds. */
        public Builder pollInterval(Duration value) {
            pollInterval = value;
            return this;
        }

        /** How long a broker may wait for the gate to allow its restart; default 5 minutes. */
        public Builder gateTimeout(Duration value) {
            gateTimeout = value;
            return this;
        }

        /** How long a restarted broker may take to run again with a new task; default 5 minutes. */
        public Builder restartTimeout(Duration value) {
            restartTimeout = value;
            return this;
        }

        /** How long a restarted broker's partitions may take to get their full ISR back; default 5 minutes. */
        public Builder recoveryTimeout(Duration value) {
            recoveryTimeout = value;
            return this;
        }

        public RollingRestart build() {
            if (cluster == null || snapshots == null || scheduler == null || clock == null) {
                throw new IllegalArgumentException("a rolling restart needs a cluster, a snapshot source, a scheduler and a clock");
            }
            positive("poll interval", pollInterval);
            positive("gate timeout", gateTimeout);
            positive("restart timeout", restartTimeout);
            positive("recovery timeout", recoveryTimeout);
            return new RollingRestart(this);
        }

        private static void positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0, got " + d);
            }
        }

        private Builder copy() {
            Builder b = new Builder();
            b.cluster = cluster;
            b.snapshots = snapshots;
            b.scheduler = scheduler;
            b.clock = clock;
            b.pollInterval = pollInterval;
            b.gateTimeout = gateTimeout;
            b.restartTimeout = restartTimeout;
            b.recoveryTimeout = recoveryTimeout;
            return b;
        }
    }
}

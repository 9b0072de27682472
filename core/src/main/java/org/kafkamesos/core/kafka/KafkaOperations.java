package org.kafkamesos.core.kafka;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.Node;
import org.kafkamesos.core.KafkaCluster;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.BrokerStatus;
import org.kafkamesos.core.model.CommandRejectedException;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.core.rebalance.RebalanceExecutor;
import org.kafkamesos.core.rebalance.RebalanceLimits;
import org.kafkamesos.core.rebalance.RebalancePlan;
import org.kafkamesos.core.rebalance.RebalancePlanner;
import org.kafkamesos.core.rebalance.RebalanceRequest;
import org.kafkamesos.core.rebalance.RebalanceState;
import org.kafkamesos.core.rebalance.RebalanceStatus;
import org.kafkamesos.core.rebalance.TopicPartitionId;
import org.kafkamesos.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka operations of a cluster, in one place for the HTTP API and for embedding code: topics, config
 * updates applied live where Kafka allows, restarts through the {@link RestartGate}, throttled rebalancing and
 * decommissioning, and the voter changes of a dynamic quorum ({@link QuorumChanges}, every
 * {@link Builder#quorumInterval}). Talks to the running brokers through a {@link ClusterAdmin}.
 *
 * <p>One rolling restart and one rebalance run at a time; the rebalance's progress is persisted in the
 * cluster's store, so that a new scheduler {@link #resume() resumes} it. Thread-safe.
 */
public final class KafkaOperations implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaOperations.class);
    /** How long one answer of Kafka may take. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** How often the dynamic quorum's voters are compared with the controllers, by default. */
    public static final Duration DEFAULT_QUORUM_INTERVAL = Duration.ofSeconds(5);
    /** How long a read of the cluster's brokers may take. */
    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaCluster cluster;
    private final ClusterAdmin admin;
    private final RebalanceExecutor rebalancer;
    private final RollingRestart restarts;
    private final ScheduledExecutorService scheduler;
    private final QuorumChanges quorum;
    private final java.util.concurrent.ScheduledFuture<?> quorumRounds;
    private volatile Optional<RollingRestartHandle> restart = Optional.empty();

    private KafkaOperations(Builder b) {
        this.cluster = b.cluster;
        this.scheduler = b.scheduler;
        this.admin = new ClusterAdmin(cluster, b.adminConfig);
        this.rebalancer = RebalanceExecutor.builder(admin, b.store, scheduler, b.clock).build();
        this.restarts = b.restarts.cluster(cluster)
                .snapshots(() -> RestartSnapshotSource.over(admin.get(), REQUEST_TIMEOUT).read())
                .scheduler(scheduler)
                .clock(b.clock)
                .build();
        this.quorum = new QuorumChanges(cluster, admin, REQUEST_TIMEOUT, QuorumState.DEFAULT_MAX_LAG, b.clock);
        this.quorumRounds = scheduler.scheduleWithFixedDelay(this::quorumRound, b.quorumInterval.toMillis(),
                b.quorumInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void quorumRound() {
        try {
            quorum.round();
        } catch (RuntimeException e) { // a defect: the rounds go on
            LOG.error("a round of quorum changes failed", e);
        }
    }

    /**
     * Where the changes of the dynamic quorum's voters stand: made every {@link Builder#quorumInterval} once the quorum
     * has formed, one at a time, so that its voters are the cluster's controllers (see {@link QuorumChanges}).
     */
    public QuorumChangeStatus quorumChanges() {
        return quorum.status();
    }

    /** Starts the operations of {@code cluster}; see {@link Builder}. */
    public static Builder builder(KafkaCluster cluster) {
        return new Builder(cluster);
    }

    /** The topics of the cluster. */
    public KafkaTopics topics() {
        return KafkaTopics.over(admin.get(), REQUEST_TIMEOUT);
    }

    /**
     * Changes the specs of the brokers {@code ids} selects. A running broker whose change touches only options,
     * all of them dynamic broker configs, gets them set on its Kafka process and is not marked for a restart (see
     * {@link DynamicBrokerConfigs}); every other change marks running brokers for a restart, as
     * {@link KafkaCluster#update} does. Every new spec is computed (and checked) before anything changes.
     */
    public List<Broker> update(String ids, UnaryOperator<BrokerSpec> change) {
        List<Broker> selected = selected(ids);
        SortedMap<Integer, BrokerSpec> specs = new TreeMap<>();
        selected.forEach(b -> specs.put(b.id(), change.apply(b.spec())));
        List<Broker> updated = new ArrayList<>();
        for (Broker b : selected) {
            BrokerSpec spec = specs.get(b.id());
            Optional<Map<String, String>> live = b.phase() == TaskPhase.RUNNING ? DynamicBrokerConfigs.candidates(b.spec(), spec)
                    : Optional.empty();
            if (live.isPresent() && DynamicBrokerConfigs.apply(admin.get(), b.id(), live.get(), REQUEST_TIMEOUT)) {
                updated.add(join(cluster.updateApplied(b.id(), b.task().orElseThrow().taskId(), spec)));
            } else {
                if (b.phase() == TaskPhase.RUNNING) {
                    // an option set live earlier is a dynamic config that would outrank the new server.properties
                    DynamicBrokerConfigs.forget(admin.get(), b.id(), DynamicBrokerConfigs.changedKeys(b.spec(), spec), REQUEST_TIMEOUT);
                }
                updated.addAll(join(cluster.update(Integer.toString(b.id()), s -> spec)));
            }
        }
        return updated;
    }

    /**
     * Restarts the brokers {@code ids} selects one at a time, each only when the {@link RestartGate} allows it, and
     * each after the one before has its partitions back in sync.
     *
     * @throws CommandRejectedException (conflict) while another rolling restart runs
     */
    public synchronized RollingRestartHandle restart(String ids) {
        if (restart.isPresent() && restart.get().status().state() == RollingRestartStatus.State.RUNNING) {
            throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "a rolling restart is running: "
                    + restart.get().status().brokers() + "; wait for it, or its timeout");
        }
        List<Integer> chosen = new ArrayList<>();
        selected(ids).forEach(b -> chosen.add(b.id()));
        RollingRestartHandle handle = restarts.start(chosen);
        restart = Optional.of(handle);
        return handle;
    }

    /**
     * Plans and starts a rebalance over the brokers {@code ids} selects, all of which must run.
     *
     * @param replicationFactor a new replication factor for every topic, or empty to keep each one's
     * @return the plan, and the status right after the start
     * @throws CommandRejectedException (conflict) while a reassignment runs, or if a selected broker does not run;
     *                                  (invalid) if the plan moves nothing
     */
    public Rebalance rebalance(String ids, OptionalInt replicationFactor, RebalanceLimits limits) {
        SortedSet<Integer> targets = new TreeSet<>();
        for (Broker b : selected(ids)) {
            if (!b.spec().role().servesAsBroker()) {
                continue; // a dedicated controller holds no partitions
            }
            if (b.phase() != TaskPhase.RUNNING) {
                throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "broker " + b.id() + " is not running ("
                        + b.phase().name().toLowerCase(java.util.Locale.ROOT) + "); start it before moving partitions to it");
            }
            targets.add(b.id());
        }
        RebalancePlan plan = plan(targets, replicationFactor);
        return new Rebalance(plan, rebalancer.start(plan, limits));
    }

    /**
     * Moves every replica off the brokers {@code ids} selects (throttled), then stops and removes them. Returns once
     * the move started; the rest follows when it is done.
     *
     * @throws CommandRejectedException (conflict) if no other broker runs to take the replicas, or a reassignment runs
     */
    public Rebalance drain(String ids, RebalanceLimits limits) {
        SortedSet<Integer> leaving = new TreeSet<>();
        selected(ids).forEach(b -> leaving.add(b.id()));
        requireNoController(leaving);
        SortedSet<Integer> staying = new TreeSet<>();
        join(cluster.list()).values().forEach(b -> {
            if (!leaving.contains(b.id()) && b.phase() == TaskPhase.RUNNING && b.spec().role().servesAsBroker()) {
                staying.add(b.id());
            }
        });
        if (staying.isEmpty()) {
            throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "no other broker runs to take the replicas of "
                    + leaving);
        }
        RebalancePlan plan = plan(staying, OptionalInt.empty());
        boolean hosted = plan.current().values().stream().anyMatch(r -> r.stream().anyMatch(leaving::contains));
        Rebalance started = hosted ? new Rebalance(plan, rebalancer.start(plan, limits)) : new Rebalance(plan, RebalanceStatus.IDLE);
        String selection = String.join(",", leaving.stream().map(String::valueOf).toList());
        afterRebalance(hosted).thenCompose(state -> {
            if (state != RebalanceState.DONE && hosted) {
                LOG.warn("brokers {} are not removed: the rebalance that drains them ended {}", leaving, state);
                return CompletableFuture.completedFuture(null);
            }
            // replicas may have come meanwhile (a topic created during a long drain): never remove a broker that holds some
            requireNoReplicas(leaving);
            return cluster.stop(selection)
                    .thenCompose(stopped -> cluster.await(selection, b -> !b.active() && b.phase() == TaskPhase.NONE, Duration.ofMinutes(5)))
                    .thenCompose(stopped -> cluster.remove(selection))
                    .thenAccept(removed -> LOG.info("brokers {} drained and removed", leaving));
        }).exceptionally(e -> {
            LOG.error("brokers {} were drained but not removed", leaving, e);
            return null;
        });
        return started;
    }

    /**
     * Refuses to let brokers that still host replicas, or KRaft controllers, be removed while the cluster runs.
     * When no broker runs, there is no Kafka to ask, and removal is let through (a cluster being taken down).
     *
     * @throws CommandRejectedException (conflict) naming the brokers and some of their partitions
     */
    public void requireNoReplicas(Collection<Integer> brokerIds) {
        List<PartitionStateView> partitions;
        try {
            partitions = partitions();
        } catch (CommandRejectedException e) {
            if (e.kind() != CommandRejectedException.Kind.CONFLICT) {
                throw e;
            }
            // no broker runs: there is no Kafka to ask, and the cluster's data goes with its last brokers anyway
            LOG.warn("removing brokers {} without checking their replicas: {}", brokerIds, e.getMessage());
            return;
        }
        // the cluster lives on: its static quorum must keep its controllers
        requireNoController(brokerIds);
        List<String> hosted = new ArrayList<>();
        for (PartitionStateView p : partitions) {
            for (int id : brokerIds) {
                if (p.replicas().contains(id)) {
                    hosted.add(p.name() + " on broker " + id);
                }
            }
        }
        if (!hosted.isEmpty()) {
            throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "broker " + brokerIds.iterator().next()
                    + (brokerIds.size() > 1 ? " and others" : "") + " still hosts replicas (" + hosted.size() + ", such as "
                    + String.join(", ", hosted.subList(0, Math.min(5, hosted.size()))) + "); remove it with drain (--drain) to "
                    + "move them away first");
        }
    }

    /**
     * Refuses to remove KRaft controllers: they are the voters of the quorum, which every node names (in a static
     * quorum for good; in a dynamic one until shrinking the quorum leaves them out and a voter change removes them).
     */
    private void requireNoController(Collection<Integer> brokerIds) {
        for (int id : brokerIds) {
            if (cluster.spec().isController(id)) {
                throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "broker " + id + " is a KRaft controller "
                        + "(brokers " + cluster.spec().describeControllers() + " are); " + (cluster.spec().dynamicQuorum()
                        ? "shrink the dynamic quorum first ('controllers N' leaves the highest ids out)" : "controllers of the static quorum "
                        + "cannot be removed"));
            }
        }
    }

    /** The current or last rebalance. */
    public RebalanceStatus rebalanceStatus() {
        return rebalancer.status();
    }

    /** Cancels the running rebalance. */
    public RebalanceStatus cancelRebalance() {
        return rebalancer.cancel();
    }

    /** Continues a rebalance a former scheduler left running, if any. */
    public RebalanceStatus resume() {
        return rebalancer.resume();
    }

    /**
     * The cluster as Kafka describes it now: every partition with its replicas and in-sync replicas, and the controller
     * quorum with its leader.
     *
     * @throws KafkaOperationException if Kafka does not answer within {@link #REQUEST_TIMEOUT}, or fails
     */
    public RestartSnapshot describe() {
        return RestartSnapshotSource.over(admin.get(), REQUEST_TIMEOUT).read();
    }

    /** The running brokers' endpoints, comma-separated. */
    public String bootstrapServers() {
        return admin.bootstrapServers();
    }

    @Override
    public void close() {
        quorumRounds.cancel(false);
        try {
            rebalancer.close();
        } finally {
            restart.ifPresent(RollingRestartHandle::cancel);
            admin.close();
        }
    }

    /** A started rebalance: its plan and the status right after the start. */
    public record Rebalance(RebalancePlan plan, RebalanceStatus status) {
        public Rebalance {
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(status, "status");
        }
    }

    private RebalancePlan plan(SortedSet<Integer> targets, OptionalInt replicationFactor) {
        SortedMap<TopicPartitionId, List<Integer>> current = new TreeMap<>();
        for (PartitionStateView p : partitions()) {
            current.put(new TopicPartitionId(p.topic(), p.partition()), p.replicas());
        }
        SortedMap<Integer, Optional<String>> racks = new TreeMap<>();
        Map<Integer, String> known = racks();
        targets.forEach(id -> racks.put(id, Optional.ofNullable(known.get(id))));
        return RebalancePlanner.plan(new RebalanceRequest(current, racks, replicationFactor));
    }

    private Map<Integer, String> racks() {
        Map<Integer, String> racks = new TreeMap<>();
        try {
            for (Node n : admin.get().describeCluster().nodes().get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                if (n.hasRack()) {
                    racks.put(n.id(), n.rack());
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaOperationException("cannot read the brokers' racks: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaOperationException("interrupted while reading the brokers' racks", e);
        }
        return racks;
    }

    /** The replica lists of every partition; a small view so that the planner needs no Kafka types. */
    private record PartitionStateView(String topic, int partition, List<Integer> replicas) {
        String name() {
            return topic + "-" + partition;
        }
    }

    private List<PartitionStateView> partitions() {
        List<PartitionStateView> views = new ArrayList<>();
        topics().partitions(Optional.empty()).forEach(p -> views.add(new PartitionStateView(p.topic(), p.partition(), p.replicas())));
        return views;
    }

    /** Completes with the rebalance's final state, polled every second; at once when none was started. */
    private CompletableFuture<RebalanceState> afterRebalance(boolean started) {
        CompletableFuture<RebalanceState> done = new CompletableFuture<>();
        if (!started) {
            done.complete(RebalanceState.DONE);
            return done;
        }
        java.util.concurrent.ScheduledFuture<?>[] poll = new java.util.concurrent.ScheduledFuture<?>[1];
        poll[0] = scheduler.scheduleWithFixedDelay(() -> {
            try {
                RebalanceState state = rebalancer.status().state();
                if (state.isFinal() && done.complete(state)) {
                    poll[0].cancel(false);
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                poll[0].cancel(false);
            }
        }, 1, 1, TimeUnit.SECONDS);
        return done;
    }

    private List<Broker> selected(String ids) {
        List<Broker> brokers = new ArrayList<>();
        join(cluster.explain(ids)).forEach((BrokerStatus s) -> brokers.add(s.broker()));
        if (brokers.isEmpty()) {
            throw new CommandRejectedException(CommandRejectedException.Kind.UNKNOWN_BROKER, "no broker matches '" + ids + "'");
        }
        return brokers;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(LIST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new KafkaOperationException("the cluster failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaOperationException("the cluster did not answer within " + LIST_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaOperationException("interrupted while waiting for the cluster", e);
        }
    }

    /** Builds {@link KafkaOperations}; {@link #store} and {@link #scheduler} are required. */
    public static final class Builder {
        private final KafkaCluster cluster;
        private StateStore store;
        private ScheduledExecutorService scheduler;
        private InstantSource clock = InstantSource.system();
        private RollingRestart.Builder restarts = RollingRestart.builder();
        private Map<String, Object> adminConfig = Map.of();
        private Duration quorumInterval = DEFAULT_QUORUM_INTERVAL;

        private Builder(KafkaCluster cluster) {
            this.cluster = Objects.requireNonNull(cluster, "cluster");
        }

        /** The cluster's (fenced) store, where a rebalance's progress is kept. */
        public Builder store(StateStore value) {
            store = Objects.requireNonNull(value, "store");
            return this;
        }

        /** Runs polls and waits; not shut down by {@link KafkaOperations#close()}. */
        public Builder scheduler(ScheduledExecutorService value) {
            scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /** The time of starts and ends; default the system clock. */
        public Builder clock(InstantSource value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** A rolling restart's timeouts and poll interval; default those of {@link RollingRestart#builder()}. */
        public Builder restarts(RollingRestart.Builder value) {
            restarts = Objects.requireNonNull(value, "restarts");
            return this;
        }

        /** How often the dynamic quorum's voters are compared with the controllers, and changed; default 5 s. */
        public Builder quorumInterval(Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("the quorum interval must be > 0, got " + value);
            }
            quorumInterval = value;
            return this;
        }

        /** Admin client settings besides {@code bootstrap.servers}, such as security settings; default none. */
        public Builder adminConfig(Map<String, Object> value) {
            adminConfig = Map.copyOf(value);
            return this;
        }

        /** @throws IllegalArgumentException if the store or the scheduler is missing */
        public KafkaOperations build() {
            if (store == null || scheduler == null) {
                throw new IllegalArgumentException("Kafka operations need the cluster's store and a scheduler for polls; missing: "
                        + (store == null ? "store " : "") + (scheduler == null ? "scheduler" : ""));
            }
            return new KafkaOperations(this);
        }
    }
}

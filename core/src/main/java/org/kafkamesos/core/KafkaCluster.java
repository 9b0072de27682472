package org.kafkamesos.core;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerIds;
import org.kafkamesos.core.model.BrokerSelector;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.BrokerStatus;
import org.kafkamesos.core.model.ClusterSpec;
import org.kafkamesos.core.model.CommandRejectedException;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.core.scheduler.BrokerCommand;
import org.kafkamesos.core.scheduler.MesosAction;
import org.kafkamesos.core.scheduler.Orchestrator;
import org.kafkamesos.core.scheduler.OrchestratorSettings;
import org.kafkamesos.core.scheduler.Reaction;
import org.kafkamesos.core.scheduler.SchedulerEvent;
import org.kafkamesos.core.store.ClusterStateRepository;
import org.kafkamesos.placement.Offer;
import org.kafkamesos.placement.PlacementEngine;
import org.kafkamesos.state.StateStore;
import org.kafkamesos.state.StateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java API of a Kafka cluster on Mesos: commands by broker id expression, status, explanations,
 * and the entry for Mesos events. Thread-safe: every call is queued to one event loop that owns the
 * {@link Orchestrator}, and answers with a future that the loop completes.
 *
 * <p>Each event's {@link Reaction} is persisted through a {@link ClusterStateRepository} before its
 * actions reach the action sink (the Mesos shell, or the host framework): the write-ahead rule. If the
 * store fails, the cluster stops acting, as a crashed scheduler would, and every later call fails;
 * a new instance restores the stored state and reconciles.
 *
 * <pre>{@code
 * KafkaCluster cluster = KafkaCluster.builder()
 *         .store(leadership.store())
 *         .distribution("https://downloads.example/kafka_2.13-4.1.1.tgz")
 *         .actions(hostFramework::carryOut)
 *         .build();
 * cluster.add("0..2", BrokerSpec.builder().cpus(2).memMb(8192).heapMb(4096).build()).join();
 * cluster.start("*").join();
 * }</pre>
 *
 * <p>To run it on a Mesos driver of its own, hand the builder (without actions) to
 * {@code org.kafkamesos.core.mesos.KafkaFramework}, which wires the driver's callbacks into {@link #onEvent} and the
 * actions onto the driver.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);
    /** The most brokers one expression may add at once. */
    static final int MAX_ADD = 1000;

    private final Orchestrator orchestrator;
    /** The cluster as the event loop last saw it: its controllers are chosen once brokers start. */
    private volatile ClusterSpec spec;
    /** The framework's role, whose reservations hold the brokers' volumes. */
    private final String role;
    private final ClusterStateRepository repository;
    private final Consumer<List<MesosAction>> actions;
    private final InstantSource clock;
    private final ScheduledExecutorService loop;
    private final boolean ownsLoop;
    private volatile StateStoreException storeFailure;
    /** Conditions callers wait for; touched only on the event loop. */
    private final List<Waiter> waiters = new ArrayList<>();

    private KafkaCluster(Builder b) {
        this.repository = ClusterStateRepository.over(b.store);
        this.actions = b.actions;
        this.clock = b.clock;
        this.ownsLoop = b.loop == null;
        this.loop = b.loop != null ? b.loop : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kafka-mesos-" + b.name);
            t.setDaemon(true);
            return t;
        });
        ClusterStateRepository.Snapshot snapshot = repository.load();
        ClusterSpec cluster = snapshot.cluster().orElseGet(() -> {
            if (b.distribution == null) {
                throw new IllegalArgumentException("a new cluster needs the location of the Kafka distribution (Builder.distribution)");
            }
            ClusterSpec created = ClusterSpec.create(b.name, b.controllers, b.distribution);
            repository.saveCluster(created);
            return created;
        });
        this.spec = cluster;
        this.role = b.settings.role();
        this.orchestrator = new Orchestrator(cluster, b.settings, b.engine, snapshot.brokers(), snapshot.frameworkId(), b.uuids);
        long tick = b.tick.toMillis();
        loop.scheduleWithFixedDelay(() -> onEvent(new SchedulerEvent.Tick()), tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Starts a cluster; see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The framework id Mesos gave, once registered, to re-register with. */
    public CompletableFuture<java.util.Optional<String>> frameworkId() {
        return call(orchestrator::frameworkId);
    }

    /**
     * The cluster's description: name, Kafka mode, controllers (which brokers they are once chosen: the first brokers
     * started), cluster id, distribution.
     */
    public ClusterSpec spec() {
        return spec;
    }

    /** Hands a Mesos event (from the Mesos shell) to the event loop. */
    public void onEvent(SchedulerEvent event) {
        Objects.requireNonNull(event, "event");
        call(() -> {
            process(handled(event));
            return null;
        }).exceptionally(e -> {
            LOG.error("event {} could not be handled", event, e);
            return null;
        });
    }

    /**
     * For a host framework that receives offers itself: places pending brokers on {@code offers} and
     * answers with the offers it did not use, instead of declining them. Launches, kills and the other
     * actions still go to the action sink.
     */
    public CompletableFuture<List<Offer>> offer(List<Offer> offers) {
        List<Offer> given = List.copyOf(offers);
        return call(() -> {
            Reaction r = handled(new SchedulerEvent.OffersReceived(given));
            Map<String, Offer> byId = new HashMap<>();
            given.forEach(o -> byId.put(o.id(), o));
            List<Offer> unused = new ArrayList<>();
            List<MesosAction> rest = new ArrayList<>();
            for (MesosAction a : r.actions()) {
                if (a instanceof MesosAction.Decline d && byId.containsKey(d.offerId())) {
                    unused.add(byId.get(d.offerId()));
                } else {
                    rest.add(a);
                }
            }
            process(new Reaction(rest, r.changed(), r.removed(), r.frameworkId()));
            return unused;
        });
    }

    /** Adds brokers {@code ids} (explicit ids or ranges, such as {@code 0..2} or {@code 3,5}) with {@code spec}. */
    public CompletableFuture<List<Broker>> add(String ids, BrokerSpec spec) {
        BrokerSelector selector = BrokerIds.parse(ids);
        List<Integer> explicit = new ArrayList<>();
        for (BrokerSelector.IdRange range : selector.ids()) {
            if (!selector.filters().isEmpty() || (long) range.to() - range.from() + explicit.size() >= MAX_ADD) {
                throw new IllegalArgumentException("add needs explicit broker ids, at most " + MAX_ADD + " (such as 0..2 or 3,5), not '"
                        + ids + "'");
            }
            for (int id = range.from(); id <= range.to(); id++) {
                explicit.add(id);
            }
        }
        return command(new BrokerCommand.Add(explicit, spec));
    }

    /**
     * Gives the brokers {@code ids} selects a new spec, computed from each one's current spec. Every new spec
     * is computed before any is applied, so that a change that throws for one broker changes none.
     */
    public CompletableFuture<List<Broker>> update(String ids, java.util.function.UnaryOperator<BrokerSpec> change) {
        BrokerSelector selector = BrokerIds.parse(ids);
        return call(() -> {
            Map<Integer, BrokerSpec> specs = new java.util.LinkedHashMap<>();
            for (int id : select(selector)) {
                specs.put(id, change.apply(orchestrator.brokers().get(id).spec()));
            }
            List<Broker> updated = new ArrayList<>();
            specs.forEach((id, spec) -> {
                process(orchestrator.apply(new BrokerCommand.Update(List.of(id), spec), clock.instant()));
                updated.add(orchestrator.brokers().get(id));
            });
            return updated;
        });
    }

    /**
     * Gives broker {@code id} {@code spec}, which its running Kafka process has already (the changed options were
     * set as dynamic broker configs through the Admin API): if the broker still runs task {@code taskId}, it is
     * not marked as needing a restart for this change; otherwise this is a plain {@link #update}.
     */
    public CompletableFuture<Broker> updateApplied(int id, String taskId, BrokerSpec spec) {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(spec, "spec");
        return call(() -> {
            Broker b = orchestrator.brokers().get(id);
            if (b == null) {
                throw new CommandRejectedException(CommandRejectedException.Kind.UNKNOWN_BROKER, "no broker " + id);
            }
            boolean live = b.phase() == TaskPhase.RUNNING && b.task().map(t -> t.taskId().equals(taskId)).orElse(false);
            process(orchestrator.apply(new BrokerCommand.Update(List.of(id), spec, live), clock.instant()));
            return orchestrator.brokers().get(id);
        });
    }

    /** Starts the brokers {@code ids} selects. */
    public CompletableFuture<List<Broker>> start(String ids) {
        return selected(ids, BrokerCommand.Start::new);
    }

    /** Stops the brokers {@code ids} selects, killing their tasks in every phase. */
    public CompletableFuture<List<Broker>> stop(String ids) {
        return selected(ids, BrokerCommand.Stop::new);
    }

    /** Restarts the brokers {@code ids} selects, one at a time. */
    public CompletableFuture<List<Broker>> restart(String ids) {
        return selected(ids, BrokerCommand.Restart::new);
    }

    /**
     * Removes the stopped brokers {@code ids} selects. One with a volume of its own is shown as removing until its
     * agent next offers its resources: its volume is then destroyed and its resources unreserved, and it is gone.
     */
    public CompletableFuture<List<Broker>> remove(String ids) {
        return selected(ids, BrokerCommand.Remove::new);
    }

    /**
     * Gives up the host and volume of the brokers {@code ids} selects, whose host is gone for good: each is placed anew
     * on a new volume, and Kafka copies its data from its replicas. A controller of a dynamic quorum that has formed is
     * placed off the other controllers' hosts and joins the quorum with new storage, which {@code KafkaOperations} then
     * makes a voter in place of its old one. Refused for a controller of a static quorum (its voters are fixed) or of a
     * dynamic one still forming, and for a broker that still has a task, or has no volume of its own and is no controller.
     */
    public CompletableFuture<List<Broker>> replace(String ids) {
        return selected(ids, BrokerCommand.Replace::new);
    }

    /**
     * Grows or shrinks the dynamic quorum to {@code count} controllers: the next brokers started that never ran join it,
     * or the highest ids leave it; {@code KafkaOperations} makes the voter changes one at a time. Completes with the
     * cluster as it is then.
     */
    public CompletableFuture<ClusterSpec> setControllers(int count) {
        return call(() -> {
            process(orchestrator.setControllers(count, clock.instant()));
            return orchestrator.cluster();
        });
    }

    /** Every broker, by id. */
    public CompletableFuture<SortedMap<Integer, Broker>> list() {
        return call(orchestrator::brokers);
    }

    /** Why each broker {@code ids} selects is or is not running. */
    public CompletableFuture<List<BrokerStatus>> explain(String ids) {
        BrokerSelector selector = BrokerIds.parse(ids);
        return call(() -> {
            List<BrokerStatus> statuses = new ArrayList<>();
            for (int id : select(selector)) {
                statuses.add(BrokerStatus.of(orchestrator.brokers().get(id),
                        java.util.Optional.ofNullable(orchestrator.lastExplanations().get(id)), clock.instant(), role));
            }
            return statuses;
        });
    }

    /**
     * Completes with the brokers {@code ids} selects (selected now) once every one of them satisfies
     * {@code condition}, which is checked now and after every event and command; for example
     * {@code await("0..2", b -> b.phase() == TaskPhase.RUNNING, Duration.ofMinutes(2))}. A broker removed
     * meanwhile never satisfies it. Completes exceptionally with a {@link java.util.concurrent.TimeoutException}
     * after {@code timeout}, and with {@link CommandRejectedException} if {@code ids} selects no broker.
     */
    public CompletableFuture<List<Broker>> await(String ids, java.util.function.Predicate<Broker> condition, Duration timeout) {
        BrokerSelector selector = BrokerIds.parse(ids);
        Objects.requireNonNull(condition, "condition");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0, got " + timeout);
        }
        CompletableFuture<List<Broker>> done = new CompletableFuture<>();
        call(() -> {
            List<Integer> chosen = select(selector);
            if (chosen.isEmpty()) {
                throw new CommandRejectedException(CommandRejectedException.Kind.UNKNOWN_BROKER, "no broker matches '" + ids + "'");
            }
            Waiter waiter = new Waiter(chosen, condition, done);
            if (!waiter.check(orchestrator.brokers())) {
                waiters.add(waiter);
                done.whenComplete((r, e) -> loop.execute(() -> waiters.remove(waiter)));
            }
            return null;
        }).whenComplete((r, e) -> {
            if (e != null) {
                done.completeExceptionally(e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e);
            }
        });
        return done.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A caller waiting until every one of {@code ids} satisfies {@code condition}. */
    private record Waiter(List<Integer> ids, java.util.function.Predicate<Broker> condition, CompletableFuture<List<Broker>> done) {

        /** Completes {@link #done} and answers true if the condition holds for every broker in {@code brokers}. */
        boolean check(SortedMap<Integer, Broker> brokers) {
            List<Broker> selected = new ArrayList<>(ids.size());
            for (int id : ids) {
                Broker b = brokers.get(id);
                if (b == null || !condition.test(b)) {
                    return false;
                }
                selected.add(b);
            }
            done.complete(selected);
            return true;
        }
    }

    private CompletableFuture<List<Broker>> selected(String ids, java.util.function.Function<List<Integer>, BrokerCommand> command) {
        BrokerSelector selector = BrokerIds.parse(ids);
        return call(() -> {
            List<Integer> chosen = select(selector);
            if (chosen.isEmpty()) {
                throw new CommandRejectedException(CommandRejectedException.Kind.UNKNOWN_BROKER, "no broker matches '" + ids + "'");
            }
            return run(command.apply(chosen));
        });
    }

    private CompletableFuture<List<Broker>> command(BrokerCommand command) {
        return call(() -> run(command));
    }

    private List<Broker> run(BrokerCommand command) {
        process(orchestrator.apply(command, clock.instant()));
        List<Broker> result = new ArrayList<>();
        command.ids().forEach(id -> {
            Broker b = orchestrator.brokers().get(id);
            if (b != null) {
                result.add(b);
            }
        });
        return result;
    }

    private List<Integer> select(BrokerSelector selector) {
        SortedMap<Integer, Map<String, String>> hosts = new TreeMap<>();
        orchestrator.brokers().forEach((id, b) -> {
            Map<String, String> attributes = new HashMap<>();
            b.task().ifPresent(t -> {
                attributes.putAll(t.attributes());
                attributes.put(BrokerSelector.HOSTNAME, t.hostname());
            });
            hosts.put(id, attributes);
        });
        return selector.select(hosts);
    }

    /** Persists, then acts: the write-ahead rule. */
    /** The orchestrator's reaction to {@code event}, its failure logged once. */
    private Reaction handled(SchedulerEvent event) {
        Reaction r = orchestrator.handle(event, clock.instant());
        r.failure().ifPresent(e -> LOG.error("a {} event could not be handled; nothing changed and its offers are declined",
                event.getClass().getSimpleName(), e));
        return r;
    }

    private void process(Reaction r) {
        try {
            r.frameworkId().ifPresent(repository::saveFrameworkId);
            if (r.cluster().isPresent()) {
                repository.saveCluster(r.cluster().get());
                spec = r.cluster().get();
            }
            if (!r.changed().isEmpty()) {
                repository.saveAll(r.changed());
            }
            r.removed().forEach(repository::removeBroker);
        } catch (StateStoreException e) {
            storeFailure = e;
            LOG.error("the state store failed; this scheduler stops acting, and a new one recovers from the store", e);
            throw e;
        }
        if (!r.actions().isEmpty()) {
            actions.accept(r.actions());
        }
        if (!waiters.isEmpty()) {
            SortedMap<Integer, Broker> brokers = orchestrator.brokers();
            waiters.removeIf(w -> w.done().isDone() || w.check(brokers));
        }
    }

    private <T> CompletableFuture<T> call(Supplier<T> task) {
        if (storeFailure != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the state store failed: " + storeFailure.getMessage()
                    + "; start a new scheduler, which recovers from the store", storeFailure));
        }
        return CompletableFuture.supplyAsync(task, loop);
    }

    /** Stops the event loop if the cluster created it. Tasks keep running; a new instance takes over. */
    @Override
    public void close() {
        if (ownsLoop) {
            loop.shutdownNow();
        }
    }

    /**
     * Builds a {@link KafkaCluster}. Required: {@link #store}, {@link #distribution} (unless the store already
     * holds the cluster) and {@link #actions}.
     */
    public static final class Builder {
        private String name = "kafka";
        private int controllers = 3;
        private String distribution;
        private StateStore store;
        private OrchestratorSettings settings = OrchestratorSettings.DEFAULT;
        private PlacementEngine engine = PlacementEngine.create();
        private InstantSource clock = InstantSource.system();
        private ScheduledExecutorService loop;
        private Duration tick = Duration.ofSeconds(5);
        private Consumer<List<MesosAction>> actions;
        private Supplier<UUID> uuids = UUID::randomUUID;

        private Builder() {
        }

        /** The cluster's name, which prefixes task ids; default {@code kafka}. Ignored when the store holds a cluster. */
        public Builder name(String value) {
            name = value;
            return this;
        }

        /**
         * How many brokers are KRaft controllers: the first started, by id when several start at once, chosen once;
         * default 3. Ignored when the store holds a cluster.
         */
        public Builder controllers(int value) {
            controllers = value;
            return this;
        }

        /** Where executors find Kafka: a folder or a URI the Mesos fetcher unpacks. Ignored when the store holds a cluster. */
        public Builder distribution(String value) {
            distribution = value;
            return this;
        }

        /** Where the state lives; pass a {@link org.kafkamesos.state.Leadership#store()} so that a deposed scheduler is fenced. */
        public Builder store(StateStore value) {
            store = value;
            return this;
        }

        public Builder settings(OrchestratorSettings value) {
            settings = value;
            return this;
        }

        public Builder engine(PlacementEngine value) {
            engine = value;
            return this;
        }

        /** The clock; default the system clock. */
        public Builder clock(InstantSource value) {
            clock = value;
            return this;
        }

        /** A single-threaded executor to run the event loop on; default one the cluster creates and closes. */
        public Builder loop(ScheduledExecutorService value) {
            loop = value;
            return this;
        }

        /** How often time is looked at (back-offs, reconciliation, rolling restarts); default 5 seconds. */
        public Builder tick(Duration value) {
            tick = value;
            return this;
        }

        /** Where Mesos actions go, on the event loop's thread: the Mesos shell or the host framework. */
        public Builder actions(Consumer<List<MesosAction>> value) {
            actions = value;
            return this;
        }

        /** The source of task id suffixes; default random UUIDs. */
        public Builder uuids(Supplier<UUID> value) {
            uuids = value;
            return this;
        }

        public KafkaCluster build() {
            if (store == null || actions == null) {
                throw new IllegalArgumentException("a cluster needs a state store and an action sink");
            }
            if (tick == null || tick.isNegative() || tick.isZero()) {
                throw new IllegalArgumentException("tick must be > 0, got " + tick);
            }
            return new KafkaCluster(this);
        }
    }
}

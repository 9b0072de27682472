package org.kafkamesos.core.rebalance;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.kafkamesos.core.model.CommandRejectedException;
import org.kafkamesos.state.FencedException;
import org.kafkamesos.state.StateStore;
import org.kafkamesos.state.StateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link RebalancePlan} with Kafka's Admin client, safely.
 *
 * <ul>
 *   <li>Refuses to start while any partition reassignment runs in the cluster or a rebalance of its own is
 *       {@link RebalanceState#RUNNING} (persisted, even by another instance), and refuses a plan that moves nothing
 *       or whose current replicas are no longer the cluster's.</li>
 *   <li>Sets the replication throttles of the whole plan ({@link RebalanceLimits#throttleBytesPerSecond()}; see
 *       {@link ThrottleConfigs}) before the first move and removes them when the rebalance ends, however it ends.</li>
 *   <li>Moves partitions in batches within {@link RebalanceLimits} (moves in flight per broker and per cluster),
 *       polling every {@link RebalanceLimits#pollInterval()} on the injected executor: finished moves are marked
 *       done, the next batch is submitted.</li>
 *   <li>Stops ({@link RebalanceState#STOPPED}) when a partition in flight has fewer in-sync replicas than its topic's
 *       {@code min.insync.replicas}: the moves in flight are cancelled (their partitions keep their current replicas;
 *       partitions already moved stay moved) and the throttles removed.</li>
 *   <li>Ends with a preferred leader election over the moved partitions.</li>
 * </ul>
 *
 * <p>Its state is persisted under one key of the {@link StateStore} (default {@value #DEFAULT_KEY}) when it starts,
 * before each batch is submitted (written ahead, so a batch is never in Kafka without being on record) and when it
 * ends. After a scheduler restart, {@link #resume()} on a new instance carries on a rebalance that was running:
 * moves recorded in flight are done if their partition reached its target, still in flight if Kafka still
 * reassigns them, and submitted again otherwise. A rebalance that had ended is left as it was.
 *
 * <p>Thread-safe. Calls are serialised with the poll; each waits for Kafka up to the Admin timeout (default 30
 * seconds). Failures to reach Kafka or the store during a poll are logged and retried at the next poll, and shown
 * as the status' reason meanwhile. A store that fences this instance (another scheduler leads) ends its polling
 * without touching Kafka.
 */
public final class RebalanceExecutor implements AutoCloseable {

    /** The default key of the persisted state. */
    public static final String DEFAULT_KEY = "/rebalance";
    /** The default time to wait for one answer of Kafka: 30 seconds. */
    public static final Duration DEFAULT_ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(RebalanceExecutor.class);

    private final AdminHandle admin;
    private final KafkaReassignments kafka;
    private final StateStore store;
    private final String key;
    private final ScheduledExecutorService executor;
    private final InstantSource clock;
    private final Object lock = new Object();

    /** The state this instance drives; null while it drives none (then the store is the truth). */
    private ExecutionState driving;
    private ScheduledFuture<?> polling;
    private boolean closed;

    private RebalanceExecutor(Builder builder) {
        this.admin = new AdminHandle(builder.admins, builder.ownsAdmin);
        this.kafka = new KafkaReassignments(admin::get, builder.adminTimeout);
        this.store = builder.store;
        this.key = builder.key;
        this.executor = builder.executor;
        this.clock = builder.clock;
    }

    /**
     * A builder of an executor that creates its Admin client from {@code admins} on first use and closes it in
     * {@link #close()}.
     *
     * @param admins   creates the Admin client of the cluster to rebalance
     * @param store    where the state is persisted
     * @param executor runs the polls; not shut down by {@link #close()}
     * @param clock    the time of starts and ends
     */
    public static Builder builder(Supplier<Admin> admins, StateStore store, ScheduledExecutorService executor,
                                  InstantSource clock) {
        return new Builder(admins, true, store, executor, clock);
    }

    /** A builder of an executor that uses {@code admin}, which stays the caller's to close. */
    public static Builder builder(Admin admin, StateStore store, ScheduledExecutorService executor, InstantSource clock) {
        Objects.requireNonNull(admin, "admin");
        return new Builder(() -> admin, false, store, executor, clock);
    }

    /**
     * Starts moving the partitions of {@code plan} whose target replicas differ from their current ones.
     *
     * @return the status right after the start: RUNNING, the first batch possibly already submitted
     * @throws CommandRejectedException with {@link CommandRejectedException.Kind#CONFLICT} when a reassignment runs in
     *                                  the cluster, a rebalance of this executor's store is RUNNING, or a partition's
     *                                  replicas are no longer the plan's current ones; with
     *                                  {@link CommandRejectedException.Kind#INVALID} when the plan moves nothing or
     *                                  names a partition that does not exist
     * @throws RebalanceException       when Kafka does not answer or refuses the throttles (nothing stays throttled)
     */
    public RebalanceStatus start(RebalancePlan plan, RebalanceLimits limits) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(limits, "limits");
        synchronized (lock) {
            ensureOpen();
            Optional<ExecutionState> last = driving != null ? Optional.of(driving) : load();
            if (last.isPresent() && last.get().state() == RebalanceState.RUNNING) {
                throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT,
                        "a rebalance started at " + last.get().started() + " is running; cancel it or let it finish");
            }
            List<TrackedMove> moves = PlannedMoves.of(plan);
            if (moves.isEmpty()) {
                throw new CommandRejectedException(CommandRejectedException.Kind.INVALID,
                        "the plan moves no partition: every target equals the current replicas");
            }
            Set<TopicPartitionId> reassigning = kafka.reassigning();
            if (!reassigning.isEmpty()) {
                throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT,
                        "another reassignment is running, of " + names(reassigning));
            }
            Set<String> topics = moves.stream().map(m -> m.partition().topic()).collect(Collectors.toCollection(TreeSet::new));
            Map<TopicPartitionId, ClusterObservation.PartitionReplicas> actual = kafka.describe(topics);
            PlannedMoves.requireCurrent(moves, actual);
            Map<TopicPartitionId, Long> sizes = kafka.sizes(moves.stream()
                    .collect(Collectors.toMap(TrackedMove::partition, m -> actual.get(m.partition()))));
            List<TrackedMove> sized = moves.stream().map(m -> TrackedMove.pending(m.partition(), m.current(), m.target(),
                    sizes.getOrDefault(m.partition(), 0L))).toList();
            ExecutionState state = ExecutionState.running(clock.instant(), limits, sized);
            persist(state);
            driving = state;
            try {
                kafka.apply(state.throttles());
            } catch (RebalanceException e) {
                try {
                    end(RebalanceState.FAILED, "Kafka refused the replication throttles: " + e.getMessage());
                } catch (RuntimeException cleanup) {
                    // Still RUNNING in the store: cancel() or resume() later removes or completes what was set
                    e.addSuppressed(cleanup);
                    driving = null;
                }
                throw e;
            }
            LOG.info("Rebalance started: {} partitions, {} bytes, throttled to {} bytes/s", sized.size(),
                    state.status().bytesTotal(), limits.throttleBytesPerSecond());
            poll();
            schedulePolling();
            return driving.status();
        }
    }

    /**
     * Carries on the persisted rebalance if it is RUNNING and no instance of this object drives it yet: sets its
     * throttles again and polls. Anything else is left as it is.
     *
     * @return the status
     * @throws RebalanceException when Kafka does not answer or refuses the throttles (then call again)
     */
    public RebalanceStatus resume() {
        synchronized (lock) {
            ensureOpen();
            if (driving != null) {
                return driving.status();
            }
            Optional<ExecutionState> last = load();
            if (last.isEmpty() || last.get().state() != RebalanceState.RUNNING) {
                return last.map(ExecutionState::status).orElse(RebalanceStatus.IDLE);
            }
            kafka.apply(last.get().throttles());
            driving = last.get();
            LOG.info("Rebalance resumed: {} of {} partitions done, {} recorded in flight",
                    driving.status().partitionsDone(), driving.moves().size(), driving.status().inFlight());
            poll();
            schedulePolling();
            return driving.status();
        }
    }

    /**
     * The rebalance's status: the one this instance drives, or else the last persisted one ({@link RebalanceStatus#IDLE}
     * when there is none).
     */
    public RebalanceStatus status() {
        synchronized (lock) {
            if (driving != null) {
                return driving.status();
            }
            return load().map(ExecutionState::status).orElse(RebalanceStatus.IDLE);
        }
    }

    /**
     * Cancels the running rebalance, whether this instance or a stopped one drove it: the moves in flight are
     * cancelled (their partitions keep their current replicas; partitions already moved stay moved), the throttles
     * removed, the state CANCELLED. Without a running rebalance, nothing changes.
     *
     * @return the status after the cancellation
     * @throws RebalanceException when Kafka does not answer (the rebalance keeps running; call again)
     */
    public RebalanceStatus cancel() {
        synchronized (lock) {
            ensureOpen();
            if (driving == null) {
                Optional<ExecutionState> last = load();
                if (last.isEmpty() || last.get().state() != RebalanceState.RUNNING) {
                    return last.map(ExecutionState::status).orElse(RebalanceStatus.IDLE);
                }
                driving = last.get();
            }
            end(RebalanceState.CANCELLED, "cancelled");
            return status();
        }
    }

    /**
     * Stops polling and closes an Admin client this executor created. A running rebalance stays RUNNING, throttled,
     * in the store: a new instance {@link #resume() resumes} or {@link #cancel() cancels} it.
     */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            stopPolling();
            driving = null;
            admin.close();
        }
    }

    /** One poll; runs on the executor, and once right after a start or resume. */
    private void poll() {
        synchronized (lock) {
            if (closed || driving == null || driving.state() != RebalanceState.RUNNING) {
                return;
            }
            try {
                ClusterObservation seen = kafka.observe(driving.inPhase(TrackedMove.Phase.IN_FLIGHT));
                ExecutionStep.Outcome outcome = ExecutionStep.decide(driving, seen);
                if (outcome instanceof ExecutionStep.Continue next) {
                    carryOn(next);
                } else if (outcome instanceof ExecutionStep.Complete complete) {
                    complete(complete.next());
                } else if (outcome instanceof ExecutionStep.Halt halt) {
                    LOG.warn("Rebalance {}: {}", halt.end(), halt.reason());
                    end(halt.end(), halt.reason());
                }
            } catch (FencedException e) {
                LOG.warn("Rebalance: another scheduler leads now; this one stops polling and leaves Kafka alone");
                stopPolling();
                driving = null;
            } catch (RebalanceException | StateStoreException e) {
                LOG.warn("Rebalance poll failed, retrying in {}: {}", driving.limits().pollInterval(), e.getMessage());
                driving = driving.withReason(Optional.of("the last poll failed: " + e.getMessage()));
            } catch (RuntimeException e) {
                // A scheduled task that throws is never run again: keep polling, and say why it failed
                LOG.error("Rebalance poll failed unexpectedly, retrying in {}", driving.limits().pollInterval(), e);
                driving = driving.withReason(Optional.of("the last poll failed: " + e));
            }
        }
    }

    private void carryOn(ExecutionStep.Continue next) {
        boolean changed = !next.next().moves().equals(driving.moves()) || driving.reason().isPresent();
        ExecutionState state = next.next().withReason(Optional.empty());
        if (changed) {
            persist(state);
        }
        driving = state;
        if (next.submit().isEmpty()) {
            return;
        }
        Map<TopicPartitionId, String> refused = kafka.submit(next.submit());
        if (!refused.isEmpty()) {
            end(RebalanceState.FAILED, "Kafka refused to reassign " + names(refused.entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").toList()));
            return;
        }
        LOG.info("Rebalance: submitted {} moves; {} of {} partitions done", next.submit().size(),
                state.status().partitionsDone(), state.moves().size());
    }

    private void complete(ExecutionState settled) {
        Map<TopicPartitionId, String> failed = kafka.electPreferredLeaders(
                settled.moves().stream().map(TrackedMove::partition).toList());
        kafka.remove(settled.throttles());
        Optional<String> why = failed.isEmpty() ? Optional.empty() : Optional.of("preferred leader election failed for "
                + names(failed.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                .toList()));
        ExecutionState done = settled.finish(RebalanceState.DONE, clock.instant(), why);
        persist(done);
        driving = done;
        stopPolling();
        LOG.info("Rebalance done: {} partitions, {} bytes{}", done.moves().size(), done.status().bytesTotal(),
                why.map(w -> "; " + w).orElse(""));
    }

    /** Cancels the moves in flight, removes the throttles, then records the end. */
    private void end(RebalanceState end, String reason) {
        kafka.cancel(driving.inPhase(TrackedMove.Phase.IN_FLIGHT).stream().map(TrackedMove::partition).toList());
        kafka.remove(driving.throttles());
        ExecutionState ended = driving.finish(end, clock.instant(), Optional.of(reason));
        persist(ended);
        driving = ended;
        stopPolling();
        LOG.info("Rebalance {}: {}", end, reason);
    }

    private void schedulePolling() {
        if (driving != null && driving.state() == RebalanceState.RUNNING && polling == null) {
            long interval = driving.limits().pollInterval().toMillis();
            polling = executor.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    private void stopPolling() {
        if (polling != null) {
            polling.cancel(false);
            polling = null;
        }
    }

    private Optional<ExecutionState> load() {
        return store.get(key).map(v -> ExecutionStateCodec.decode(v.value()));
    }

    private void persist(ExecutionState state) {
        store.put(key, ExecutionStateCodec.encode(state));
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this rebalance executor is closed");
        }
    }

    private static String names(Set<TopicPartitionId> partitions) {
        return names(partitions.stream().sorted().map(TopicPartitionId::toString).toList());
    }

    private static String names(List<String> names) {
        return ExecutionStep.names(new ArrayList<>(names));
    }

    /** Options of a {@link RebalanceExecutor}. */
    public static final class Builder {
        private final Supplier<Admin> admins;
        private final boolean ownsAdmin;
        private final StateStore store;
        private final ScheduledExecutorService executor;
        private final InstantSource clock;
        private String key = DEFAULT_KEY;
        private Duration adminTimeout = DEFAULT_ADMIN_TIMEOUT;

        private Builder(Supplier<Admin> admins, boolean ownsAdmin, StateStore store, ScheduledExecutorService executor,
                        InstantSource clock) {
            this.admins = Objects.requireNonNull(admins, "admins");
            this.ownsAdmin = ownsAdmin;
            this.store = Objects.requireNonNull(store, "store");
            this.executor = Objects.requireNonNull(executor, "executor");
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /** The store key of the persisted state, a path such as {@code /clusters/a/rebalance}; default {@value RebalanceExecutor#DEFAULT_KEY}. */
        public Builder key(String key) {
            if (key == null || !key.startsWith("/")) {
                throw new IllegalArgumentException("the key must be a path starting with '/', got " + key);
            }
            this.key = key;
            return this;
        }

        /** How long to wait for each answer of Kafka, positive; default 30 seconds. */
        public Builder adminTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the Admin timeout must be positive, got " + timeout);
            }
            this.adminTimeout = timeout;
            return this;
        }

        public RebalanceExecutor build() {
            return new RebalanceExecutor(this);
        }
    }
}

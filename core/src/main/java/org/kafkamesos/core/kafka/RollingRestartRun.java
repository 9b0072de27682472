package org.kafkamesos.core.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.Durations;
import org.kafkamesos.core.model.TaskPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a {@link RollingRestart}: a chain of steps on the scheduler, each scheduling the next, so that no
 * thread waits between polls. Steps never overlap; the status is an immutable value published through a volatile field.
 */
final class RollingRestartRun implements RollingRestartHandle {

    private static final Logger LOG = LoggerFactory.getLogger(RollingRestartRun.class);

    private final RollingRestart.Builder settings;
    private final SortedSet<Integer> remaining;
    private final SortedMap<Integer, RollingRestartStatus.BrokerStep> steps = new TreeMap<>();
    private final CompletableFuture<RollingRestartStatus> outcome = new CompletableFuture<>();
    private volatile RollingRestartStatus status;
    private volatile boolean cancelled;

    RollingRestartRun(RollingRestart.Builder settings, SortedSet<Integer> ids) {
        this.settings = settings;
        this.remaining = new TreeSet<>(ids);
        ids.forEach(id -> steps.put(id, RollingRestartStatus.BrokerStep.PENDING));
        this.status = new RollingRestartStatus(RollingRestartStatus.State.RUNNING, steps, Optional.empty());
    }

    void begin() {
        LOG.info("rolling restart of brokers {}", remaining);
        schedule(this::next, Duration.ZERO);
    }

    @Override
    public RollingRestartStatus status() {
        return status;
    }

    @Override
    public CompletableFuture<RollingRestartStatus> outcome() {
        return outcome;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    /** Picks the next broker and starts waiting for the gate, or ends the run. */
    private void next() {
        if (stopIfCancelled()) {
            return;
        }
        if (remaining.isEmpty()) {
            status = new RollingRestartStatus(RollingRestartStatus.State.DONE, steps, Optional.empty());
            LOG.info("rolling restart done: brokers {} restarted", steps.keySet());
            outcome.complete(status);
            return;
        }
        Optional<RestartSnapshot> snapshot = read().snapshot;
        int id = choose(remaining, snapshot.map(RestartSnapshot::quorum));
        remaining.remove(id);
        step(id, RollingRestartStatus.BrokerStep.WAITING_FOR_GATE, Optional.empty());
        Instant deadline = settings.clock.instant().plus(settings.gateTimeout);
        gate(id, deadline, snapshot);
    }

    /**
     * The next broker: not a controller first, then controllers, the quorum leader last; by id within each group.
     * Without a snapshot, the lowest id.
     */
    static int choose(SortedSet<Integer> remaining, Optional<QuorumState> quorum) {
        SortedSet<Integer> voters = quorum.map(QuorumState::voterIds).orElse(new TreeSet<>());
        OptionalInt leader = quorum.map(QuorumState::leaderId).orElse(OptionalInt.empty());
        return remaining.stream()
                .min(java.util.Comparator.<Integer>comparingInt(id -> voters.contains(id) ? 1 : 0)
                        .thenComparingInt(id -> leader.isPresent() && leader.getAsInt() == id ? 1 : 0)
                        .thenComparingInt(id -> id))
                .orElseThrow();
    }

    private void gate(int id, Instant deadline, Optional<RestartSnapshot> given) {
        if (stopIfCancelled()) {
            return;
        }
        Read read = given.isPresent() ? new Read(given, "") : read();
        String blocked;
        if (read.snapshot.isPresent()) {
            RestartDecision decision = RestartGate.check(id, read.snapshot.get());
            if (decision.allowed()) {
                restart(id);
                return;
            }
            blocked = decision.describe();
        } else {
            blocked = "broker " + id + " not restarted: the cluster could not be read (" + read.error + ")";
        }
        if (!settings.clock.instant().isBefore(deadline)) {
            fail(id, blocked + "; waited " + Durations.format(settings.gateTimeout));
            return;
        }
        status = new RollingRestartStatus(RollingRestartStatus.State.RUNNING, steps, Optional.of(blocked));
        LOG.debug("rolling restart waits: {}", blocked);
        schedule(() -> gate(id, deadline, Optional.empty()), settings.pollInterval);
    }

    private void restart(int id) {
        step(id, RollingRestartStatus.BrokerStep.RESTARTING, Optional.empty());
        String ids = String.valueOf(id);
        settings.cluster.list()
                .thenCompose(brokers -> {
                    String oldTask = brokers.get(id).task().map(t -> t.taskId()).orElse("");
                    LOG.info("rolling restart: restarting broker {} (task {})", id, oldTask);
                    return settings.cluster.restart(ids).thenCompose(r -> settings.cluster.await(ids,
                            b -> b.phase() == TaskPhase.RUNNING && !b.task().map(t -> t.taskId()).orElse("").equals(oldTask),
                            settings.restartTimeout));
                })
                .whenComplete((running, e) -> run(() -> {
                    if (e != null) {
                        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                        String why = cause instanceof java.util.concurrent.TimeoutException
                                ? "it did not run again within " + Durations.format(settings.restartTimeout)
                                : cause.toString();
                        fail(id, "broker " + id + " was restarted but " + why);
                        return;
                    }
                    Broker b = running.get(0);
                    LOG.info("rolling restart: broker {} runs again (task {}); waiting for its partitions' ISR", id,
                            b.task().map(t -> t.taskId()).orElse("?"));
                    step(id, RollingRestartStatus.BrokerStep.RECOVERING, Optional.empty());
                    recover(id, settings.clock.instant().plus(settings.recoveryTimeout));
                }));
    }

    private void recover(int id, Instant deadline) {
        Read read = read();
        String waiting;
        if (read.snapshot.isPresent()) {
            List<PartitionState> lagging = new ArrayList<>();
            for (PartitionState p : read.snapshot.get().partitions()) {
                if (p.hostedBy(id) && p.underReplicated()) {
                    lagging.add(p);
                }
            }
            if (lagging.isEmpty()) {
                step(id, RollingRestartStatus.BrokerStep.DONE, Optional.empty());
                LOG.info("rolling restart: broker {} done", id);
                next();
                return;
            }
            waiting = "broker " + id + " restarted, partitions not yet recovered: " + lagging.stream()
                    .map(p -> p.name() + " (ISR " + new TreeSet<>(p.isr()) + " of replicas " + new TreeSet<>(p.replicas()) + ")")
                    .collect(Collectors.joining(", "));
        } else {
            waiting = "broker " + id + " restarted, its partitions could not be read (" + read.error + ")";
        }
        if (!settings.clock.instant().isBefore(deadline)) {
            fail(id, waiting + "; waited " + Durations.format(settings.recoveryTimeout));
            return;
        }
        status = new RollingRestartStatus(RollingRestartStatus.State.RUNNING, steps, Optional.of(waiting));
        if (stopIfCancelled()) {
            return;
        }
        schedule(() -> recover(id, deadline), settings.pollInterval);
    }

    /** A snapshot, or why there is none. */
    private record Read(Optional<RestartSnapshot> snapshot, String error) {
    }

    private Read read() {
        try {
            return new Read(Optional.of(settings.snapshots.read()), "");
        } catch (RuntimeException e) {
            LOG.debug("rolling restart: snapshot not read", e);
            return new Read(Optional.empty(), e.getMessage());
        }
    }

    private void step(int id, RollingRestartStatus.BrokerStep step, Optional<String> reason) {
        steps.put(id, step);
        status = new RollingRestartStatus(RollingRestartStatus.State.RUNNING, steps, reason);
    }

    private boolean stopIfCancelled() {
        if (cancelled) {
            fail(-1, "cancelled");
        }
        return cancelled;
    }

    private void fail(int id, String reason) {
        status = new RollingRestartStatus(RollingRestartStatus.State.FAILED, steps, Optional.of(reason));
        if (id >= 0) {
            LOG.warn("rolling restart stopped at broker {}: {}", id, reason);
        } else {
            LOG.warn("rolling restart stopped: {}", reason);
        }
        outcome.complete(status);
    }

    private void schedule(Runnable step, Duration delay) {
        try {
            settings.scheduler.schedule(guard(step), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            fail(-1, "the scheduler refused the next step (shut down?)");
        }
    }

    /** {@code step}, such that a bug in it ends the run rather than leaving it hanging. */
    private Runnable guard(Runnable step) {
        return () -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.error("rolling restart step failed", e);
                fail(-1, "internal error: " + e);
            }
        };
    }

    /** Runs {@code step} on the scheduler. */
    private void run(Runnable step) {
        try {
            settings.scheduler.execute(guard(step));
        } catch (RejectedExecutionException e) {
            fail(-1, "the scheduler refused the next step (shut down?)");
        }
    }
}

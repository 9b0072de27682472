package org.kafkamesos.core.scheduler;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerVolume;
import org.kafkamesos.core.model.ClusterSpec;
import org.kafkamesos.core.model.CommandRejectedException;
import org.kafkamesos.core.model.MesosTaskState;
import org.kafkamesos.core.model.Task;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.placement.PlacementEngine;

/**
 * Turns Mesos events and operators' commands into Mesos actions, one event at a time: the
 * functional core of the scheduler. Not thread-safe by design: one event loop owns it. Every
 * broker change goes through {@link Lifecycle#next}; every {@link Reaction} lists what to persist
 * before its actions are carried out.
 *
 * <ul>
 *   <li>Offers: one placement call per offer cycle over every pending broker; unused offers are
 *       declined ({@link OfferCycle}). Offers are suppressed when no broker waits and revived when one does.</li>
 *   <li>Reconciliation: explicit at every (re)registration for every known task, retried with back-off
 *       and a bounded number of attempts, after which unanswered tasks are taken as gone; then implicit on a
 *       timer ({@link Reconciliation}). A live task that is no broker's current task is killed.</li>
 *   <li>Storage: a broker gets a persistent volume of its own at its first launch (reserved, created and launched
 *       on in one accept) and is launched again only on an offer carrying it; a removed broker's volume is released
 *       when its agent offers it, and so is any reservation of the cluster's that no broker owns
 *       ({@link OfferCycle}).</li>
 *   <li>Rolling restart: one broker at a time, the next once the previous runs a new task.</li>
 *   <li>Controllers: chosen among the first brokers started (roles {@code controller} and {@code both} first, never
 *       {@code broker}); a dynamic quorum forms when its first controller runs. From then on a controller with new
 *       storage (replaced by the operator, or automatically once its agent has been lost
 *       {@link OrchestratorSettings#replaceLostControllersAfter()}, or added by {@link #setControllers}) joins it, and
 *       {@code KafkaOperations} makes the voter changes; this class only places the nodes.</li>
 * </ul>
 */
public final class Orchestrator {

    private ClusterSpec cluster;
    private final OrchestratorSettings settings;
    private final PlacementEngine engine;
    private final Supplier<UUID> uuids;
    private final SortedMap<Integer, Broker> brokers = new TreeMap<>();
    private Reconciliation reconciliation;
    private final Map<Integer, String> lastExplanations = new TreeMap<>();
    private final Deque<Integer> restartQueue = new ArrayDeque<>();
    private Optional<String> frameworkId;
    private boolean registered;
    private boolean suppressed;
    /** The broker being restarted and the task it had when its restart began. */
    private Optional<Map.Entry<Integer, String>> restarting = Optional.empty();
    /** When an offer last carried each broker's volume, since this orchestrator began. */
    private final Map<Integer, Instant> lastVolumeOffer = new TreeMap<>();
    /** When this orchestrator handled its first event. */
    private Instant started;
    /** The brokers that were launchable (pending, or removed and waiting for their reservation) after the last event. */
    private Set<Integer> launchable = Set.of();
    /** Whether offers were declined with a refuse time since the last revive or registration. */
    private boolean filtersMayHold;
    /** The controllers whose task was on an agent Mesos reported lost, with that agent and when, until they run again. */
    private final Map<Integer, Map.Entry<String, Instant>> lostControllers = new TreeMap<>();

    /**
     * @param cluster     the cluster
     * @param restored    brokers as persisted (after a restart of the scheduler), or none
     * @param frameworkId the framework id as persisted, if any
     * @param uuids       the source of task id suffixes (random in production, fixed in tests)
     */
    public Orchestrator(ClusterSpec cluster, OrchestratorSettings settings, PlacementEngine engine, Map<Integer, Broker> restored,
                        Optional<String> frameworkId, Supplier<UUID> uuids) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.uuids = Objects.requireNonNull(uuids, "uuids");
        this.frameworkId = Objects.requireNonNull(frameworkId, "frameworkId");
        restored.forEach((id, b) -> this.brokers.put(id, withKeptControllerPort(b, cluster)));
        this.reconciliation = new Reconciliation(settings);
    }

    /** Where every controller listened before controller ports came from offers. */
    static final int LEGACY_CONTROLLER_PORT = 9093;

    /**
     * A controller restored from a record written before controller ports came from offers has run on
     * {@value #LEGACY_CONTROLLER_PORT}: the second port of its task, or that port, which it keeps.
     */
    private static Broker withKeptControllerPort(Broker b, ClusterSpec cluster) {
        if (!cluster.isController(b.id()) || b.controllerPort().isPresent() || b.lastHost().isEmpty() && b.task().isEmpty()) {
            return b;
        }
        List<Integer> ports = b.task().map(Task::ports).orElse(List.of());
        return b.withControllerPort(ports.size() > 1 ? ports.get(1) : LEGACY_CONTROLLER_PORT);
    }

    /** The brokers now, by id. */
    public SortedMap<Integer, Broker> brokers() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(brokers));
    }

    /** The framework id Mesos gave, once registered. */
    public Optional<String> frameworkId() {
        return frameworkId;
    }

    /** Why the last offer cycle did not place each broker it could not place. */
    public Map<Integer, String> lastExplanations() {
        return Collections.unmodifiableMap(new TreeMap<>(lastExplanations));
    }

    /**
     * Handles one event at {@code now}. Never throws: an event that fails half-way (a defect, or a value no check
     * foresaw) leaves the orchestrator as it was, and its reaction declines the event's offers and carries the
     * {@linkplain Reaction#failure() failure}, for the caller to log. A failure that concerns one broker only, such as
     * a launch spec its offer makes invalid, is that broker's: it stays pending, and its explanation says why.
     */
    public Reaction handle(SchedulerEvent event, Instant now) {
        Objects.requireNonNull(event, "event");
        Snapshot before = snapshot();
        try {
            return handleWhole(event, now);
        } catch (RuntimeException e) {
            restore(before);
            filtersMayHold = true; // the failed event's offers are declined
            return Reaction.failed(event, settings.unfitRefuse(), e);
        }
    }

    private Reaction handleWhole(SchedulerEvent event, Instant now) {
        if (started == null) {
            started = now;
        }
        Changes c = new Changes();
        chooseControllers(c); // brokers restored active before any choice was stored
        if (event instanceof SchedulerEvent.Registered r) {
            if (!frameworkId.equals(Optional.of(r.frameworkId()))) {
                frameworkId = Optional.of(r.frameworkId());
                c.frameworkId = frameworkId;
            }
            registered(c, now);
        } else if (event instanceof SchedulerEvent.Reregistered) {
            registered(c, now);
        } else if (event instanceof SchedulerEvent.Disconnected) {
            registered = false;
        } else if (event instanceof SchedulerEvent.OffersReceived o) {
            offers(o, c, now);
        } else if (event instanceof SchedulerEvent.TaskStatusChanged s) {
            status(s, c, now);
        } else if (event instanceof SchedulerEvent.AgentLost lost) {
            for (Broker b : List.copyOf(brokers.values())) {
                b.task().filter(t -> t.agentId().equals(lost.agentId())).ifPresent(t -> {
                    if (cluster.isController(b.id())) {
                        lostControllers.put(b.id(), Map.entry(lost.agentId(), now));
                    }
                    apply(b, new BrokerEvent.StatusUpdate(t.taskId(), MesosTaskState.LOST, "agent " + lost.agentId() + " lost"), c, now);
                });
            }
        } else if (event instanceof SchedulerEvent.Tick) {
            tick(c, now);
        }
        // OfferRescinded: offers are used or declined in the cycle that brings them, never held.
        // ExecutorLost and FrameworkMessage: the task's own status update carries what matters.
        advanceRestart(c, now);
        chooseControllers(c);
        offerFlow(c, now);
        return c.reaction();
    }

    /**
     * Carries out an operator's command, or refuses it as a whole with nothing changed.
     *
     * @throws CommandRejectedException naming the broker and the reason
     */
    public Reaction apply(BrokerCommand command, Instant now) {
        Objects.requireNonNull(command, "command");
        Snapshot before = snapshot();
        try {
            return applyWhole(command, now);
        } catch (RuntimeException e) {
            restore(before);
            throw e;
        }
    }

    private Reaction applyWhole(BrokerCommand command, Instant now) {
        if (command.ids().isEmpty()) {
            throw new CommandRejectedException(CommandRejectedException.Kind.INVALID, "no broker ids given");
        }
        Changes c = new Changes();
        if (command instanceof BrokerCommand.Add add) {
            for (int id : add.ids()) {
                if (brokers.containsKey(id)) {
                    throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "broker " + id + " already exists");
                }
                if (id < 0) {
                    throw new CommandRejectedException(CommandRejectedException.Kind.INVALID, "broker ids must be >= 0, got " + id);
                }
            }
            for (int id : add.ids()) {
                Broker b = Broker.added(id, add.spec());
                brokers.put(id, b);
                c.changed.put(id, b);
            }
        } else {
            List<Broker> targets = existing(command.ids());
            if (!(command instanceof BrokerCommand.Remove) && !(command instanceof BrokerCommand.Replace)) {
                for (Broker b : targets) {
                    if (b.removing()) {
                        BrokerVolume v = b.volume().orElseThrow();
                        throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "broker " + b.id()
                                + " is removed and waits for its volume " + v.persistenceId() + " on " + v.hostname()
                                + " to be released; add it again once it is gone, or 'replace' it to forget its volume now");
                    }
                }
            }
            if (command instanceof BrokerCommand.Remove) {
                Set<Integer> leaving = new HashSet<>();
                targets.forEach(b -> leaving.add(b.id()));
                boolean quorumStays = cluster.controllerIds().stream()
                        .anyMatch(id -> !leaving.contains(id) && brokers.containsKey(id) && !brokers.get(id).removing());
                for (Broker b : targets) {
                    if (cluster.dynamicQuorum() && cluster.isController(b.id()) && quorumStays) {
                        // it stays a voter of the quorum the others keep; one added again under its id would name itself
                        // with a directory id the quorum does not know. Removing every controller ends the quorum: those
                        // added again form a new one
                        throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "broker " + b.id()
                                + " is a voter of the KRaft quorum (brokers " + cluster.describeControllers() + " are): shrink"
                                + " the quorum first ('controllers N' leaves the highest ids out), or 'broker replace' it once its"
                                + " host is gone; removing them all ends the quorum");
                    }
                    if (b.active() || b.task().isPresent()) {
                        throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT,
                                "broker " + b.id() + " is " + (b.active() ? "active" : "still " + b.phase()) + "; stop it before removing it");
                    }
                }
                for (Broker b : targets) {
                    restartQueue.remove(b.id());
                    if (b.removing()) {
                        continue;
                    }
                    if (b.volume().isPresent()) {
                        // its volume is destroyed and its resources unreserved when its agent next offers them
                        Broker removing = b.asRemoving();
                        brokers.put(b.id(), removing);
                        c.changed.put(b.id(), removing);
                    } else {
                        brokers.remove(b.id());
                        lastExplanations.remove(b.id());
                        c.removed.add(b.id());
                    }
                }
            } else if (command instanceof BrokerCommand.Replace) {
                for (Broker b : targets) {
                    boolean controller = cluster.isController(b.id());
                    if (controller && !cluster.controllersJoin()) {
                        throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "broker " + b.id()
                                + (cluster.dynamicQuorum() ? " is a controller of a KRaft quorum that has not formed yet (no"
                                + " controller has run): its voters are the ones it forms with; replace it once a controller runs"
                                : " is a KRaft controller of the static quorum, whose voters are fixed: it cannot move to another"
                                + " host; bring its host back"));
                    }
                    if (b.volume().isEmpty() && !controller) {
                        throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "broker " + b.id()
                                + " has no volume of its own to leave behind; it is placed on any host that fits");
                    }
                    if (b.task().isPresent()) {
                        throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "broker " + b.id() + " is still "
                                + b.phase().name().toLowerCase(java.util.Locale.ROOT) + " on " + b.task().get().hostname()
                                + "; replace a broker whose task has ended (its host is gone), or stop it first");
                    }
                }
                targets.forEach(b -> replace(b, c, now));
            } else if (command instanceof BrokerCommand.Restart) {
                for (Broker b : targets) {
                    if (!b.active()) {
                        throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "broker " + b.id() + " is not active; start it instead");
                    }
                }
                targets.forEach(b -> {
                    if (!restartQueue.contains(b.id())) {
                        restartQueue.add(b.id());
                    }
                });
            } else {
                if (command instanceof BrokerCommand.Update u) {
                    for (Broker b : targets) {
                        boolean ran = b.task().isPresent() || b.lastHost().isPresent() || b.volume().isPresent();
                        if (u.spec().role() != b.spec().role() && (ran || cluster.isController(b.id()))) {
                            // a node's storage is formatted for its role at its first launch, and a controller is a voter
                            throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "broker " + b.id()
                                    + " keeps its role " + b.spec().role() + ": a role changes only before a node first runs,"
                                    + " and a controller's never; add a new node with --role " + u.spec().role() + " instead");
                        }
                    }
                }
                BrokerEvent event = command instanceof BrokerCommand.Update u ? new BrokerEvent.Update(u.spec(), u.appliedLive())
                        : command instanceof BrokerCommand.Start ? new BrokerEvent.Start() : new BrokerEvent.Stop();
                targets.forEach(b -> apply(b, event, c, now));
            }
        }
        advanceRestart(c, now);
        chooseControllers(c);
        offerFlow(c, now);
        return c.reaction();
    }

    /**
     * Changes how many controllers a dynamic quorum that has formed has. Growing chooses the next brokers started that
     * never ran (their storage is formatted to join the quorum); shrinking leaves out the highest ids, which stay as
     * they run until restarted as brokers only (or drained and removed). {@code KafkaOperations} then adds and removes
     * voters one at a time.
     *
     * @throws CommandRejectedException (invalid) for a count that is no odd number {@code >= 1}; (conflict) for a static
     *                                  quorum, or a dynamic one that has not formed yet
     */
    public Reaction setControllers(int count, Instant now) {
        if (count < 1 || count % 2 == 0) {
            throw new CommandRejectedException(CommandRejectedException.Kind.INVALID, "controllers must be an odd number >= 1"
                    + " (a quorum needs a majority), got " + count);
        }
        if (!cluster.dynamicQuorum()) {
            throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "the cluster has a static quorum, whose"
                    + " voters are fixed: its controllers stay " + cluster.describeControllers());
        }
        if (!cluster.quorumFormed()) {
            throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "the dynamic quorum has not formed yet (no"
                    + " controller has run): change the number of controllers once it has");
        }
        Snapshot before = snapshot();
        try {
            Changes c = new Changes();
            if (count != cluster.controllers()) {
                cluster = cluster.withControllers(count);
                c.cluster = Optional.of(cluster);
            }
            chooseControllers(c);
            offerFlow(c, now);
            return c.reaction();
        } catch (RuntimeException e) {
            restore(before);
            throw e;
        }
    }

    /**
     * Completes the choice of the controllers while it is not complete: the active brokers not chosen yet, by id, until
     * there are as many as the cluster has controllers; once a dynamic quorum has formed, only brokers that never ran,
     * whose storage is still to be formatted, and which then join it. Once complete it is fixed: every node names the
     * quorum.
     */
    private void chooseControllers(Changes c) {
        if (cluster.quorumChosen()) {
            return;
        }
        SortedSet<Integer> chosen = new TreeSet<>(cluster.controllerIds());
        // nodes that ask to be controllers (role controller or both) first, then those of role auto, each by id
        List<Broker> candidates = new ArrayList<>(brokers.values());
        candidates.sort(java.util.Comparator.comparing((Broker b) -> !b.spec().role().asksToControl()).thenComparingInt(Broker::id));
        for (Broker b : candidates) {
            boolean fresh = b.task().isEmpty() && b.lastHost().isEmpty() && b.volume().isEmpty();
            if (chosen.size() < cluster.controllers() && b.active() && !b.removing() && b.spec().role().mayControl()
                    && (fresh || !cluster.quorumFormed())) {
                chosen.add(b.id());
            }
        }
        if (chosen.size() > cluster.controllerIds().size()) {
            cluster = cluster.withControllerIds(chosen);
            c.cluster = Optional.of(cluster);
        }
    }

    /** The cluster, its controllers as chosen so far. */
    public ClusterSpec cluster() {
        return cluster;
    }

    private List<Broker> existing(List<Integer> ids) {
        List<Broker> found = new ArrayList<>();
        for (int id : ids) {
            Broker b = brokers.get(id);
            if (b == null) {
                throw new CommandRejectedException(CommandRejectedException.Kind.UNKNOWN_BROKER, "broker " + id + " does not exist");
            }
            found.add(b);
        }
        return found;
    }

    private void registered(Changes c, Instant now) {
        registered = true;
        suppressed = false;
        // a (re)registration starts without filters: Mesos clears a framework's filters when it disconnects
        filtersMayHold = false;
        Map<String, Optional<String>> tasks = new TreeMap<>();
        for (Broker b : List.copyOf(brokers.values())) {
            b.task().ifPresent(t -> tasks.put(t.taskId(), Optional.of(t.agentId())));
            apply(b, new BrokerEvent.Reconcile(), c, now);
        }
        if (!tasks.isEmpty()) {
            c.actions.add(reconciliation.start(tasks, now));
        }
    }

    private void offers(SchedulerEvent.OffersReceived o, Changes c, Instant now) {
        Set<String> offering = new HashSet<>();
        o.offers().forEach(offer -> offering.add(offer.agentId()));
        lostControllers.values().removeIf(lost -> offering.contains(lost.getKey()));
        OfferCycle.Outcome outcome = new OfferCycle(brokers, o, cluster, settings, engine, uuids, now, lastVolumeOffer,
                started == null ? now : started).run();
        for (Broker b : outcome.changed()) {
            brokers.put(b.id(), b);
            c.changed.put(b.id(), b);
        }
        for (int id : outcome.removed()) {
            brokers.remove(id);
            c.changed.remove(id);
            c.removed.add(id);
            lastVolumeOffer.remove(id);
            lastExplanations.remove(id);
        }
        outcome.volumesOffered().forEach(id -> lastVolumeOffer.put(id, now));
        c.actions.addAll(outcome.actions());
        for (Broker b : outcome.changed()) {
            if (b.phase() != TaskPhase.NONE) {
                lastExplanations.remove(b.id());
            }
        }
        lastExplanations.putAll(outcome.unplaced());
    }

    private void status(SchedulerEvent.TaskStatusChanged s, Changes c, Instant now) {
        reconciliation.answered(s.taskId());
        Optional<Broker> owner = brokers.values().stream()
                .filter(b -> b.task().map(t -> t.taskId().equals(s.taskId())).orElse(false)).findFirst();
        if (owner.isPresent()) {
            apply(owner.get(), new BrokerEvent.StatusUpdate(s.taskId(), s.state(), s.message()), c, now);
            if (s.state() == MesosTaskState.RUNNING && cluster.dynamicQuorum() && !cluster.quorumFormed()
                    && cluster.isController(owner.get().id())) {
                // a controller runs on storage formatted with the initial voters: the quorum has its voter set
                cluster = cluster.withQuorumFormed();
                c.cluster = Optional.of(cluster);
            }
        } else if (!s.state().isTerminal() && s.state() != MesosTaskState.KILLING) {
            c.actions.add(new MesosAction.Kill(s.taskId(), Optional.of(s.agentId())));
        }
        s.ackId().ifPresent(id -> c.actions.add(new MesosAction.Acknowledge(s.taskId(), s.agentId(), id)));
    }

    /** Forgets the host and storage of {@code b}, whose task has ended: it is placed anew. */
    private void replace(Broker b, Changes c, Instant now) {
        lastVolumeOffer.remove(b.id());
        lostControllers.remove(b.id());
        if (b.removing()) {
            brokers.remove(b.id());
            lastExplanations.remove(b.id());
            c.removed.add(b.id());
            return;
        }
        Broker replaced = Lifecycle.next(b, new BrokerEvent.Replace(), now).broker();
        brokers.put(b.id(), replaced);
        c.changed.put(b.id(), replaced);
    }

    /**
     * Replaces the controllers of a formed dynamic quorum whose agent has been lost for
     * {@link OrchestratorSettings#replaceLostControllersAfter()}, and forgets the loss of those that got a task again.
     */
    private void replaceLostControllers(Changes c, Instant now) {
        for (Integer id : List.copyOf(lostControllers.keySet())) {
            Broker b = brokers.get(id);
            if (b == null || b.task().isPresent() || !cluster.isController(id)) {
                lostControllers.remove(id);
                continue;
            }
            Map.Entry<String, Instant> lost = lostControllers.get(id);
            boolean due = settings.replaceLostControllersAfter().map(d -> !now.isBefore(lost.getValue().plus(d))).orElse(false);
            if (due && cluster.controllersJoin() && b.active() && !b.removing()) {
                replace(b, c, now);
            }
        }
    }

    private void tick(Changes c, Instant now) {
        if (!registered) {
            return;
        }
        replaceLostControllers(c, now);
        List<String> expired = new ArrayList<>();
        reconciliation.tick(now, expired).ifPresent(c.actions::add);
        for (String taskId : expired) {
            brokers.values().stream().filter(b -> b.task().map(t -> t.taskId().equals(taskId)).orElse(false)).findFirst()
                    .ifPresent(b -> apply(b, new BrokerEvent.ReconcileExpired(), c, now));
        }
    }

    private void advanceRestart(Changes c, Instant now) {
        if (restarting.isPresent()) {
            Broker b = brokers.get(restarting.get().getKey());
            boolean done = b == null || !b.active()
                    || b.phase() == TaskPhase.RUNNING && !b.task().orElseThrow().taskId().equals(restarting.get().getValue());
            if (!done) {
                return;
            }
            restarting = Optional.empty();
        }
        while (!restartQueue.isEmpty()) {
            Broker next = brokers.get(restartQueue.poll());
            if (next != null && next.active() && next.task().isPresent()) {
                restarting = Optional.of(Map.entry(next.id(), next.task().get().taskId()));
                apply(next, new BrokerEvent.Restart(), c, now);
                return;
            }
        }
    }

    /**
     * Suppresses offers when no broker waits, and revives them when one does: after a suppression, and whenever a broker
     * becomes launchable (started, restarted, its back-off over, removed and waiting for its reservation) while decline
     * filters may hold offers back, so that no broker waits for a filter set while others were backing off. Filters may
     * hold offers once a decline with a refuse time was sent since the last revive or registration, which clear them.
     */
    private void offerFlow(Changes c, Instant now) {
        boolean waiting = brokers.values().stream().anyMatch(b -> b.active() && b.phase() == TaskPhase.NONE || b.removing());
        Set<Integer> launchableNow = new TreeSet<>();
        brokers.values().stream().filter(b -> b.isPending(now) || b.removing()).forEach(b -> launchableNow.add(b.id()));
        boolean newcomer = !launchable.containsAll(launchableNow);
        launchable = launchableNow;
        if (waiting && suppressed || newcomer && filtersMayHold && registered) {
            suppressed = false;
            filtersMayHold = false;
            c.actions.add(new MesosAction.Revive());
        } else if (!waiting && !suppressed && registered) {
            suppressed = true;
            c.actions.add(new MesosAction.Suppress());
        }
        if (c.actions.stream().anyMatch(a -> a instanceof MesosAction.Decline d && !d.refuse().isZero() && !d.refuse().isNegative())) {
            filtersMayHold = true;
        }
    }

    private void apply(Broker b, BrokerEvent event, Changes c, Instant now) {
        Lifecycle.Transition t = Lifecycle.next(b, event, now);
        if (!t.broker().equals(b)) {
            brokers.put(b.id(), t.broker());
            c.changed.put(b.id(), t.broker());
        }
        t.killTaskId().ifPresent(id -> c.actions.add(new MesosAction.Kill(id,
                b.task().filter(task -> task.taskId().equals(id)).map(Task::agentId))));
    }

    /** Everything an event or a command may change, to go back to when it fails half-way. */
    private record Snapshot(Map<Integer, Broker> brokers, Reconciliation reconciliation, Map<Integer, String> lastExplanations,
                            List<Integer> restartQueue, Optional<String> frameworkId, boolean registered, boolean suppressed,
                            Optional<Map.Entry<Integer, String>> restarting, Map<Integer, Instant> lastVolumeOffer,
                            Instant started, Set<Integer> launchable, boolean filtersMayHold, ClusterSpec cluster,
                            Map<Integer, Map.Entry<String, Instant>> lostControllers) {
    }

    private Snapshot snapshot() {
        return new Snapshot(new TreeMap<>(brokers), reconciliation.copy(), new TreeMap<>(lastExplanations),
                new ArrayList<>(restartQueue), frameworkId, registered, suppressed, restarting, new TreeMap<>(lastVolumeOffer), started,
                launchable, filtersMayHold, cluster, new TreeMap<>(lostControllers));
    }

    private void restore(Snapshot s) {
        brokers.clear();
        brokers.putAll(s.brokers());
        reconciliation = s.reconciliation();
        lastExplanations.clear();
        lastExplanations.putAll(s.lastExplanations());
        restartQueue.clear();
        restartQueue.addAll(s.restartQueue());
        frameworkId = s.frameworkId();
        registered = s.registered();
        suppressed = s.suppressed();
        restarting = s.restarting();
        lastVolumeOffer.clear();
        lastVolumeOffer.putAll(s.lastVolumeOffer());
        started = s.started();
        launchable = s.launchable();
        filtersMayHold = s.filtersMayHold();
        cluster = s.cluster();
        lostControllers.clear();
        lostControllers.putAll(s.lostControllers());
    }

    /** What one event changed, gathered while it is handled. */
    private static final class Changes {
        final List<MesosAction> actions = new ArrayList<>();
        final Map<Integer, Broker> changed = new LinkedHashMap<>();
        final List<Integer> removed = new ArrayList<>();
        Optional<String> frameworkId = Optional.empty();
        Optional<ClusterSpec> cluster = Optional.empty();

        Reaction reaction() {
            return new Reaction(actions, new ArrayList<>(changed.values()), removed, frameworkId, Optional.empty(), cluster);
        }
    }
}

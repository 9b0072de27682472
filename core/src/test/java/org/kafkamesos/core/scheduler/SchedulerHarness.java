package org.kafkamesos.core.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.ClusterSpec;
import org.kafkamesos.core.model.CommandRejectedException;
import org.kafkamesos.core.model.MesosTaskState;
import org.kafkamesos.core.model.Task;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.placement.Offer;
import org.kafkamesos.placement.PlacementEngine;

/**
 * The orchestrator inside the imperative shell a scheduler gives it, in a {@link SimulatedMesos}
 * world: each {@link Reaction}'s changes are persisted before its actions are carried out, and after a
 * crash a new orchestrator is built from what was persisted, and nothing else. Its steps are the ones
 * {@code OrchestratorProperties} chains; its checks are the invariants the orchestrator promises.
 */
final class SchedulerHarness {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String CLUSTER = "kafka";
    /** The broker id of the zombie task: no broker ever has it. */
    static final int ZOMBIE_BROKER = 9;
    static final PlacementEngine ENGINE = PlacementEngine.create();

    /** Where a crash happens: between events, or after the reaction to one event is persisted and some of its actions carried out. */
    enum CrashPoint { BETWEEN_EVENTS, DURING_OFFER_CYCLE, DURING_DELIVERY, DURING_TICK }

    /** The crash of the scheduler process in the middle of carrying out a reaction. */
    private static final class Crash extends RuntimeException {
        Crash() {
            super("crash", null, false, false);
        }
    }

    final ClusterSpec cluster;
    /** The cluster as persisted: its controllers once chosen. */
    ClusterSpec storedCluster;
    final OrchestratorSettings settings;
    final SimulatedMesos mesos;
    final Map<Integer, Broker> store = new TreeMap<>();
    Optional<String> storedFrameworkId = Optional.empty();
    Orchestrator orchestrator;
    Instant now = T0;
    long uuids;
    /** Actions left to carry out before the scheduler crashes, or -1 for no crash. */
    int crashAfter = -1;
    final List<String> log = new ArrayList<>();
    /** For the statistics: crashes of the scheduler, and launches sent on offers rescinded meanwhile. */
    int crashes;
    int launchesOnRescindedOffers;
    /** The longest refuse time of a decline carried out. */
    Duration longestRefuse = Duration.ZERO;

    /**
     * A registered scheduler whose operator added brokers {@code 0..brokers-1} and started them;
     * {@code inService}: and they run. The world holds a zombie: a STAGING task of broker
     * {@link #ZOMBIE_BROKER}, which never exists, from an earlier life of the framework.
     */
    SchedulerHarness(int controllers, int hosts, int brokers, boolean inService) {
        this(controllers, hosts, brokers, inService, OrchestratorSettings.DEFAULT);
    }

    /**
     * As above, with {@code settings}; with a role other than {@code *}, brokers get volumes of their own, which the
     * world reserves, creates and releases.
     */
    SchedulerHarness(int controllers, int hosts, int brokers, boolean inService, OrchestratorSettings settings) {
        this.settings = settings;
        cluster = new ClusterSpec(CLUSTER, ClusterSpec.KafkaMode.KRAFT_DYNAMIC, controllers, "MkU3OEVBNTcwNTJENDM2Qk", "/opt/kafka");
        // Agents of 8 CPUs and 16 GB offering ports 9092..9110: the controller port (9093) among them, as it
        // must be for controllers to run, and room for every broker the properties add.
        mesos = new SimulatedMesos(CLUSTER, hosts, 8, 16384, 9092, 9110);
        storedCluster = cluster;
        orchestrator = restore();
        handle(new SchedulerEvent.Registered("fw-1", "master-1"));
        List<Integer> ids = new ArrayList<>();
        for (int id = 0; id < brokers; id++) {
            ids.add(id);
        }
        command(new BrokerCommand.Add(ids, BrokerSpec.DEFAULT));
        command(new BrokerCommand.Start(ids));
        mesos.addZombie(CLUSTER + "-" + ZOMBIE_BROKER + "-zombie", ZOMBIE_BROKER);
        if (inService) {
            settle();
            log.clear();
        }
    }

    /** An orchestrator built from the persisted state only. */
    private Orchestrator restore() {
        return new Orchestrator(storedCluster, settings, ENGINE, new TreeMap<>(store), storedFrameworkId,
                () -> new UUID(0, ++uuids));
    }

    // ---- steps ---------------------------------------------------------------------------

    void command(BrokerCommand command) {
        Map<Integer, Broker> before = orchestrator.brokers();
        Reaction r;
        try {
            r = orchestrator.apply(command, now);
        } catch (CommandRejectedException e) {
            log("refused " + command.getClass().getSimpleName() + " " + command.ids() + ": " + e.getMessage());
            assertThat(orchestrator.brokers()).as("a refused command changes nothing").isEqualTo(before);
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("invariant 4 (no exception): apply(" + command + ") threw\n" + trace(), e);
        }
        log("command " + command.getClass().getSimpleName() + " " + command.ids());
        if (command instanceof BrokerCommand.Replace) {
            // a replaced controller comes back with new storage, on another host and port: a voter anew
            command.ids().forEach(mesos::forgetVoter);
        }
        carryOut(r);
    }

    /** The operator grows or shrinks the quorum to {@code count} controllers; a refusal changes nothing. */
    void setControllers(int count) {
        Map<Integer, Broker> before = orchestrator.brokers();
        ClusterSpec cluster = orchestrator.cluster();
        Reaction r;
        try {
            r = orchestrator.setControllers(count, now);
        } catch (CommandRejectedException e) {
            log("refused controllers " + count + ": " + e.getMessage());
            assertThat(orchestrator.brokers()).as("a refused change of the controllers changes nothing").isEqualTo(before);
            assertThat(orchestrator.cluster()).isEqualTo(cluster);
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("invariant 4 (no exception): setControllers(" + count + ") threw\n" + trace(), e);
        }
        log("controllers " + count + ": " + orchestrator.cluster().describeControllers());
        carryOut(r);
    }

    /**
     * An operator's command with a spec that {@code build} makes: one that is invalid is refused while it is built, with
     * an {@link IllegalArgumentException} saying why, and never reaches the orchestrator, which stays as it was.
     */
    void commandWithInvalidSpec(String description, java.util.function.Supplier<BrokerSpec> build) {
        Map<Integer, Broker> before = orchestrator.brokers();
        try {
            BrokerSpec spec = build.get();
            throw new AssertionError("an invalid spec (" + description + ") was built: " + spec);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).as("the refusal of " + description + " says why").isNotBlank();
            log("refused spec " + description + ": " + e.getMessage());
        }
        assertThat(orchestrator.brokers()).as("an invalid spec changes nothing").isEqualTo(before);
    }

    void offerCycle(int rescind) {
        List<Offer> offers = mesos.offers(now);
        if (offers.isEmpty()) {
            log("no offers");
            return;
        }
        Optional<String> rescinded = rescind < 0 ? Optional.empty() : Optional.of(offers.get(rescind % offers.size()).id());
        SchedulerEvent.OffersReceived event = new SchedulerEvent.OffersReceived(offers, mesos.offeredReservations());
        Reaction r = react(event);
        Set<String> answered = new HashSet<>();
        for (MesosAction a : r.actions()) {
            if (a instanceof MesosAction.Launch l) {
                answered.add(l.assignment().offerId());
            } else if (a instanceof MesosAction.Release rel) {
                answered.add(rel.offerId());
            } else if (a instanceof MesosAction.Decline d) {
                assertThat(answered.add(d.offerId())).as("offer " + d.offerId() + " declined once, and not used").isTrue();
            }
        }
        assertThat(answered).as("every offer is used or declined in its cycle")
                .isEqualTo(offers.stream().map(Offer::id).collect(Collectors.toSet()));
        rescinded.ifPresent(mesos::rescind);
        rescinded.ifPresent(id -> launchesOnRescindedOffers += (int) r.actions().stream()
                .filter(a -> a instanceof MesosAction.Launch l && l.assignment().offerId().equals(id)).count());
        try {
            carryOut(r);
        } finally {
            mesos.closeOffers(now);
        }
        rescinded.ifPresent(id -> handle(new SchedulerEvent.OfferRescinded(id)));
    }

    void deliver(int index) {
        List<SimulatedMesos.InFlight> messages = mesos.inFlight();
        if (!messages.isEmpty()) {
            handle(mesos.take(index % messages.size()));
        }
    }

    void duplicate(int index) {
        int n = mesos.inFlight().size();
        if (n > 0) {
            mesos.duplicate(index % n, now);
        }
    }

    void drop(int index) {
        int n = mesos.inFlight().size();
        if (n > 0) {
            SimulatedMesos.InFlight m = mesos.inFlight().get(index % n);
            if (mesos.drop(index % n)) {
                log("lost in transit: " + m);
            }
        }
    }

    void progress(int index, boolean fail) {
        List<SimulatedMesos.WorldTask> live = mesos.liveTasks();
        if (!live.isEmpty()) {
            SimulatedMesos.WorldTask t = live.get(index % live.size());
            mesos.progress(t, fail, now);
            log("world: " + t);
        }
    }

    void tick(Duration by) {
        advanceTo(now.plus(by));
    }

    /**
     * One Mesos allocation interval of a fair world: time passes by {@code interval} (messages due arrive, a tick), every
     * live task takes a step (those of brokers in {@code failing} fail), every message arrives, and an offer cycle runs.
     */
    void offerInterval(Duration interval, Set<Integer> failing) {
        advanceTo(now.plus(interval));
        for (SimulatedMesos.WorldTask t : new ArrayList<>(mesos.liveTasks())) {
            mesos.progress(t, failing.contains(t.brokerId), now);
        }
        deliverAll();
        offerCycle(-1);
    }

    void loseAgent(int index) {
        List<String> hosts = mesos.hosts(true);
        if (!hosts.isEmpty()) {
            String host = hosts.get(index % hosts.size());
            mesos.loseAgent(host, now);
            log("world: agent on " + host + " lost");
        }
    }

    void returnAgent(int index) {
        List<String> hosts = mesos.hosts(false);
        if (!hosts.isEmpty()) {
            String host = hosts.get(index % hosts.size());
            mesos.returnAgent(host);
            log("world: agent on " + host + " returned");
        }
    }

    /** The world calms down for a moment: every live task takes a step forward, every message arrives. */
    void calm() {
        deliverAll();
        new ArrayList<>(mesos.liveTasks()).forEach(t -> mesos.progress(t, false, now));
        deliverAll();
    }

    void crash(CrashPoint point, int carriedOut, boolean reregistered) {
        crashAfter = carriedOut;
        try {
            switch (point) {
                case DURING_OFFER_CYCLE:
                    offerCycle(-1);
                    break;
                case DURING_DELIVERY:
                    deliver(0);
                    break;
                case DURING_TICK:
                    tick(Duration.ofSeconds(5));
                    break;
                default:
                    break;
            }
        } catch (Crash expected) {
            log("crashed after persisting, " + carriedOut + " actions carried out");
        } finally {
            crashAfter = -1;
        }
        mesos.connectionLost();
        crashes++;
        orchestrator = restore();
        log("restarted from the store: " + store.keySet());
        handle(reregistered ? new SchedulerEvent.Reregistered("master-1")
                : new SchedulerEvent.Registered(storedFrameworkId.orElse("fw-1"), "master-1"));
    }

    void masterFailover() {
        handle(new SchedulerEvent.Disconnected());
        mesos.connectionLost();
        handle(new SchedulerEvent.Reregistered("master-2"));
    }

    // ---- the shell: persist, then act ----------------------------------------------------

    /** Time passes to {@code to}: every message due meanwhile arrives, updates are sent again, then a tick. */
    private void advanceTo(Instant to) {
        for (int guard = 0; ; guard++) {
            assertThat(guard).as("the world settles its messages").isLessThan(100_000);
            Optional<Instant> due = mesos.nextDue();
            if (due.isEmpty() || due.get().isAfter(to)) {
                break;
            }
            if (due.get().isAfter(now)) {
                now = due.get();
            }
            for (SchedulerEvent e : mesos.takeDue(now)) {
                handle(e);
            }
        }
        now = to;
        handle(new SchedulerEvent.Tick());
    }

    private void handle(SchedulerEvent event) {
        carryOut(react(event));
    }

    private Reaction react(SchedulerEvent event) {
        Map<Integer, Broker> before = orchestrator.brokers();
        try {
            Reaction r = orchestrator.handle(event, now);
            if (r.failure().isPresent()) {
                throw new AssertionError("invariant 4 (every event handled as a whole): " + SimulatedMesos.describe(event)
                        + " failed with brokers " + before + "\n" + trace(), r.failure().get());
            }
            log("event " + SimulatedMesos.describe(event) + " -> " + r.actions().stream().map(SchedulerHarness::describe).toList());
            return r;
        } catch (RuntimeException e) {
            throw new AssertionError("invariant 4 (no exception for any event in any phase): " + SimulatedMesos.describe(event)
                    + " threw with brokers " + before + "\n" + trace(), e);
        }
    }

    /** Checks the write-ahead rule, persists the reaction's changes, then carries out its actions. */
    private void carryOut(Reaction r) {
        for (MesosAction a : r.actions()) {
            if (a instanceof MesosAction.Launch l) {
                Broker b = r.changed().stream().filter(x -> x.id() == l.brokerId()).findFirst().orElseThrow(() -> new AssertionError(
                        "invariant 3 (every launch persisted first): the reaction launching " + l.taskId() + " does not change broker "
                                + l.brokerId() + "\n" + trace()));
                assertThat(b.task().map(Task::taskId)).as("invariant 3: the launched task is the persisted broker's task").contains(l.taskId());
                boolean killedAtOnce = r.actions().stream().anyMatch(k -> k instanceof MesosAction.Kill kill && kill.taskId().equals(l.taskId()));
                assertThat(b.phase()).as("invariant 3: broker " + b.id() + " is persisted LAUNCHING with " + l.taskId())
                        .isEqualTo(killedAtOnce && b.phase() == TaskPhase.STOPPING ? TaskPhase.STOPPING : TaskPhase.LAUNCHING);
                assertThat(b.active()).as("invariant 2 (no launch for an inactive broker): broker " + b.id() + "\n" + trace()).isTrue();
            }
        }
        r.removed().forEach(store::remove);
        r.changed().forEach(b -> store.put(b.id(), b));
        r.frameworkId().ifPresent(id -> storedFrameworkId = Optional.of(id));
        r.cluster().ifPresent(c -> storedCluster = c);
        for (MesosAction a : r.actions()) {
            if (crashAfter == 0) {
                throw new Crash();
            }
            if (crashAfter > 0) {
                crashAfter--;
            }
            perform(a);
        }
    }

    private void perform(MesosAction action) {
        if (action instanceof MesosAction.Launch l) {
            Broker persisted = store.get(l.brokerId());
            assertThat(persisted).as("invariant 3: broker " + l.brokerId() + " is in the store when its launch is sent").isNotNull();
            assertThat(persisted.task().map(Task::taskId)).as("invariant 3: the store holds " + l.taskId() + " when it is launched")
                    .contains(l.taskId());
            assertThat(persisted.active()).as("invariant 2: broker " + l.brokerId() + " is active when launched").isTrue();
            mesos.launch(l, now);
        } else if (action instanceof MesosAction.Release rel) {
            mesos.release(rel);
        } else if (action instanceof MesosAction.Decline d) {
            mesos.decline(d, now);
            longestRefuse = d.refuse().compareTo(longestRefuse) > 0 ? d.refuse() : longestRefuse;
        } else if (action instanceof MesosAction.Kill k) {
            mesos.kill(k, now);
        } else if (action instanceof MesosAction.Reconcile rec) {
            mesos.reconcile(rec, now);
        } else if (action instanceof MesosAction.Suppress) {
            mesos.suppress();
        } else if (action instanceof MesosAction.Revive) {
            mesos.revive();
        } else if (action instanceof MesosAction.Acknowledge ack) {
            mesos.acknowledge(ack, now);
        }
    }

    // ---- invariants ----------------------------------------------------------------------

    void checkOneLiveTaskPerBroker() {
        Map<Integer, List<String>> live = new TreeMap<>();
        for (SimulatedMesos.WorldTask t : mesos.liveTasks()) {
            String rest = t.taskId.substring(CLUSTER.length() + 1);
            int broker = Integer.parseInt(rest.substring(0, rest.indexOf('-')));
            live.computeIfAbsent(broker, k -> new ArrayList<>()).add(t.toString());
        }
        live.forEach((broker, tasks) -> assertThat(tasks)
                .as("invariant 1 (never two live tasks for one broker): broker " + broker + "\n" + trace()).hasSizeLessThanOrEqualTo(1));
    }

    /**
     * A broker's volume exists on at most one agent, no two brokers name one volume, and the world's reservations are
     * each under the labels of the volume they hold.
     */
    void checkVolumes() {
        Map<String, Integer> owners = new TreeMap<>();
        for (Broker b : orchestrator.brokers().values()) {
            b.volume().ifPresent(v -> assertThat(owners.put(v.persistenceId(), b.id()))
                    .as("no two brokers name volume " + v.persistenceId() + "\n" + trace()).isNull());
        }
        Map<String, Long> copies = mesos.reservations().stream()
                .collect(Collectors.groupingBy(r -> r.volume, TreeMap::new, Collectors.counting()));
        copies.forEach((volume, n) -> assertThat(n).as("volume " + volume + " exists on at most one agent\n" + trace()).isEqualTo(1));
    }

    /**
     * Every broker is stopped and removed; then, once the world is fair, every broker is gone and nothing stays reserved
     * for the framework: every volume destroyed and every reservation released, those the scheduler lost track of too.
     */
    void removeEverythingAndSettle() {
        log("---- every broker is stopped and removed ----");
        for (int round = 0; round < 300; round++) {
            for (Broker b : orchestrator.brokers().values()) {
                if (b.active()) {
                    command(new BrokerCommand.Stop(List.of(b.id())));
                }
            }
            calm();
            // all at once: one voter of a dynamic quorum alone is not removed, all of them end the quorum
            List<Integer> stopped = orchestrator.brokers().values().stream()
                    .filter(b -> !b.active() && b.task().isEmpty() && !b.removing()).map(Broker::id).toList();
            if (!stopped.isEmpty()) {
                command(new BrokerCommand.Remove(stopped));
            }
            offerCycle(-1);
            deliverAll();
            checkOneLiveTaskPerBroker();
            checkPersistedMirrorsOrchestrator();
            checkVolumes();
            if (orchestrator.brokers().isEmpty() && mesos.reservations().isEmpty() && mesos.liveTasks().stream()
                    .allMatch(t -> t.brokerId == ZOMBIE_BROKER)) {
                return;
            }
            advanceTo(now.plus(Duration.ofSeconds(30)));
        }
        throw new AssertionError("liveness: once every broker is removed, nothing stays reserved; after " + Duration.between(T0, now)
                + ":\nbrokers " + orchestrator.brokers().values().stream().map(SchedulerHarness::describe).toList()
                + "\nreservations " + mesos.reservations() + "\nworld " + mesos + "\n" + trace());
    }

    void checkPersistedMirrorsOrchestrator() {
        assertThat(store).as("the store holds what the orchestrator holds").isEqualTo(orchestrator.brokers());
        assertThat(storedCluster).as("the store holds the controllers the orchestrator chose").isEqualTo(orchestrator.cluster());
        assertThat(storedFrameworkId).isEqualTo(orchestrator.frameworkId());
    }

    /**
     * The faults stop and the world turns fair; then, within a bounded time, every active broker
     * runs with exactly one live task and no other task lives. An operator first completes the
     * controller quorum, without which no broker is launched at all (by design).
     */
    void settle() {
        int settleFrom = log.size();
        log("---- the world turns fair ----");
        for (String host : mesos.hosts(false)) {
            mesos.returnAgent(host);
        }
        for (int round = 0; round < 300; round++) {
            completeTheQuorum();
            calm();
            offerCycle(-1);
            deliverAll();
            checkOneLiveTaskPerBroker();
            checkPersistedMirrorsOrchestrator();
            if (settled()) {
                return;
            }
            advanceTo(now.plus(Duration.ofSeconds(30)));
        }
        throw new AssertionError("invariant 5 (with enough fair offers every active broker eventually runs) fails after "
                + Duration.between(T0, now) + ":\nbrokers " + orchestrator.brokers().values().stream().map(SchedulerHarness::describe).toList()
                + "\nworld " + mesos + "\nexplanations " + orchestrator.lastExplanations()
                + "\nevents before the world turned fair:\n  " + String.join("\n  ", log.subList(Math.max(0, settleFrom - 80), settleFrom))
                + "\n" + trace());
    }

    /** The operator adds and starts a controller that is missing (a removed one, once its volume is released). */
    private void completeTheQuorum() {
        ClusterSpec now = orchestrator.cluster();
        List<Integer> controllers = new ArrayList<>(now.controllerIds());
        for (int id = 0; controllers.size() < now.controllers(); id++) {
            if (!controllers.contains(id)) {
                controllers.add(id);
            }
        }
        for (int id : controllers) {
            Broker b = orchestrator.brokers().get(id);
            if (b == null) {
                command(new BrokerCommand.Add(List.of(id), BrokerSpec.DEFAULT));
                b = orchestrator.brokers().get(id);
            }
            if (!b.active() && !b.removing() && b.lastHost().isEmpty() && b.task().isEmpty()) {
                command(new BrokerCommand.Start(List.of(id)));
            }
        }
    }

    private void deliverAll() {
        for (int guard = 0; !mesos.inFlight().isEmpty(); guard++) {
            assertThat(guard).as("messages run out").isLessThan(100_000);
            handle(mesos.take(0));
        }
    }

    private boolean settled() {
        Set<String> expected = new HashSet<>();
        for (Broker b : orchestrator.brokers().values()) {
            if (b.active()) {
                if (b.phase() != TaskPhase.RUNNING) {
                    return false;
                }
                expected.add(b.task().orElseThrow().taskId());
            } else if (b.phase() != TaskPhase.NONE) {
                return false;
            }
        }
        Set<String> live = new HashSet<>();
        for (SimulatedMesos.WorldTask t : mesos.liveTasks()) {
            if (t.state != MesosTaskState.RUNNING) {
                return false;
            }
            live.add(t.taskId);
        }
        return live.equals(expected);
    }

    // ---- reporting -----------------------------------------------------------------------

    private void log(String line) {
        log.add(Duration.between(T0, now).toSeconds() + "s " + line);
    }

    private String trace() {
        return "last events:\n  " + String.join("\n  ", log.subList(Math.max(0, log.size() - 40), log.size()));
    }

    static String describe(Broker b) {
        return b.id() + (b.active() ? " active " : " inactive ") + b.phase() + b.task().map(t -> " " + t.taskId() + "@" + t.hostname()).orElse("")
                + (b.failover().failures() > 0 ? " failures " + b.failover().failures() : "") + b.lastHost().map(h -> " last " + h).orElse("")
                + b.volume().map(v -> " volume " + v.persistenceId() + "@" + v.hostname() + (v.confirmed() ? "" : "?")).orElse("")
                + (b.removing() ? " removing" : "");
    }

    static String describe(MesosAction a) {
        if (a instanceof MesosAction.Launch l) {
            return "Launch " + l.taskId() + " on " + l.assignment().offerId() + "@" + l.assignment().hostname();
        }
        if (a instanceof MesosAction.Decline d) {
            return "Decline " + d.offerId() + " " + d.refuse().toSeconds() + "s";
        }
        if (a instanceof MesosAction.Release rel) {
            return "Release " + rel.labels() + " on " + rel.offerId();
        }
        if (a instanceof MesosAction.Kill k) {
            return "Kill " + k.taskId();
        }
        if (a instanceof MesosAction.Reconcile r) {
            return "Reconcile " + r.tasks().stream().map(MesosAction.TaskRef::taskId).toList();
        }
        if (a instanceof MesosAction.Acknowledge ack) {
            return "Ack " + ack.taskId();
        }
        return a.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "brokers " + orchestrator.brokers().values().stream().map(SchedulerHarness::describe).toList() + ", world " + mesos;
    }
}

package org.kafkamesos.core.scheduler;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kafkamesos.core.model.BrokerVolume;
import org.kafkamesos.core.model.MesosTaskState;
import org.kafkamesos.executor.QuorumVoter;
import org.kafkamesos.placement.Assignment;
import org.kafkamesos.placement.Offer;
import org.kafkamesos.placement.PortRange;
import org.kafkamesos.placement.Resources;
import org.kafkamesos.placement.Volume;

/**
 * A Mesos master and its agents, simulated for {@code OrchestratorProperties}: what the orchestrator's
 * actions do to the world, and what the world tells the scheduler back. It follows the documented Mesos
 * semantics where they matter to a scheduler:
 *
 * <ul>
 *   <li>Agents offer their free resources (total minus live tasks), unless the framework suppressed
 *       offers or a decline filter holds them back. A filter holds the resources declined, for the refuse time, and
 *       blocks an offer only while all of its resources are among them, as Mesos' allocator does
 *       ({@code RefusedOfferFilter} in {@code src/master/allocator/mesos/hierarchical.cpp}): resources freed since (a task
 *       that ended) pass with the rest. A revive clears the filters; so does the framework's disconnection (a scheduler
 *       crash, a master failover). Offers may be rescinded before the scheduler's answer arrives; a launch on a rescinded
 *       offer ends as TASK_LOST (REASON_INVALID_OFFERS) without a task.</li>
 *   <li>A task starts STAGING and progresses STARTING, RUNNING (or FAILED) only when the world steps; a
 *       kill makes it KILLING, then KILLED.</li>
 *   <li>An agent's status updates are reliable: each task's updates are sent in order, the next one
 *       once the previous is acknowledged, and the unacknowledged one is sent again every
 *       {@link #RETRY}. A copy in transit may be lost, duplicated or overtaken.</li>
 *   <li>The master's own messages (answers to reconciliation, TASK_LOST of removed agents and of kills
 *       of unknown tasks, agent and executor losses) carry no acknowledgement id and travel on the
 *       scheduler's connection: they are lost only with it (scheduler crash, master failover), after
 *       which the framework registers again and reconciles.</li>
 *   <li>Every message reaches the scheduler within {@link #LATENCY}, in any order meanwhile.</li>
 *   <li>Explicit reconciliation answers with the latest state of each named task, TASK_LOST for a task
 *       the master never knew; implicit reconciliation answers for every live task and every ended
 *       task whose last update is not acknowledged yet.</li>
 *   <li>A lost agent loses its tasks (TASK_LOST); when it returns, it registers under a new agent id,
 *       without tasks, as a removed Mesos agent does, but with its reservations and persistent volumes, which an
 *       agent checkpoints and recovers (docs/persistent-volume.md).</li>
 *   <li>Reservations and volumes: a launch with a reservation reserves what it names from the offer's unreserved
 *       resources under its labels and, for a new volume, creates it (a persistence id that exists already on the
 *       agent is refused); a launch on an existing volume needs an offer that carries it, unused. Resources reserved
 *       for the framework's role are offered to it only, with their labels; a volume only while no live task uses
 *       it. A release destroys the volume and unreserves everything under its labels; it needs the offer to carry
 *       them, unused.</li>
 * </ul>
 */
final class SimulatedMesos {

    /** The longest time a message takes to reach the scheduler. */
    static final Duration LATENCY = Duration.ofSeconds(2);
    /** How often an agent sends an unacknowledged status update again (Mesos' minimum retry interval). */
    static final Duration RETRY = Duration.ofSeconds(10);
    /** How long the unused rest of an accepted offer is refused: the Mesos shell's accept filters. */
    static final Duration ACCEPT_REFUSE = Duration.ofSeconds(5);

    /** Resources reserved under one set of labels on one agent, and the volume on them once created. */
    static final class Reservation {
        final Map<String, String> labels;
        final String role;
        double cpus;
        double mem;
        final TreeSet<Integer> ports = new TreeSet<>();
        final String volume;
        final double volumeMb;

        Reservation(Map<String, String> labels, String role, String volume, double volumeMb) {
            this.labels = Map.copyOf(labels);
            this.role = role;
            this.volume = volume;
            this.volumeMb = volumeMb;
        }

        @Override
        public String toString() {
            return volume + labels;
        }
    }

    /** What a task of the world is doing. */
    static final class WorldTask {
        final String taskId;
        final int brokerId;
        final String agentId;
        final double cpus;
        final double mem;
        final List<Integer> ports;
        /** The reservation the task runs on, if any: its resources come from there. */
        Reservation reservation;
        MesosTaskState state;
        /** Its agent's status updates not acknowledged yet, the one in transit first. */
        final Deque<Long> unacked = new ArrayDeque<>();
        final Map<Long, MesosTaskState> updateStates = new TreeMap<>();
        Instant lastSent = Instant.MIN;

        WorldTask(String taskId, int brokerId, String agentId, double cpus, double mem, List<Integer> ports, MesosTaskState state) {
            this.taskId = taskId;
            this.brokerId = brokerId;
            this.agentId = agentId;
            this.cpus = cpus;
            this.mem = mem;
            this.ports = List.copyOf(ports);
            this.state = state;
        }

        boolean live() {
            return !state.isTerminal();
        }

        @Override
        public String toString() {
            return taskId + "@" + agentId + ":" + state;
        }
    }

    /** A message on its way to the scheduler. */
    record InFlight(SchedulerEvent event, Instant deadline, boolean fromAgent) {
        @Override
        public String toString() {
            return describe(event) + (fromAgent ? "" : " (master)");
        }
    }

    private static final class Agent {
        final String hostname;
        final String rack;
        final List<Reservation> reservations = new ArrayList<>();
        String id;
        int incarnation = 1;
        boolean alive = true;
        final List<Filter> filters = new ArrayList<>();

        Agent(String hostname, String rack) {
            this.hostname = hostname;
            this.rack = rack;
            this.id = "agent-" + hostname;
        }
    }

    /** A decline filter: the resources of an offer declined, refused until {@code until}. */
    private record Filter(double cpus, double mem, java.util.Set<Integer> ports, List<Reservation> reservations, Instant until) {

        /** Whether an offer of these resources is among those refused. */
        boolean holds(double cpus, double mem, java.util.Set<Integer> ports, List<Reservation> reservations) {
            return cpus <= this.cpus + 1e-9 && mem <= this.mem + 1e-9 && this.ports.containsAll(ports)
                    && this.reservations.containsAll(reservations);
        }
    }

    /** An offer the scheduler holds, with what launches have not taken of it yet. */
    private static final class Outstanding {
        final Agent agent;
        double cpus;
        double mem;
        double disk;
        final TreeSet<Integer> ports;
        /** The reservations it carries, which a launch or a release may take. */
        final List<Reservation> reservations;
        /** Whether a launch or a release used it: its rest is then refused as the accept's filters say. */
        boolean used;

        Outstanding(Agent agent, double cpus, double mem, TreeSet<Integer> ports, double disk, List<Reservation> reservations) {
            this.agent = agent;
            this.cpus = cpus;
            this.mem = mem;
            this.ports = ports;
            this.disk = disk;
            this.reservations = new ArrayList<>(reservations);
        }
    }

    private final String cluster;
    private final double agentCpus;
    private final double agentMem;
    private final int portsFrom;
    private final int portsTo;
    private final List<Agent> agents = new ArrayList<>();
    private final Map<String, WorldTask> tasks = new TreeMap<>();
    /** Every voter as the first launch that named it named it. */
    private final Map<Integer, QuorumVoter> voters = new TreeMap<>();
    private final List<InFlight> inFlight = new ArrayList<>();
    private final Map<String, Outstanding> outstanding = new TreeMap<>();
    /** Every persistence id ever created: a volume is created once. */
    private final java.util.Set<String> created = new java.util.HashSet<>();
    /** The labeled reservations the outstanding offers carry. */
    private final List<SchedulerEvent.OfferedReservation> offeredReservations = new ArrayList<>();
    private static final double AGENT_DISK = 100_000;
    private int released;
    private boolean suppressed;
    private long offerIds;
    private long updateIds;

    /**
     * @param cluster   the cluster name that prefixes task ids
     * @param hosts     how many agents, on hosts h1, h2, ... alternating over racks r1 and r2
     * @param agentCpus CPUs of each agent
     * @param agentMem  memory of each agent, MB
     * @param portsFrom the first port each agent offers
     * @param portsTo   the last port each agent offers
     */
    SimulatedMesos(String cluster, int hosts, double agentCpus, double agentMem, int portsFrom, int portsTo) {
        this.cluster = cluster;
        this.agentCpus = agentCpus;
        this.agentMem = agentMem;
        this.portsFrom = portsFrom;
        this.portsTo = portsTo;
        for (int i = 1; i <= hosts; i++) {
            agents.add(new Agent("h" + i, "r" + (i % 2 + 1)));
        }
    }

    /**
     * A task of an earlier life of the framework that the scheduler does not know, on the first agent,
     * still STAGING: the zombie of mesos/kafka. Only reconciliation tells the scheduler of it.
     */
    void addZombie(String taskId, int brokerId) {
        WorldTask t = new WorldTask(taskId, brokerId, agents.get(0).id, 0.5, 512, List.of(), MesosTaskState.STAGING);
        tasks.put(taskId, t);
    }

    // ---- offers ------------------------------------------------------------------------------

    /** Offers of the free resources of every live agent, unless suppressed or refused for now. */
    List<Offer> offers(Instant now) {
        outstanding.clear();
        offeredReservations.clear();
        List<Offer> offers = new ArrayList<>();
        if (suppressed) {
            return offers;
        }
        for (Agent a : agents) {
            if (!a.alive) {
                continue;
            }
            double cpus = agentCpus;
            double mem = agentMem;
            TreeSet<Integer> ports = new TreeSet<>();
            for (int p = portsFrom; p <= portsTo; p++) {
                ports.add(p);
            }
            double disk = AGENT_DISK;
            for (Reservation r : a.reservations) {
                cpus -= r.cpus;
                mem -= r.mem;
                disk -= r.volumeMb;
                ports.removeAll(r.ports);
            }
            for (WorldTask t : tasks.values()) {
                if (t.live() && t.agentId.equals(a.id) && t.reservation == null) {
                    cpus -= t.cpus;
                    mem -= t.mem;
                    ports.removeAll(t.ports);
                }
            }
            String id = "o" + (++offerIds);
            List<Reservation> free = a.reservations.stream().filter(r -> !inUse(r)).toList();
            if ((cpus < 1e-9 || mem < 1e-9) && free.isEmpty()) {
                continue;
            }
            a.filters.removeIf(f -> !now.isBefore(f.until()));
            double offeredCpus = Math.max(0, cpus);
            double offeredMem = Math.max(0, mem);
            if (a.filters.stream().anyMatch(f -> f.holds(offeredCpus, offeredMem, ports, free))) {
                continue;
            }
            Offer.Builder b = Offer.builder(id, a.id, a.hostname).cpus(Math.max(0, cpus)).mem(Math.max(0, mem)).disk(disk)
                    .attribute("rack", a.rack);
            Map<String, Resources> byRole = new TreeMap<>();
            for (Reservation r : free) {
                Resources sum = byRole.getOrDefault(r.role, Resources.NONE);
                List<PortRange> ports2 = new ArrayList<>(sum.ports());
                ports2.addAll(ranges(r.ports));
                byRole.put(r.role, new Resources(sum.cpus() + r.cpus, sum.mem() + r.mem, 0, ports2));
            }
            byRole.forEach(b::reserved);
            for (Reservation r : free) {
                b.volume(new Volume(r.volume, r.role, r.volumeMb, BrokerVolume.CONTAINER_PATH));
                offeredReservations.add(new SchedulerEvent.OfferedReservation(id, r.role, r.labels,
                        new Resources(r.cpus, r.mem, 0, ranges(r.ports)), List.of(r.volume)));
            }
            Integer begin = null;
            Integer last = null;
            for (int p : ports) {
                if (begin == null) {
                    begin = p;
                } else if (p != last + 1) {
                    b.ports(begin, last);
                    begin = p;
                }
                last = p;
            }
            if (begin != null) {
                b.ports(begin, last);
            }
            offers.add(b.build());
            outstanding.put(id, new Outstanding(a, Math.max(0, cpus), Math.max(0, mem), ports, disk, free));
        }
        return offers;
    }

    /** The labeled reservations of the offers {@link #offers} made last. */
    List<SchedulerEvent.OfferedReservation> offeredReservations() {
        return List.copyOf(offeredReservations);
    }

    private boolean inUse(Reservation r) {
        return tasks.values().stream().anyMatch(t -> t.live() && t.reservation == r);
    }

    /** Every reservation of every agent, lost ones included. */
    List<Reservation> reservations() {
        List<Reservation> all = new ArrayList<>();
        agents.forEach(a -> all.addAll(a.reservations));
        return all;
    }

    private static List<PortRange> ranges(java.util.SortedSet<Integer> ports) {
        List<PortRange> ranges = new ArrayList<>();
        for (int p : ports) {
            ranges.add(new PortRange(p, p));
        }
        return ranges;
    }

    /** The master takes {@code offerId} back before the scheduler's answer arrives. */
    void rescind(String offerId) {
        outstanding.remove(offerId);
    }

    /** The offer cycle is over: what the scheduler did not use returns to the agents. */
    /**
     * The offer cycle is over: the unused rest of each offer a launch or a release used is refused for
     * {@link #ACCEPT_REFUSE}, the filters every accept of the Mesos shell carries; what the accept reserved is no part
     * of the rest (Mesos returns converted resources unfiltered).
     */
    void closeOffers(Instant now) {
        for (Outstanding o : outstanding.values()) {
            if (o.used) {
                o.agent.filters.add(new Filter(o.cpus, o.mem, java.util.Set.copyOf(o.ports), List.copyOf(o.reservations),
                        now.plus(ACCEPT_REFUSE)));
            }
        }
        outstanding.clear();
    }

    // ---- the scheduler's calls ---------------------------------------------------------------

    /** Forgets the voter entry of controller {@code id}: replaced, it joins the quorum anew. */
    void forgetVoter(int id) {
        voters.remove(id);
    }

    void launch(MesosAction.Launch launch, Instant now) {
        Assignment a = launch.assignment();
        String prefix = cluster + "-" + launch.brokerId() + "-";
        check(launch.taskId().startsWith(prefix) && launch.taskId().length() > prefix.length(),
                "task id " + launch.taskId() + " is not <cluster>-<broker>-<uuid> for broker " + launch.brokerId());
        check(a.brokerId() == launch.brokerId(), "launch of broker " + launch.brokerId() + " on an assignment of broker " + a.brokerId());
        check(!tasks.containsKey(launch.taskId()), "task id " + launch.taskId() + " launched twice");
        for (WorldTask t : tasks.values()) {
            check(!(t.live() && t.brokerId == launch.brokerId()), "invariant 1 (never two live tasks for one broker): "
                    + launch.taskId() + " launched while " + t + " of broker " + launch.brokerId() + " is live");
        }
        // every node names the quorum's voters alike, each with the host, port and directory id it had when it first
        // appeared, and a controller listens where its entry says
        check(launch.spec().dynamicQuorum(), "launch " + launch.taskId() + " of a dynamic cluster names a static quorum");
        if (launch.spec().controllerQuorum().stream().noneMatch(v -> voters.containsValue(v))) {
            voters.clear(); // every voter new: the quorum was torn down (all its controllers removed) and forms again
        }
        for (QuorumVoter v : launch.spec().controllerQuorum()) {
            QuorumVoter first = voters.putIfAbsent(v.nodeId(), v);
            check(first == null || first.equals(v), "invariant (a voter keeps its host, port and directory id): launch "
                    + launch.taskId() + " names voter " + v + " " + v.directoryId() + ", which was " + first + " " + (first == null ? ""
                    : first.directoryId()));
            if (v.nodeId() == launch.brokerId()) {
                check(v.host().equals(a.hostname()) && launch.spec().controllerPort().equals(java.util.OptionalInt.of(v.port()))
                        && a.ports().contains(v.port()), "controller " + v + " launched on " + a.hostname() + " with ports " + a.ports());
            }
        }
        Outstanding offer = outstanding.get(a.offerId());
        if (offer == null || !offer.agent.alive) {
            tasks.put(launch.taskId(), new WorldTask(launch.taskId(), launch.brokerId(), a.agentId(), 0, 0, List.of(), MesosTaskState.LOST));
            fromMaster(new SchedulerEvent.TaskStatusChanged(launch.taskId(), a.agentId(), MesosTaskState.LOST,
                    "offer " + a.offerId() + " is no longer valid", Optional.of("REASON_INVALID_OFFERS"), Optional.empty()), now);
            return;
        }
        check(offer.agent.id.equals(a.agentId()) && offer.agent.hostname.equals(a.hostname()),
                "assignment names agent " + a.agentId() + " on " + a.hostname() + " for an offer of " + offer.agent.id);
        offer.used = true;
        if (launch.reservation().isPresent()) {
            launchOnReservation(launch, offer);
            return;
        }
        check(a.cpus() <= offer.cpus + 1e-9 && a.mem() <= offer.mem + 1e-9 && offer.ports.containsAll(a.ports()),
                "over-commit of offer " + a.offerId() + ": " + a + " but " + offer.cpus + " cpus, " + offer.mem + " MB, ports " + offer.ports + " left");
        offer.cpus -= a.cpus();
        offer.mem -= a.mem();
        offer.ports.removeAll(a.ports());
        WorldTask task = new WorldTask(launch.taskId(), launch.brokerId(), a.agentId(), a.cpus(), a.mem(), a.ports(), MesosTaskState.STAGING);
        tasks.put(task.taskId, task);
    }

    /** RESERVE (and CREATE) then LAUNCH in one accept, as the Mesos shell sends a launch with a reservation. */
    private void launchOnReservation(MesosAction.Launch launch, Outstanding offer) {
        Assignment a = launch.assignment();
        MesosAction.Reservation spec = launch.reservation().orElseThrow();
        String volume = spec.volume().persistenceId();
        Resources reserve = spec.reserve();
        List<Integer> reservePorts = ports(reserve.ports());
        check(reserve.cpus() <= offer.cpus + 1e-9 && reserve.mem() <= offer.mem + 1e-9 && offer.ports.containsAll(reservePorts)
                        && (!spec.create() || spec.volume().diskMb() <= offer.disk + 1e-9),
                "over-commit of offer " + a.offerId() + " by the reservation of " + launch.taskId() + ": " + reserve);
        Reservation r;
        if (spec.create()) {
            check(offer.agent.reservations.stream().noneMatch(x -> x.volume.equals(volume)),
                    "a persistence id unique on its agent: volume " + volume + " created again on " + offer.agent.hostname);
            check(created.add(volume), "a broker's volume is created once: " + volume + " created a second time");
            r = new Reservation(spec.labels(), spec.role(), volume, spec.volume().diskMb());
            offer.agent.reservations.add(r);
            offer.disk -= spec.volume().diskMb();
        } else {
            r = offer.reservations.stream().filter(x -> x.volume.equals(volume)).findFirst().orElseThrow(() -> new AssertionError(
                    "a broker with a volume is launched only on an offer that carries it: " + launch.taskId() + " on volume "
                            + volume + " but offer " + a.offerId() + " carries " + offer.reservations));
            check(r.labels.equals(spec.labels()), "launch " + launch.taskId() + " names its reservation with labels " + spec.labels()
                    + " but volume " + volume + " is reserved under " + r.labels);
        }
        offer.cpus -= reserve.cpus();
        offer.mem -= reserve.mem();
        offer.ports.removeAll(reservePorts);
        r.cpus += reserve.cpus();
        r.mem += reserve.mem();
        r.ports.addAll(reservePorts);
        offer.reservations.remove(r);
        check(a.cpus() <= r.cpus + 1e-9 && a.mem() <= r.mem + 1e-9 && r.ports.containsAll(a.ports()),
                "launch " + launch.taskId() + " takes " + a + " beyond its reservation " + r.cpus + " cpus, " + r.mem + " MB, ports " + r.ports);
        WorldTask task = new WorldTask(launch.taskId(), launch.brokerId(), a.agentId(), a.cpus(), a.mem(), a.ports(), MesosTaskState.STAGING);
        task.reservation = r;
        tasks.put(task.taskId, task);
    }

    /** DESTROY of the volume and UNRESERVE of everything reserved under the labels, on an offer that carries them. */
    void release(MesosAction.Release release) {
        Outstanding offer = outstanding.get(release.offerId());
        if (offer == null || !offer.agent.alive) {
            return;
        }
        Reservation r = offer.reservations.stream().filter(x -> x.labels.equals(release.labels()) && x.role.equals(release.role()))
                .findFirst().orElseThrow(() -> new AssertionError("release of " + release.labels() + " on offer " + release.offerId()
                        + ", which does not carry it (it carries " + offer.reservations + ")"));
        check(!inUse(r), "destroy only a volume no task uses: " + r);
        offer.used = true;
        offer.reservations.remove(r);
        offer.agent.reservations.remove(r);
        released++;
    }

    /** How many volumes were created, and how many reservations released. */
    int[] volumeCounts() {
        return new int[] {created.size(), released};
    }

    private static List<Integer> ports(List<PortRange> ranges) {
        List<Integer> ports = new ArrayList<>();
        for (PortRange range : ranges) {
            for (int p = range.begin(); p <= range.end(); p++) {
                ports.add(p);
            }
        }
        return ports;
    }

    void decline(MesosAction.Decline decline, Instant now) {
        Outstanding offer = outstanding.remove(decline.offerId());
        if (offer != null && decline.refuse().compareTo(Duration.ZERO) > 0) {
            offer.agent.filters.add(new Filter(offer.cpus, offer.mem, java.util.Set.copyOf(offer.ports),
                    List.copyOf(offer.reservations), now.plus(decline.refuse())));
        }
    }

    void kill(MesosAction.Kill kill, Instant now) {
        WorldTask t = tasks.get(kill.taskId());
        if (t == null) {
            fromMaster(new SchedulerEvent.TaskStatusChanged(kill.taskId(), kill.agentId().orElse("unknown"), MesosTaskState.LOST,
                    "task unknown to the master", Optional.of("REASON_RECONCILIATION"), Optional.empty()), now);
        } else if (t.live() && t.state != MesosTaskState.KILLING) {
            update(t, MesosTaskState.KILLING, now);
        }
    }

    void reconcile(MesosAction.Reconcile reconcile, Instant now) {
        if (reconcile.tasks().isEmpty()) {
            for (WorldTask t : tasks.values()) {
                if (t.live() || !t.unacked.isEmpty()) {
                    answer(t, now);
                }
            }
            return;
        }
        for (MesosAction.TaskRef ref : reconcile.tasks()) {
            WorldTask t = tasks.get(ref.taskId());
            if (t != null) {
                answer(t, now);
            } else {
                fromMaster(new SchedulerEvent.TaskStatusChanged(ref.taskId(), ref.agentId().orElse("unknown"), MesosTaskState.LOST,
                        "task unknown to the master", Optional.of("REASON_RECONCILIATION"), Optional.empty()), now);
            }
        }
    }

    private void answer(WorldTask t, Instant now) {
        fromMaster(new SchedulerEvent.TaskStatusChanged(t.taskId, t.agentId, t.state, "reconciliation",
                Optional.of("REASON_RECONCILIATION"), Optional.empty()), now);
    }

    void acknowledge(MesosAction.Acknowledge ack, Instant now) {
        WorldTask t = tasks.get(ack.taskId());
        long id = ByteBuffer.wrap(ack.ackId()).getLong();
        if (t != null && !t.unacked.isEmpty() && t.unacked.peekFirst() == id) {
            t.unacked.pollFirst();
            if (!t.unacked.isEmpty()) {
                send(t, now);
            }
        }
    }

    void suppress() {
        suppressed = true;
    }

    /** Revive: offers flow again and every decline filter is cleared. */
    void revive() {
        suppressed = false;
        agents.forEach(a -> a.filters.clear());
    }

    // ---- the world's own progress ------------------------------------------------------------

    /** The live tasks, by task id. */
    List<WorldTask> liveTasks() {
        return tasks.values().stream().filter(WorldTask::live).toList();
    }

    /**
     * One step of a live task: STAGING to STARTING, STARTING to RUNNING, KILLING to KILLED; with
     * {@code fail}, a task that is not being killed fails instead.
     */
    void progress(WorldTask t, boolean fail, Instant now) {
        if (t.state == MesosTaskState.KILLING) {
            update(t, MesosTaskState.KILLED, now);
        } else if (fail) {
            update(t, MesosTaskState.FAILED, now);
            fromMaster(new SchedulerEvent.ExecutorLost(t.taskId, t.agentId, 1), now);
        } else if (t.state == MesosTaskState.STAGING) {
            update(t, MesosTaskState.STARTING, now);
        } else if (t.state == MesosTaskState.STARTING) {
            update(t, MesosTaskState.RUNNING, now);
        }
    }

    /** The hostnames of live agents, and of lost ones. */
    List<String> hosts(boolean alive) {
        return agents.stream().filter(a -> a.alive == alive).map(a -> a.hostname).toList();
    }

    /** The agent on {@code hostname} is lost: its tasks are LOST, and the master says so. */
    void loseAgent(String hostname, Instant now) {
        Agent a = agent(hostname);
        if (!a.alive) {
            return;
        }
        a.alive = false;
        for (WorldTask t : tasks.values()) {
            if (t.agentId.equals(a.id)) {
                t.unacked.clear();
                if (t.live()) {
                    t.state = MesosTaskState.LOST;
                    fromMaster(new SchedulerEvent.TaskStatusChanged(t.taskId, t.agentId, MesosTaskState.LOST, "agent removed",
                            Optional.of("REASON_AGENT_REMOVED"), Optional.empty()), now);
                }
            }
        }
        fromMaster(new SchedulerEvent.AgentLost(a.id), now);
    }

    /** The agent on {@code hostname} comes back without tasks, with its reservations and volumes, under a new agent id. */
    void returnAgent(String hostname) {
        Agent a = agent(hostname);
        if (!a.alive) {
            a.alive = true;
            a.incarnation++;
            a.id = "agent-" + a.hostname + "-" + a.incarnation;
            a.filters.clear();
        }
    }

    private Agent agent(String hostname) {
        return agents.stream().filter(a -> a.hostname.equals(hostname)).findFirst().orElseThrow();
    }

    // ---- messages to the scheduler -----------------------------------------------------------

    List<InFlight> inFlight() {
        return List.copyOf(inFlight);
    }

    /** Takes message {@code index} out of transit, to deliver it now. */
    SchedulerEvent take(int index) {
        return inFlight.remove(index).event();
    }

    /** Sends a second copy of message {@code index}. */
    void duplicate(int index, Instant now) {
        InFlight m = inFlight.get(index);
        inFlight.add(new InFlight(m.event(), now.plus(LATENCY), m.fromAgent()));
    }

    /**
     * Loses message {@code index} in transit, if it is an agent's status update (the agent sends it
     * again); the master's messages are lost only with the connection. Whether it was lost.
     */
    boolean drop(int index) {
        if (inFlight.get(index).fromAgent()) {
            inFlight.remove(index);
            return true;
        }
        return false;
    }

    /** When the next message is due or the next update is to be sent again, if ever. */
    Optional<Instant> nextDue() {
        Optional<Instant> due = inFlight.stream().map(InFlight::deadline).min(Comparator.naturalOrder());
        for (WorldTask t : tasks.values()) {
            if (!t.unacked.isEmpty()) {
                Instant retry = t.lastSent.plus(RETRY);
                if (due.isEmpty() || retry.isBefore(due.get())) {
                    due = Optional.of(retry);
                }
            }
        }
        return due;
    }

    /** Sends again the updates due for it at {@code now}, then takes every message due by {@code now}, oldest first. */
    List<SchedulerEvent> takeDue(Instant now) {
        for (WorldTask t : tasks.values()) {
            if (!t.unacked.isEmpty() && !t.lastSent.plus(RETRY).isAfter(now)) {
                send(t, now);
            }
        }
        List<InFlight> due = inFlight.stream().filter(m -> !m.deadline().isAfter(now))
                .sorted(Comparator.comparing(InFlight::deadline)).toList();
        inFlight.removeAll(due);
        return due.stream().map(InFlight::event).toList();
    }

    /**
     * The scheduler's connection is gone (its process crashed, or the master failed over): what was in
     * transit to it is lost. The framework's next registration clears suppression, and its disconnection
     * cleared its decline filters.
     */
    void connectionLost() {
        inFlight.clear();
        suppressed = false;
        agents.forEach(a -> a.filters.clear());
    }

    private void update(WorldTask t, MesosTaskState state, Instant now) {
        t.state = state;
        long id = ++updateIds;
        t.updateStates.put(id, state);
        t.unacked.addLast(id);
        if (t.unacked.size() == 1) {
            send(t, now);
        }
    }

    private void send(WorldTask t, Instant now) {
        long id = t.unacked.peekFirst();
        t.lastSent = now;
        inFlight.add(new InFlight(new SchedulerEvent.TaskStatusChanged(t.taskId, t.agentId, t.updateStates.get(id), "",
                Optional.empty(), Optional.of(ByteBuffer.allocate(Long.BYTES).putLong(id).array())), now.plus(LATENCY), true));
    }

    private void fromMaster(SchedulerEvent event, Instant now) {
        inFlight.add(new InFlight(event, now.plus(LATENCY), false));
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    /** A short form of an event for logs and failure messages. */
    static String describe(SchedulerEvent event) {
        if (event instanceof SchedulerEvent.TaskStatusChanged s) {
            return s.taskId() + " " + s.state() + s.reason().map(r -> " " + r).orElse("") + (s.ackId().isPresent() ? " #" + ByteBuffer.wrap(s.ackId().get()).getLong() : "");
        }
        if (event instanceof SchedulerEvent.OffersReceived o) {
            return "offers " + o.offers().stream().map(x -> x.id() + "@" + x.hostname()).toList();
        }
        return event.toString();
    }

    @Override
    public String toString() {
        return "tasks " + tasks.values() + ", in flight " + inFlight + ", suppressed " + suppressed;
    }
}

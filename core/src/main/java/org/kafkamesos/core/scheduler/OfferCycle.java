package org.kafkamesos.core.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerVolume;
import org.kafkamesos.core.model.ClusterSpec;
import org.kafkamesos.core.model.PortPolicy;
import org.kafkamesos.core.model.Task;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.core.model.VolumePolicy;
import org.kafkamesos.executor.QuorumVoter;
import org.kafkamesos.placement.Allocation;
import org.kafkamesos.placement.Assignment;
import org.kafkamesos.placement.AttributeValue;
import org.kafkamesos.placement.BrokerDemand;
import org.kafkamesos.placement.ClusterView;
import org.kafkamesos.placement.Constraint;
import org.kafkamesos.placement.Offer;
import org.kafkamesos.placement.PlacementEngine;
import org.kafkamesos.placement.PlacementRequest;
import org.kafkamesos.placement.PlacementResult;
import org.kafkamesos.placement.PortRange;
import org.kafkamesos.placement.PortRequest;
import org.kafkamesos.placement.Resources;
import org.kafkamesos.placement.Stickiness;
import org.kafkamesos.placement.Strategy;
import org.kafkamesos.placement.Unplaced;
import org.kafkamesos.placement.Volume;

/**
 * One offer cycle: the brokers' own reservations found in the offers, the pending brokers launched, and the rest
 * declined with a refuse time that fits the reason.
 *
 * <ol>
 *   <li><b>Reservations.</b> Resources reserved under this cluster's labels ({@link #CLUSTER_LABEL},
 *       {@link #BROKER_LABEL}, {@link #VOLUME_LABEL}) belong to the broker whose volume they name. One that no broker
 *       owns (its broker was removed or replaced, or a crash left it behind) is released: its volume destroyed, its
 *       resources unreserved; so is a removed broker's, which is then forgotten. A volume an offer carries is known
 *       to exist from then on; a volume never seen, whose agent offers without it, was never made (Mesos dropped the
 *       reservation, or the scheduler crashed before it was sent): a removed broker with such a volume is forgotten,
 *       and a pending one gets a new volume on that agent.</li>
 *   <li><b>Brokers on their volume.</b> A pending broker with a volume is launched only on an offer carrying it, on
 *       its reserved resources (placed alone on them, its listener on its reserved port); what a grown spec needs
 *       beyond them is reserved from the offer's unreserved resources in the same accept. Its constraints and
 *       stickiness no longer matter: its data decides where it runs. While no offer carries its volume it waits,
 *       unless the volume was never seen and its agent offers without it: then Mesos dropped the reservation (or the
 *       scheduler crashed before sending it), and a new volume is made on that agent.</li>
 *   <li><b>Brokers placed anew.</b> One placement call over the rest of the pending brokers, on what is left of the
 *       offers, without the brokers' own reservations and volumes. A broker whose data goes on a volume of its own
 *       ({@link VolumePolicy.Auto} with a role other than {@code *}) is placed on unreserved resources, which the
 *       accept reserves under its labels, with a new volume on the reserved disk and the launch on both; the rest
 *       run in their sandbox or on a volume made by hand, as the placement finds them.</li>
 * </ol>
 *
 * <p>Controllers form a static quorum, so every controller must know every controller's host: while some
 * controller has never had a host, controllers are launched only when all such controllers are placed in the same
 * cycle (gang placement), and a controller that has had a host is pinned to it.
 */
final class OfferCycle {

    /** Reservation label: the cluster's name. */
    static final String CLUSTER_LABEL = "kafka-mesos-cluster";
    /** Reservation label: the broker's id. */
    static final String BROKER_LABEL = "kafka-mesos-broker";
    /** Reservation label: the persistence id of the broker's volume. */
    static final String VOLUME_LABEL = "kafka-mesos-volume";

    /**
     * What the cycle decided.
     *
     * @param changed        brokers launched, or whose volume was seen for the first time
     * @param removed        removed brokers whose reservation was released, to forget
     * @param actions        launches, releases and declines, in order
     * @param unplaced       why each pending broker that was not launched was not
     * @param volumesOffered the brokers whose volume an offer carried in this cycle
     */
    record Outcome(List<Broker> changed, List<Integer> removed, List<MesosAction> actions, Map<Integer, String> unplaced,
                   Set<Integer> volumesOffered) {
    }

    private final SortedMap<Integer, Broker> brokers;
    private final List<Offer> offers;
    private final List<SchedulerEvent.OfferedReservation> reservations;
    private final ClusterSpec cluster;
    private final OrchestratorSettings settings;
    private final PlacementEngine engine;
    private final Supplier<UUID> uuids;
    private final Instant now;
    private final Map<Integer, Instant> lastVolumeOffer;
    private final Instant started;

    private final Map<String, Offer> offerById = new LinkedHashMap<>();
    /** What each offer has left for brokers placed anew: unreserved resources after the deltas reserved from them. */
    private final Map<String, Resources> unreservedLeft = new LinkedHashMap<>();
    private final Map<Integer, Broker> changed = new TreeMap<>();
    private final List<Integer> removed = new ArrayList<>();
    private final List<MesosAction> actions = new ArrayList<>();
    private final Map<Integer, String> unplaced = new TreeMap<>();
    /** Why the controllers placed in this cycle were held back together, if that was not an incomplete quorum. */
    private Optional<String> gangRefusal = Optional.empty();
    private final Set<Integer> volumesOffered = new HashSet<>();
    private final Set<String> usedOffers = new HashSet<>();
    /** Brokers whose volume never appeared, to be made again on their agent. */
    private final Set<Integer> remake = new HashSet<>();
    /** Launches decided, whose actions are made once every controller's host in this cycle is known. */
    private final List<Planned> planned = new ArrayList<>();

    /**
     * A launch decided: the broker as launched, its task, assignment and reservation, and the broker as it was before
     * (what it goes back to if its launch spec cannot be made).
     */
    private record Planned(Broker broker, Task task, Assignment assignment, Optional<MesosAction.Reservation> reservation,
                           Broker before) {
    }

    /**
     * @param lastVolumeOffer when an offer last carried each broker's volume, for the explanation of one that waits
     * @param started         when the scheduler started, for a broker whose volume no offer carried since then
     */
    OfferCycle(SortedMap<Integer, Broker> brokers, SchedulerEvent.OffersReceived received, ClusterSpec cluster,
               OrchestratorSettings settings, PlacementEngine engine, Supplier<UUID> uuids, Instant now,
               Map<Integer, Instant> lastVolumeOffer, Instant started) {
        this.brokers = brokers;
        this.offers = received.offers();
        this.reservations = received.reservations();
        this.cluster = cluster;
        this.settings = settings;
        this.engine = engine;
        this.uuids = uuids;
        this.now = now;
        this.lastVolumeOffer = lastVolumeOffer;
        this.started = started;
        offers.forEach(o -> {
            offerById.put(o.id(), o);
            unreservedLeft.put(o.id(), o.unreserved());
        });
    }

    Outcome run() {
        releaseReservations();
        List<Broker> anew = new ArrayList<>();
        boolean quorumKnown = quorumHasHosts();
        for (Broker b : brokers.values()) {
            if (!b.isPending(now)) {
                continue;
            }
            if (!b.spec().role().servesAsBroker() && !cluster.isController(b.id())) {
                unplaced.put(b.id(), "broker " + b.id() + " not launched: its role is controller, and it is not one of the"
                        + " quorum's controllers (" + cluster.describeControllers() + "); grow the quorum ('controllers N') or"
                        + " give it another role");
                continue;
            }
            if (b.volume().isPresent() && !remake.contains(b.id())) {
                if (quorumKnown) {
                    launchOnVolume(current(b));
                } else {
                    unplaced.put(b.id(), quorumIncomplete(b.id()));
                }
            } else {
                anew.add(current(b));
            }
        }
        if (!anew.isEmpty()) {
            placeAnew(anew);
        }
        launchPlanned();
        declineTheRest();
        return new Outcome(new ArrayList<>(changed.values()), removed, actions, unplaced, volumesOffered);
    }

    /** The broker as this cycle changed it so far. */
    private Broker current(Broker b) {
        return changed.getOrDefault(b.id(), b);
    }

    // ---------------------------------------------------------------------------------------------
    // 1. reservations

    private void releaseReservations() {
        for (SchedulerEvent.OfferedReservation r : reservations) {
            Offer offer = offerById.get(r.offerId());
            if (offer == null || !cluster.name().equals(r.labels().get(CLUSTER_LABEL))) {
                continue;
            }
            Optional<Broker> owner = owner(r, offer);
            if (owner.isEmpty()) {
                release(r);
                continue;
            }
            Broker b = owner.get();
            if (b.removing() && b.phase() == TaskPhase.NONE) {
                release(r);
                removed.add(b.id());
                continue;
            }
            String persistenceId = b.volume().orElseThrow().persistenceId();
            if (r.volumes().contains(persistenceId)) {
                volumesOffered.add(b.id());
                if (!b.volume().orElseThrow().confirmed()) {
                    changed.put(b.id(), b.withVolume(b.volume().map(BrokerVolume::asConfirmed)));
                }
            }
        }
        for (Broker b : brokers.values()) {
            Optional<BrokerVolume> v = b.volume();
            boolean neverMade = v.isPresent() && !v.get().confirmed() && !volumesOffered.contains(b.id())
                    && offers.stream().anyMatch(o -> o.hostname().equals(v.get().hostname()) && !carries(o, v.get()));
            if (neverMade && b.isPending(now)) {
                remake.add(b.id());
            } else if (neverMade && b.removing() && b.phase() == TaskPhase.NONE && !removed.contains(b.id())) {
                // its volume was never made (or Mesos dropped the reservation): nothing to release
                removed.add(b.id());
            }
        }
    }

    /**
     * The broker the labels of {@code r} name, if its volume is the one they name. The agent is not compared: an agent
     * that was removed and registers again gets a new agent id, and keeps its volumes (docs/persistent-volume.md).
     */
    private Optional<Broker> owner(SchedulerEvent.OfferedReservation r, Offer offer) {
        Integer id;
        try {
            id = Integer.valueOf(r.labels().getOrDefault(BROKER_LABEL, ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(brokers.get(id)).filter(b -> b.volume()
                .map(v -> v.persistenceId().equals(r.labels().get(VOLUME_LABEL)))
                .orElse(false));
    }

    private void release(SchedulerEvent.OfferedReservation r) {
        actions.add(new MesosAction.Release(r.offerId(), r.role(), r.labels()));
        usedOffers.add(r.offerId());
    }

    private static boolean carries(Offer offer, BrokerVolume volume) {
        return offer.volumes().stream().anyMatch(v -> v.persistenceId().equals(volume.persistenceId()));
    }

    // ---------------------------------------------------------------------------------------------
    // 2. brokers on their volume

    private void launchOnVolume(Broker b) {
        BrokerVolume volume = b.volume().orElseThrow();
        Optional<Offer> carrying = offers.stream().filter(o -> carries(o, volume)).findFirst();
        if (carrying.isEmpty()) {
            Instant since = lastVolumeOffer.getOrDefault(b.id(), started);
            unplaced.put(b.id(), "broker " + b.id() + " waits for its volume " + volume.persistenceId() + " on "
                    + volume.hostname() + ": the agent has not offered it since " + since
                    + (lastVolumeOffer.containsKey(b.id()) ? "" : " (when the scheduler started)")
                    + "; if that host is gone for good, 'broker replace " + b.id() + "' places it anew (its data is"
                    + " then copied from its replicas)");
            return;
        }
        Offer offer = carrying.get();
        Resources own = ownReservation(offer, b, volume);
        Volume offered = offer.volumes().stream().filter(v -> v.persistenceId().equals(volume.persistenceId())).findFirst()
                .orElseThrow();
        Offer alone = new Offer(offer.id(), offer.agentId(), offer.hostname(), unreservedLeft.get(offer.id()),
                Map.of(volume.role(), own), List.of(offered), offer.attributes());
        BrokerDemand.Builder d = BrokerDemand.builder(b.id())
                .cpus(round(b.spec().cpus() + settings.executor().cpus())).mem(round(b.spec().memMb() + settings.executor().mem()))
                .role(volume.role())
                .volume(volume.persistenceId());
        if (!dedicatedController(b)) {
            d.ports(brokerPortOnVolume(b, volume));
        }
        if (cluster.isController(b.id())) {
            d.ports(controllerPortRequest(b));
        }
        PlacementResult result = engine.place(new PlacementRequest(List.of(alone), List.of(d.build()), new ClusterView(List.of()),
                Strategy.FIRST_FIT, now));
        if (result.assignments().isEmpty()) {
            unplaced.put(b.id(), "broker " + b.id() + " on its volume " + volume.persistenceId() + " on " + volume.hostname()
                    + ": " + result.unplaced().get(0).explanation() + executorShare());
            return;
        }
        Assignment a = result.assignments().get(0);
        Resources delta = unreservedPart(a);
        Resources left = unreservedLeft.get(offer.id());
        unreservedLeft.put(offer.id(), new Resources(round(left.cpus() - delta.cpus()), round(left.mem() - delta.mem()),
                left.disk(), minus(left.ports(), delta.ports())));
        BrokerVolume here = volume.agentId().equals(offer.agentId()) ? volume : volume.onAgent(offer.agentId(), offer.hostname());
        BrokerVolume grown = delta.equals(Resources.NONE) ? here : here.withReserved(new Resources(
                round(volume.reserved().cpus() + delta.cpus()), round(volume.reserved().mem() + delta.mem()),
                volume.reserved().disk(), plus(volume.reserved().ports(), delta.ports())));
        MesosAction.Reservation reservation = new MesosAction.Reservation(volume.role(), labels(b.id(), volume.persistenceId()),
                offered, delta, false);
        launch(b.withVolume(Optional.of(grown)), a, Optional.of(reservation));
    }

    /** The resources of the offer reserved under the broker's labels, or its recorded reservation without labels known. */
    private Resources ownReservation(Offer offer, Broker b, BrokerVolume volume) {
        Map<String, String> labels = labels(b.id(), volume.persistenceId());
        return reservations.stream().filter(r -> r.offerId().equals(offer.id()) && r.labels().equals(labels)).findFirst()
                .map(SchedulerEvent.OfferedReservation::resources)
                .orElse(new Resources(volume.reserved().cpus(), volume.reserved().mem(), 0, volume.reserved().ports()));
    }

    /** The listener keeps the port it reserved, if its port policy still accepts it. */
    private PortRequest brokerPortOnVolume(Broker b, BrokerVolume volume) {
        PortPolicy policy = b.spec().port();
        for (PortRange range : volume.reserved().ports()) {
            for (int port = range.begin(); port <= range.end(); port++) {
                boolean controllerPort = cluster.isController(b.id()) && b.controllerPort().equals(OptionalInt.of(port));
                if (!controllerPort && accepts(policy, port)) {
                    return PortRequest.exactly(port);
                }
            }
        }
        return listenerPort(b);
    }

    private static boolean accepts(PortPolicy policy, int port) {
        if (policy instanceof PortPolicy.Fixed fixed) {
            return fixed.port() == port;
        }
        if (policy instanceof PortPolicy.Range range) {
            return range.from() <= port && port <= range.to();
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // 3. brokers placed anew

    private void placeAnew(List<Broker> pending) {
        // the brokers with a task, those launched on their volume in this cycle included
        List<ClusterView.Member> running = new ArrayList<>();
        for (Broker original : brokers.values()) {
            Broker b = current(original);
            b.task().ifPresent(t -> running.add(new ClusterView.Member(b.id(), t.hostname(), attributes(t.attributes()),
                    b.spec().constraints())));
        }
        List<Offer> left = new ArrayList<>();
        for (Offer o : offers) {
            left.add(withoutOwnReservations(o));
        }
        // New controllers placed together may land on one host; each clash keeps the later one off that host, and the
        // placement runs again, at most once per pending broker: the gang rule refuses whatever clash remains.
        Map<Integer, Set<String>> avoid = new TreeMap<>();
        Optional<String> firstClash = Optional.empty();
        PlacementResult result;
        for (int attempt = 0; ; attempt++) {
            List<BrokerDemand> demands = new ArrayList<>();
            for (Broker b : pending) {
                demands.add(demand(b, avoid.getOrDefault(b.id(), Set.of())));
            }
            result = engine.place(new PlacementRequest(left, demands, new ClusterView(running), Strategy.SPREAD, now));
            Optional<Map.Entry<Integer, String>> clash = controllersSharingAHost(result.assignments());
            if (clash.isEmpty() || attempt >= pending.size()) {
                break;
            }
            if (firstClash.isEmpty()) {
                int other = result.assignments().stream().filter(a -> a.hostname().equals(clash.get().getValue())
                        && a.brokerId() != clash.get().getKey() && cluster.isController(a.brokerId())).mapToInt(Assignment::brokerId)
                        .findFirst().orElse(-1);
                firstClash = Optional.of("the controllers are placed on as many hosts as there are controllers, and controllers "
                        + other + " and " + clash.get().getKey() + " would share " + clash.get().getValue()
                        + ": the offers of this cycle came from too few hosts");
            }
            avoid.computeIfAbsent(clash.get().getKey(), id -> new TreeSet<>()).add(clash.get().getValue());
        }
        List<Assignment> accepted = gangFilter(result.assignments());
        boolean controllerLeftOut = result.unplaced().stream().anyMatch(u -> avoid.containsKey(u.brokerId()));
        if (controllerLeftOut && firstClash.isPresent() && !cluster.controllersJoin()) {
            // kept off a shared host, a new controller found no other: the quorum waits for offers from more hosts
            gangRefusal = firstClash;
            accepted = List.of();
        }
        for (Unplaced u : result.unplaced()) {
            unplaced.put(u.brokerId(), gangRefusal.filter(why -> avoid.containsKey(u.brokerId()))
                    .map(why -> "broker " + u.brokerId() + " not launched: " + why).orElse(u.explanation() + executorShare()));
        }
        for (Assignment a : result.assignments()) {
            if (!accepted.contains(a) && !unplaced.containsKey(a.brokerId())) {
                unplaced.put(a.brokerId(), gangRefusal.map(why -> "broker " + a.brokerId() + " not launched: " + why)
                        .orElseGet(() -> quorumIncomplete(a.brokerId())));
            }
        }
        for (Assignment a : accepted) {
            Broker b = current(brokers.get(a.brokerId()));
            if (makesVolume(b)) {
                String persistenceId = cluster.name() + "-" + b.id() + "-" + uuids.get();
                Resources reserved = new Resources(a.cpus(), a.mem(), a.disk(), ranges(a.ports()));
                BrokerVolume volume = new BrokerVolume(a.agentId(), a.hostname(), persistenceId, settings.role(), reserved, false);
                MesosAction.Reservation reservation = new MesosAction.Reservation(settings.role(), labels(b.id(), persistenceId),
                        new Volume(persistenceId, settings.role(), a.disk(), BrokerVolume.CONTAINER_PATH), reserved, true);
                launch(b.withVolume(Optional.of(volume)), a, Optional.of(reservation));
            } else {
                launch(b, a, Optional.empty());
            }
        }
    }

    /** Whether {@code b} is a controller without a broker listener: its only port is its controller port. */
    private boolean dedicatedController(Broker b) {
        return cluster.isController(b.id()) && !b.spec().role().servesAsBroker();
    }

    /** What an explanation of an unplaced broker adds: that its demand includes its executor's share, if it has one. */
    private String executorShare() {
        Resources e = settings.executor();
        return e.equals(Resources.NONE) ? "" : "; the demand includes its executor's " + plain(e.cpus()) + " cpus and " + plain(e.mem())
                + " MB";
    }

    private static String plain(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Whether {@code b} gets a volume of its own when it is placed: the default, unless the role cannot reserve. */
    private boolean makesVolume(Broker b) {
        return (b.spec().volume() instanceof VolumePolicy.Auto || remake.contains(b.id())) && !Offer.DEFAULT_ROLE.equals(settings.role());
    }

    /** The offer without the resources and volumes reserved under this cluster's labels: they are their brokers'. */
    private Offer withoutOwnReservations(Offer o) {
        Map<String, Resources> reserved = new LinkedHashMap<>(o.reserved());
        Set<String> ownVolumes = new HashSet<>();
        for (SchedulerEvent.OfferedReservation r : reservations) {
            if (!r.offerId().equals(o.id()) || !cluster.name().equals(r.labels().get(CLUSTER_LABEL))) {
                continue;
            }
            ownVolumes.addAll(r.volumes());
            Resources pool = reserved.get(r.role());
            if (pool != null) {
                Resources rest = new Resources(Math.max(0, round(pool.cpus() - r.resources().cpus())),
                        Math.max(0, round(pool.mem() - r.resources().mem())), Math.max(0, round(pool.disk() - r.resources().disk())),
                        minus(pool.ports(), r.resources().ports()));
                reserved.put(r.role(), rest);
            }
        }
        List<Volume> volumes = o.volumes().stream().filter(v -> !ownVolumes.contains(v.persistenceId())).toList();
        return new Offer(o.id(), o.agentId(), o.hostname(), unreservedLeft.get(o.id()), reserved, volumes, o.attributes());
    }

    /** The host of each controller that has one (its task's, or its last), with the controller it holds. */
    private Map<String, Integer> controllerHosts() {
        Map<String, Integer> hosts = new TreeMap<>();
        for (int id : cluster.controllerIds()) {
            Optional.ofNullable(brokers.get(id)).flatMap(c -> c.task().map(Task::hostname).or(c::lastHost))
                    .ifPresent(h -> hosts.putIfAbsent(h, id));
        }
        return hosts;
    }

    /** A controller placed in {@code assignments} on a host another controller has, and that host; the later id. */
    private Optional<Map.Entry<Integer, String>> controllersSharingAHost(List<Assignment> assignments) {
        Map<String, Integer> hosts = controllerHosts();
        List<Assignment> sorted = new ArrayList<>(assignments);
        sorted.sort(java.util.Comparator.comparingInt(Assignment::brokerId));
        for (Assignment a : sorted) {
            if (cluster.isController(a.brokerId()) && !hosts.containsValue(a.brokerId())
                    && hosts.putIfAbsent(a.hostname(), a.brokerId()) != null) {
                return Optional.of(Map.entry(a.brokerId(), a.hostname()));
            }
        }
        return Optional.empty();
    }

    /** The demand of {@code b}, kept off the hosts {@code avoid} names besides what its spec and role ask. */
    private BrokerDemand demand(Broker b, Set<String> avoid) {
        boolean ownVolume = makesVolume(b);
        BrokerDemand.Builder d = BrokerDemand.builder(b.id())
                .cpus(round(b.spec().cpus() + settings.executor().cpus())).mem(round(b.spec().memMb() + settings.executor().mem()))
                .disk(b.spec().diskMb())
                .constraints(b.spec().constraints())
                // a volume of its own is made on resources the accept reserves: unreserved ones
                .role(ownVolume ? Offer.DEFAULT_ROLE : settings.role());
        if (!dedicatedController(b)) {
            d.ports(listenerPort(b));
        }
        if (remake.contains(b.id())) {
            BrokerVolume lost = b.volume().orElseThrow();
            d.constraints(List.of(new Constraint.Is(Offer.HOSTNAME, lost.hostname())));
        }
        if (cluster.isController(b.id())) {
            d.ports(controllerPortRequest(b));
            if (b.lastHost().isEmpty()) {
                // Every controller is pinned to its host for good: a new one never goes where another is
                // pinned, even while that one is not running, or one of them could never run again.
                for (Broker other : brokers.values()) {
                    if (other.id() != b.id() && cluster.isController(other.id())) {
                        other.task().map(Task::hostname).or(other::lastHost)
                                .ifPresent(host -> d.constraints(List.of(new Constraint.IsNot(Offer.HOSTNAME, host))));
                    }
                }
            }
        }
        avoid.forEach(host -> d.constraints(List.of(new Constraint.IsNot(Offer.HOSTNAME, host))));
        if (b.spec().volume() instanceof VolumePolicy.Existing existing) {
            d.volume(existing.persistenceId());
        }
        if (b.lastHost().isPresent()) {
            Instant until;
            if (cluster.isController(b.id())) {
                until = Instant.MAX;
            } else if (b.isStickyAt(now)) {
                until = b.stickySince().orElseThrow().plus(b.spec().stickinessPeriod());
            } else {
                until = Instant.MIN;
            }
            d.stickiness(new Stickiness(b.lastHost().get(), until));
        }
        return d.build();
    }

    /**
     * The broker listener's port request. A broker on any port takes no controller's port, which a controller pinned to
     * its host may need back at any time (on a volume, its reservation holds it; in a sandbox nothing else does).
     */
    private PortRequest listenerPort(Broker b) {
        PortPolicy policy = b.spec().port();
        if (!(policy instanceof PortPolicy.Auto)) {
            return policy.toRequest();
        }
        int[] kept = brokers.values().stream().filter(other -> other.id() != b.id() && cluster.isController(other.id()))
                .map(other -> current(other).controllerPort()).filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt)
                .distinct().toArray();
        return kept.length == 0 ? PortRequest.any(1) : PortRequest.anyExcept(1, kept);
    }

    /** A controller's listener port: the one it keeps once it has one, else one that {@link OrchestratorSettings#controllerPort()} allows. */
    private PortRequest controllerPortRequest(Broker b) {
        OptionalInt kept = b.controllerPort();
        return kept.isPresent() ? PortRequest.exactly(kept.getAsInt()) : settings.controllerPort().toRequest();
    }

    /**
     * Whether the quorum a launch spec names is known: every controller exists and has had a host (the voters of a
     * static quorum, or of a dynamic one that forms), or, in a dynamic quorum that has formed, one controller has a host
     * the nodes can bootstrap from.
     */
    private boolean quorumHasHosts() {
        if (cluster.controllersJoin()) {
            return !controllerEndpoints().isEmpty();
        }
        if (!cluster.quorumChosen()) {
            return false;
        }
        for (int id : cluster.controllerIds()) {
            Broker b = brokers.get(id);
            if (b == null || b.lastHost().isEmpty() && b.task().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private String quorumIncomplete(int id) {
        if (cluster.controllersJoin()) {
            return "broker " + id + " not launched: no controller of the KRaft quorum (brokers " + cluster.describeControllers()
                    + ") has a host to bootstrap from; it is launched once one is placed";
        }
        if (!cluster.quorumChosen()) {
            return "broker " + id + " not launched: the controller quorum is not complete: controllers " + cluster.describeControllers()
                    + "; start " + (cluster.controllers() - cluster.controllerIds().size()) + " more broker(s), and the controllers"
                    + " are placed together in one offer cycle";
        }
        List<Integer> missing = cluster.controllerIds().stream().filter(c -> !brokers.containsKey(c)).toList();
        return "broker " + id + " not launched: the controller quorum (brokers " + cluster.describeControllers() + ") is not"
                + " complete; " + (missing.isEmpty() ? "its controllers are placed together in one offer cycle"
                : "add controller(s) " + missing + " again: a static quorum keeps its voters");
    }

    /**
     * Every node needs the whole static quorum: no broker is launched until every controller of the
     * cluster exists and has a host, and controllers that never had one are launched together, in the
     * cycle that places them all.
     */
    private List<Assignment> gangFilter(List<Assignment> assignments) {
        if (cluster.controllersJoin()) {
            // a quorum that has formed runs while controllers are still to be chosen (it grows)
            return apart(assignments);
        }
        if (!cluster.quorumChosen()) {
            return List.of();
        }
        Map<String, Integer> hosts = new TreeMap<>();
        for (int id : cluster.controllerIds()) {
            Broker b = brokers.get(id);
            int controller = id;
            Optional<String> host = Optional.ofNullable(b).flatMap(c -> c.task().map(Task::hostname).or(c::lastHost))
                    .or(() -> assignments.stream().filter(a -> a.brokerId() == controller).findFirst().map(Assignment::hostname));
            if (host.isEmpty()) {
                return List.of();
            }
            Integer other = hosts.putIfAbsent(host.get(), id);
            if (other != null) {
                // a host that holds two voters takes the quorum's majority with it when it goes
                gangRefusal = Optional.of("the controllers are placed on as many hosts as there are controllers, and controllers "
                        + other + " and " + id + " would share " + host.get() + ": the offers of this cycle came from too few hosts");
                return List.of();
            }
        }
        return assignments;
    }

    /**
     * In a dynamic quorum that has formed, a controller with new storage joins it on its own, so nothing waits for the
     * others: a controller is only kept off a host that another controller has (the demand keeps it off those known before
     * this cycle; two placed in this cycle may still meet), and a broker needs one controller to bootstrap from.
     */
    private List<Assignment> apart(List<Assignment> assignments) {
        Map<String, Integer> hosts = controllerHosts();
        List<Assignment> kept = new ArrayList<>();
        for (Assignment a : assignments) {
            if (cluster.isController(a.brokerId()) && !hosts.containsValue(a.brokerId())) {
                Integer other = hosts.putIfAbsent(a.hostname(), a.brokerId());
                if (other != null) {
                    unplaced.put(a.brokerId(), "broker " + a.brokerId() + " not launched: controllers " + other + " and "
                            + a.brokerId() + " would share " + a.hostname() + ", and a host that holds two voters takes the"
                            + " quorum's majority with it when it goes; it is placed in a later cycle");
                    continue;
                }
            }
            kept.add(a);
        }
        boolean bootstrap = !hosts.isEmpty();
        return bootstrap ? kept : List.of();
    }

    // ---------------------------------------------------------------------------------------------
    // launches and declines

    private void launch(Broker chosen, Assignment a, Optional<MesosAction.Reservation> reservation) {
        // a controller keeps the port of its first launch for its life, and in a dynamic quorum the directory id of its
        // metadata log dir: every node names them in the quorum
        Broker broker = chosen;
        if (cluster.isController(chosen.id()) && chosen.controllerPort().isEmpty()) {
            broker = broker.withControllerPort(a.ports().get(dedicatedController(chosen) ? 0 : 1));
        }
        if (cluster.isController(chosen.id()) && cluster.dynamicQuorum() && !cluster.quorumFormed() && chosen.directoryId().isEmpty()) {
            // a controller placed with the quorum's formation (by the gang rule, with every other one that has no directory
            // id either); once the quorum has formed, a controller with new storage takes the directory id Kafka gives it,
            // which the scheduler learns when it fetches as an observer
            broker = broker.withDirectoryId(QuorumVoter.newDirectoryId(uuids));
        }
        Offer offer = offerById.get(a.offerId());
        String taskId = cluster.name() + "-" + broker.id() + "-" + uuids.get();
        Task task = new Task(taskId, a.agentId(), a.hostname(), a.ports(), text(offer));
        Broker before = current(brokers.get(broker.id()));
        Lifecycle.Transition t = Lifecycle.next(broker, new BrokerEvent.Launched(task), now);
        changed.put(broker.id(), t.broker());
        unplaced.remove(broker.id());
        planned.add(new Planned(broker, task, a, reservation, before));
    }

    /**
     * The launches of the planned brokers. A broker whose launch spec cannot be made (a value of its spec or of its
     * offer that the executor would refuse) is not launched: it stays pending with the reason as its explanation, and
     * its offer is declined unless another launch uses it. When that broker is a controller placed for the first time,
     * no broker is launched in this cycle, since every launch names the whole quorum, with that controller's host.
     */
    private void launchPlanned() {
        List<LaunchSpecs.Controller> controllerEndpoints = controllerEndpoints();
        Map<Planned, MesosAction.Launch> launches = new LinkedHashMap<>();
        Map<Planned, String> refused = new LinkedHashMap<>();
        for (Planned p : planned) {
            Optional<Volume> volume = p.reservation().map(MesosAction.Reservation::volume).or(p.assignment()::volume);
            try {
                launches.put(p, new MesosAction.Launch(p.task().taskId(), p.broker().id(), p.assignment(), LaunchSpecs.of(p.broker(),
                        p.assignment(), volume, p.task().attributes(), cluster, settings, controllerEndpoints), p.reservation(), settings.executor()));
            } catch (RuntimeException e) {
                refused.put(p, "broker " + p.broker().id() + " cannot be launched on " + p.assignment().hostname() + ": "
                        + e.getMessage() + "; it stays pending, and 'broker update " + p.broker().id() + "' can change its spec");
            }
        }
        Optional<Planned> newController = refused.keySet().stream()
                .filter(p -> cluster.isController(p.broker().id()) && p.before().lastHost().isEmpty() && !cluster.controllersJoin())
                .findFirst();
        if (newController.isPresent()) {
            String why = refused.get(newController.get());
            for (Planned p : launches.keySet()) {
                refused.put(p, "broker " + p.broker().id() + " not launched: controller " + newController.get().broker().id()
                        + " of the quorum every broker names could not be launched (" + why + ")");
            }
            launches.clear();
        }
        refused.forEach((p, why) -> {
            Broker original = brokers.get(p.broker().id());
            if (p.before().equals(original)) {
                changed.remove(original.id());
            } else {
                changed.put(original.id(), p.before());
            }
            unplaced.put(original.id(), why);
        });
        launches.forEach((p, launch) -> {
            actions.add(launch);
            usedOffers.add(p.assignment().offerId());
        });
    }

    /**
     * The host and port of every controller, those launched in this cycle included; while a dynamic quorum forms, with
     * the directory id of each, and without them once it has formed (every controller with new storage then joins).
     */
    private List<LaunchSpecs.Controller> controllerEndpoints() {
        List<LaunchSpecs.Controller> voters = new ArrayList<>();
        for (Broker b : brokers.values()) {
            Broker now = current(b);
            if (cluster.isController(now.id()) && now.controllerPort().isPresent()) {
                Optional<String> directoryId = cluster.quorumFormed() ? Optional.empty() : now.directoryId();
                now.task().map(Task::hostname).or(now::lastHost)
                        .ifPresent(h -> voters.add(new LaunchSpecs.Controller(now.id(), h, now.controllerPort().getAsInt(),
                                directoryId)));
            }
        }
        return voters;
    }

    private void declineTheRest() {
        // a removed broker waits for an offer of its agent too: its reservation is released from one
        boolean anyPending = brokers.values().stream().anyMatch(b -> b.isPending(now) || b.removing() && !removed.contains(b.id()));
        Duration refuse = anyPending ? settings.unfitRefuse() : untilNextRetry().orElse(settings.idleRefuse());
        for (Offer o : offers) {
            if (!usedOffers.contains(o.id())) {
                actions.add(new MesosAction.Decline(o.id(), refuse));
            }
        }
    }

    private Optional<Duration> untilNextRetry() {
        return brokers.values().stream()
                .filter(b -> b.active() && b.phase() == TaskPhase.NONE)
                .map(b -> Duration.between(now, b.failover().retryAt(b.spec().failover())))
                .filter(d -> !d.isNegative())
                .min(Duration::compareTo)
                .map(d -> d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d);
    }

    // ---------------------------------------------------------------------------------------------
    // values

    /** The labels of broker {@code id}'s reservation with volume {@code persistenceId}. */
    Map<String, String> labels(int id, String persistenceId) {
        return labels(cluster.name(), id, persistenceId);
    }

    static Map<String, String> labels(String cluster, int id, String persistenceId) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(CLUSTER_LABEL, cluster);
        labels.put(BROKER_LABEL, Integer.toString(id));
        labels.put(VOLUME_LABEL, persistenceId);
        return labels;
    }

    /** What of the assignment comes from unreserved resources: what the accept reserves for a broker on its volume. */
    private static Resources unreservedPart(Assignment a) {
        double cpus = 0;
        double mem = 0;
        List<Integer> ports = new ArrayList<>();
        for (Allocation allocation : a.allocations()) {
            if (allocation.role().equals(Offer.DEFAULT_ROLE)) {
                cpus += allocation.cpus();
                mem += allocation.mem();
                ports.addAll(allocation.ports());
            }
        }
        return cpus == 0 && mem == 0 && ports.isEmpty() ? Resources.NONE : new Resources(round(cpus), round(mem), 0, ranges(ports));
    }

    private static List<PortRange> ranges(List<Integer> ports) {
        return ranges(new java.util.TreeSet<>(ports));
    }

    private static List<PortRange> ranges(java.util.SortedSet<Integer> ports) {
        List<PortRange> ranges = new ArrayList<>();
        Integer begin = null;
        int end = 0;
        for (int p : ports) {
            if (begin != null && p == end + 1) {
                end = p;
                continue;
            }
            if (begin != null) {
                ranges.add(new PortRange(begin, end));
            }
            begin = p;
            end = p;
        }
        if (begin != null) {
            ranges.add(new PortRange(begin, end));
        }
        return ranges;
    }

    private static java.util.TreeSet<Integer> ports(List<PortRange> ranges) {
        java.util.TreeSet<Integer> ports = new java.util.TreeSet<>();
        for (PortRange r : ranges) {
            for (int p = r.begin(); p <= r.end(); p++) {
                ports.add(p);
            }
        }
        return ports;
    }

    private static List<PortRange> minus(List<PortRange> from, List<PortRange> taken) {
        java.util.TreeSet<Integer> rest = ports(from);
        rest.removeAll(ports(taken));
        return ranges(rest);
    }

    private static List<PortRange> plus(List<PortRange> a, List<PortRange> b) {
        java.util.TreeSet<Integer> all = ports(a);
        all.addAll(ports(b));
        return ranges(all);
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    private static Map<String, AttributeValue> attributes(Map<String, String> text) {
        Map<String, AttributeValue> values = new TreeMap<>();
        text.forEach((k, v) -> {
            if (!Offer.HOSTNAME.equals(k)) {
                values.put(k, AttributeValue.text(v));
            }
        });
        return values;
    }

    private static Map<String, String> text(Offer offer) {
        Map<String, String> text = new TreeMap<>();
        offer.attributes().forEach((k, v) -> text.put(k, v.asText()));
        return text;
    }
}

package org.kafkamesos.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One run of the engine over one request. Demands go in broker id order; each takes the first offer
 * that fits in the strategy's order, which a sorted set keeps current as offers fill up. Only a
 * broker that fits nowhere pays for a second pass that collects a reason from every offer.
 */
final class GreedyPlacement {

    private static final Comparator<OfferState> CANONICAL = Comparator
            .comparing((OfferState s) -> s.offer.hostname())
            .thenComparing(s -> s.offer.agentId())
            .thenComparing(s -> s.offer.id());

    private final PlacementRequest request;
    private final List<OfferState> offers = new ArrayList<>();
    private final Map<String, List<OfferState>> offersByHost = new HashMap<>();
    private final Map<String, Integer> brokersByHost = new HashMap<>();
    private final TreeSet<OfferState> candidates;
    private final ConstraintJudge judge;

    GreedyPlacement(PlacementRequest request) {
        this.request = request;
        List<Offer> sorted = new ArrayList<>(request.offers());
        sorted.sort(Comparator.comparing(Offer::hostname).thenComparing(Offer::agentId).thenComparing(Offer::id));
        for (int i = 0; i < sorted.size(); i++) {
            OfferState state = new OfferState(sorted.get(i), i);
            offers.add(state);
            offersByHost.computeIfAbsent(state.offer.hostname(), h -> new ArrayList<>()).add(state);
        }
        Set<Integer> demanded = new HashSet<>();
        Set<String> attributes = new HashSet<>();
        for (BrokerDemand d : request.demands()) {
            demanded.add(d.brokerId());
            d.constraints().forEach(c -> attributes.add(c.attribute()));
        }
        List<ClusterView.Member> running = new ArrayList<>();
        for (ClusterView.Member m : request.existing().members()) {
            if (!demanded.contains(m.brokerId())) {
                running.add(m);
                m.constraints().forEach(c -> attributes.add(c.attribute()));
            }
        }
        judge = new ConstraintJudge(attributes);
        // Recorded in id order, like the demands, so that the order of the view never shows in a result.
        running.sort(Comparator.comparingInt(ClusterView.Member::brokerId));
        for (ClusterView.Member m : running) {
            judge.record(m.brokerId(), m::attributeText, m.constraints());
            brokersByHost.merge(m.hostname(), 1, Integer::sum);
        }
        candidates = new TreeSet<>(order(request.strategy()));
        for (OfferState s : offers) {
            s.hostBrokers = brokersByHost.getOrDefault(s.offer.hostname(), 0);
            candidates.add(s);
        }
    }

    private static Comparator<OfferState> order(Strategy strategy) {
        Comparator<OfferState> byOrder = Comparator.comparingInt(s -> s.order);
        switch (strategy) {
            case SPREAD:
                return Comparator.comparingInt((OfferState s) -> s.hostBrokers)
                        .thenComparing(Comparator.comparingDouble((OfferState s) -> s.freeCpus).reversed())
                        .thenComparing(Comparator.comparingDouble((OfferState s) -> s.freeMem).reversed())
                        .thenComparing(byOrder);
            case BIN_PACK:
                return Comparator.comparingDouble((OfferState s) -> s.freeCpus)
                        .thenComparingDouble(s -> s.freeMem)
                        .thenComparing(byOrder);
            case FIRST_FIT:
                return byOrder;
            default:
                throw new IllegalArgumentException("unknown strategy " + strategy);
        }
    }

    PlacementResult run() {
        List<BrokerDemand> demands = new ArrayList<>(request.demands());
        demands.sort(Comparator.comparingInt(BrokerDemand::brokerId));
        List<Assignment> assignments = new ArrayList<>();
        List<Unplaced> unplaced = new ArrayList<>();
        for (BrokerDemand demand : demands) {
            OfferState chosen = choose(demand);
            if (chosen == null) {
                unplaced.add(explain(demand));
            } else {
                assignments.add(assign(demand, chosen));
            }
        }
        List<String> unused = new ArrayList<>();
        for (OfferState s : offers) {
            if (s.brokersPlaced == 0) {
                unused.add(s.offer.id());
            }
        }
        return new PlacementResult(assignments, unplaced, unused);
    }

    private OfferState choose(BrokerDemand demand) {
        Optional<Stickiness> sticky = demand.stickiness();
        if (sticky.isPresent()) {
            List<OfferState> onHost = new ArrayList<>(offersByHost.getOrDefault(sticky.get().hostname(), List.of()));
            onHost.sort(candidates.comparator());
            for (OfferState s : onHost) {
                if (rejection(demand, s, false) == null) {
                    return s;
                }
            }
            if (sticky.get().bindsAt(request.now())) {
                return null;
            }
        }
        for (OfferState s : candidates) {
            if (rejection(demand, s, false) == null) {
                return s;
            }
        }
        return null;
    }

    private Unplaced explain(BrokerDemand demand) {
        List<Rejection> rejections = new ArrayList<>(offers.size());
        for (OfferState s : offers) {
            Rejection.Reason reason = rejection(demand, s, true);
            if (reason == null) {
                throw new IllegalStateException("broker " + demand.brokerId() + " fits offer " + s.offer.id() + " but was not placed");
            }
            rejections.add(new Rejection(s.offer.id(), s.offer.hostname(), reason));
        }
        return new Unplaced(demand.brokerId(), rejections);
    }

    /** The first reason {@code s} cannot take {@code demand}, or null if it can. */
    private Rejection.Reason rejection(BrokerDemand demand, OfferState s, boolean explain) {
        Optional<Stickiness> sticky = demand.stickiness();
        if (sticky.isPresent() && sticky.get().bindsAt(request.now()) && !sticky.get().hostname().equals(s.offer.hostname())) {
            return new Rejection.NotStickyHost(sticky.get().hostname(), sticky.get().until());
        }
        Optional<Volume> volume = Optional.empty();
        if (demand.volume().isPresent()) {
            volume = s.freeVolume(demand.volume().get(), demand.role());
            if (volume.isEmpty()) {
                return new Rejection.NoVolume(demand.volume().get(), demand.role());
            }
        }
        Rejection.Reason unmet = judge.judge(demand, s.offer, explain);
        if (unmet != null) {
            return unmet;
        }
        List<OfferState.Pool> pools = s.poolsFor(demand.role());
        double cpus = 0;
        double mem = 0;
        double disk = 0;
        for (OfferState.Pool p : pools) {
            cpus += p.cpus;
            mem += p.mem;
            disk += p.disk;
        }
        if (cpus + OfferState.EPSILON < demand.cpus()) {
            return new Rejection.Shortfall("cpus", cpus, demand.cpus());
        }
        if (mem + OfferState.EPSILON < demand.mem()) {
            return new Rejection.Shortfall("mem", mem, demand.mem());
        }
        double diskHave = volume.isPresent() ? volume.get().diskMb() : disk;
        if (diskHave + OfferState.EPSILON < demand.disk()) {
            return new Rejection.Shortfall("disk", diskHave, demand.disk());
        }
        if (!demand.ports().isEmpty()) {
            int free = OfferState.freePorts(pools);
            if (free < demand.portCount()) {
                PortRequest blamed = demand.ports().stream().filter(p -> p instanceof PortRequest.Any)
                        .findFirst().orElse(demand.ports().get(0));
                return new Rejection.NoFreePort(blamed, free);
            }
            boolean anyPortsWillDo = demand.ports().stream().allMatch(p -> p instanceof PortRequest.Any any && any.except().isEmpty());
            PortRequest[] failed = new PortRequest[1];
            if (!anyPortsWillDo && OfferState.choosePorts(demand.ports(), pools, failed) == null) {
                return new Rejection.NoFreePort(failed[0], OfferState.freePorts(pools));
            }
        }
        return null;
    }

    private Assignment assign(BrokerDemand demand, OfferState chosen) {
        List<OfferState.Pool> pools = chosen.poolsFor(demand.role());
        int[] ports = OfferState.choosePorts(demand.ports(), pools, new PortRequest[1]);
        Optional<Volume> volume = demand.volume().flatMap(id -> chosen.freeVolume(id, demand.role()));
        String host = chosen.offer.hostname();
        List<OfferState> sameHost = offersByHost.get(host);
        sameHost.forEach(candidates::remove);
        Assignment assignment = chosen.take(demand, ports, volume);
        int onHost = brokersByHost.merge(host, 1, Integer::sum);
        for (OfferState s : sameHost) {
            s.hostBrokers = onHost;
            candidates.add(s);
        }
        judge.record(demand.brokerId(), chosen.offer::attributeText, demand.constraints());
        return assignment;
    }
}

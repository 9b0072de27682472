package org.kafkamesos.placement;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Generators of placement requests small enough that brokers contend for the same offers: a few
 * hosts in a few racks and zones, amounts from small discrete sets, every agent's ports drawn from
 * the same dozen ports so that exact and ranged port requests collide.
 *
 * <p>A request is generated from a topology (the attributes of each host), so that offers and running
 * brokers on one host agree on its rack and zone. Each host that offers resources is one agent with 1
 * to 3 offers whose port ranges are disjoint, as Mesos guarantees.
 */
final class PlacementArbitraries {

    /** The instant every generated request is judged at; sticky periods end just before or after it. */
    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    /** The role brokers may hold reservations and volumes for. */
    static final String KAFKA = "kafka";

    /** A role no generated broker has: its reservations must never be touched. */
    static final String OTHER_ROLE = "other";

    /** Hosts h0..h5 make up the topology; constraints and sticky hosts may also name h6, which never offers. */
    static final int HOSTS = 6;

    /** Every agent's ports lie in {@code FIRST_PORT .. FIRST_PORT + PORTS_PER_AGENT - 1}. */
    static final int FIRST_PORT = 9000;
    static final int PORTS_PER_AGENT = 12;

    static final String RACK = "rack";
    static final String ZONE = "zone";

    private static final List<String> RACKS = List.of("r1", "r2", "r3");
    private static final List<String> ZONES = List.of("z1", "z2");
    /** Regular expressions constraints use; some with commas, as users write them. */
    private static final List<String> REGEXES =
            List.of("r[12]", "r{1,2}[13]", "h[0-2]", "h.*", "z1", ".*1", "[hz].*", "r(1|3)", "h[3-6]{1,1}");

    private PlacementArbitraries() {
    }

    static String hostname(int host) {
        return "h" + host;
    }

    /** Whole requests: offers, 0-6 demands, a cluster of 0-4 running brokers, any strategy. */
    static Arbitrary<PlacementRequest> requests() {
        return requests(6, demandTemplates());
    }

    /** Requests for exactly one broker, with or without running brokers. */
    static Arbitrary<PlacementRequest> singleDemandRequests() {
        return requests(1, demandTemplates());
    }

    /** Requests whose demands all need a volume, most of which some agent carries. */
    static Arbitrary<PlacementRequest> volumeRequests() {
        return requests(5, Combinators.combine(demandTemplates(), Arbitraries.integers().between(0, HOSTS))
                .as((template, host) -> id -> {
                    BrokerDemand d = template.apply(id);
                    return new BrokerDemand(id, d.cpus(), d.mem(), d.disk(), d.ports(), d.constraints(), d.stickiness(),
                            Optional.of("v" + host), d.role());
                }));
    }

    /** Requests whose demands all have a sticky host, to watch stickiness at work. */
    static Arbitrary<PlacementRequest> stickyRequests() {
        return requests(5, Combinators.combine(demandTemplates(), stickiness())
                .as((template, sticky) -> id -> {
                    BrokerDemand d = template.apply(id);
                    return new BrokerDemand(id, d.cpus(), d.mem(), d.disk(), d.ports(), d.constraints(),
                            Optional.of(sticky), d.volume(), d.role());
                }));
    }

    /**
     * Requests with up to {@code maxDemands} demands (at least one when {@code maxDemands} is 1).
     * Built from independent parts combined by one function, without {@code flatMap}, so that
     * generating and shrinking stay fast.
     */
    private static Arbitrary<PlacementRequest> requests(int maxDemands, Arbitrary<DemandTemplate> templates) {
        Arbitrary<List<BrokerDemand>> demands = Combinators.combine(Arbitraries.integers().between(0, 9), templates)
                .as((id, template) -> template.apply(id))
                .list().uniqueElements(BrokerDemand::brokerId).ofMinSize(maxDemands == 1 ? 1 : 0).ofMaxSize(maxDemands);
        Arbitrary<List<MemberSeed>> members = Combinators.combine(Arbitraries.integers().between(0, 11),
                        Arbitraries.integers().between(0, HOSTS - 1), constraints().list().ofMaxSize(2))
                .as(MemberSeed::new).list().ofMaxSize(4).uniqueElements(MemberSeed::brokerId);
        Arbitrary<Boolean> noOffers = Arbitraries.frequency(Tuple.of(12, false), Tuple.of(1, true));
        return Combinators.combine(topologies(), agents().list().ofSize(HOSTS), noOffers, demands, members,
                        Arbitraries.of(Strategy.class))
                .as((topology, agents, none, demandList, memberSeeds, strategy) -> {
                    List<Offer> offers = new ArrayList<>();
                    for (int h = 0; h < HOSTS && !none; h++) {
                        offers.addAll(agents.get(h).offers(h, topology.get(h)));
                    }
                    List<ClusterView.Member> running = memberSeeds.stream()
                            .map(m -> new ClusterView.Member(m.brokerId(), hostname(m.host()), topology.get(m.host()),
                                    m.constraints()))
                            .toList();
                    return new PlacementRequest(offers, demandList, new ClusterView(running), strategy, NOW);
                });
    }

    /** A running broker before its host's attributes are looked up in the topology. */
    private record MemberSeed(int brokerId, int host, List<Constraint> constraints) {
    }

    /** Rack and zone of each host; an agent sometimes lacks one. */
    static Arbitrary<List<Map<String, AttributeValue>>> topologies() {
        return Combinators.combine(sometimes(Arbitraries.of(RACKS), 0.85), sometimes(Arbitraries.of(ZONES), 0.9))
                .as((rack, zone) -> {
                    Map<String, AttributeValue> attributes = new TreeMap<>();
                    rack.ifPresent(r -> attributes.put(RACK, AttributeValue.text(r)));
                    zone.ifPresent(z -> attributes.put(ZONE, AttributeValue.text(z)));
                    return (Map<String, AttributeValue>) attributes;
                })
                .list().ofSize(HOSTS);
    }

    /** Amounts of one role in one offer. */
    private record PoolSpec(String role, double cpus, double mem, double disk) {
    }

    /** One offer before its ports are known: unreserved resources and maybe two reservations. */
    private record OfferSpec(PoolSpec unreserved, Optional<PoolSpec> kafka, Optional<PoolSpec> other) {
        List<PoolSpec> pools() {
            List<PoolSpec> pools = new ArrayList<>();
            pools.add(unreserved);
            kafka.ifPresent(pools::add);
            other.ifPresent(pools::add);
            return pools;
        }
    }

    /**
     * One host's agent, if it offers anything: 1-3 offers; each of the agent's ports belongs to one
     * pool of one offer or to none ({@code portOwners}, taken modulo the number of pools + 1), so the
     * offers' ranges are disjoint; maybe volume {@code v<host>} on one of its offers, mostly reserved
     * for {@link #KAFKA}, sometimes for a role no broker has.
     */
    private record AgentSpec(boolean offering, List<OfferSpec> specs, List<Integer> portOwners,
                             Optional<Integer> volumeAt, double volumeMb, String volumeRole) {

        List<Offer> offers(int host, Map<String, AttributeValue> attributes) {
            if (!offering) {
                return List.of();
            }
            int pools = specs.stream().mapToInt(s -> s.pools().size()).sum();
            // pool number (1-based over all offers of the agent) -> its port ranges
            Map<Integer, List<PortRange>> ranges = new LinkedHashMap<>();
            int i = 0;
            while (i < portOwners.size()) {
                int owner = portOwners.get(i) % (pools + 1);
                int j = i;
                while (j + 1 < portOwners.size() && portOwners.get(j + 1) % (pools + 1) == owner) {
                    j++;
                }
                if (owner > 0) {
                    ranges.computeIfAbsent(owner, o -> new ArrayList<>())
                            .add(new PortRange(FIRST_PORT + i, FIRST_PORT + j));
                }
                i = j + 1;
            }
            List<Offer> offers = new ArrayList<>();
            int pool = 1;
            for (int k = 0; k < specs.size(); k++) {
                Map<String, Resources> reserved = new TreeMap<>();
                Resources unreserved = null;
                for (PoolSpec p : specs.get(k).pools()) {
                    Resources r = new Resources(p.cpus(), p.mem(), p.disk(), ranges.getOrDefault(pool++, List.of()));
                    if (p.role().equals(Offer.DEFAULT_ROLE)) {
                        unreserved = r;
                    } else {
                        reserved.put(p.role(), r);
                    }
                }
                List<Volume> volumes = volumeAt.isPresent() && volumeAt.get() % specs.size() == k
                        ? List.of(new Volume("v" + host, volumeRole, volumeMb, "kafka-data")) : List.of();
                offers.add(new Offer("o" + host + "." + k, "agent-" + host, hostname(host), unreserved, reserved,
                        volumes, attributes));
            }
            return offers;
        }
    }

    private static Arbitrary<AgentSpec> agents() {
        return Combinators.combine(Arbitraries.frequency(Tuple.of(1, false), Tuple.of(2, true)),
                        offerSpecs().list().ofMinSize(1).ofMaxSize(3),
                        Arbitraries.integers().between(0, 9).withDistribution(RandomDistribution.uniform()).list()
                                .ofSize(PORTS_PER_AGENT),
                        sometimes(Arbitraries.integers().between(0, 2), 0.4),
                        Arbitraries.of(0.0, 1000.0, 4000.0),
                        Arbitraries.of(KAFKA, KAFKA, KAFKA, OTHER_ROLE))
                .as(AgentSpec::new);
    }

    private static Arbitrary<OfferSpec> offerSpecs() {
        Arbitrary<PoolSpec> unreserved = Combinators.combine(
                        Arbitraries.of(0.0, 0.5, 1.0, 2.0, 3.0), Arbitraries.of(0.0, 512.0, 1024.0, 2048.0, 4096.0),
                        Arbitraries.of(0.0, 1000.0, 4000.0))
                .as((cpus, mem, disk) -> new PoolSpec(Offer.DEFAULT_ROLE, cpus, mem, disk));
        return Combinators.combine(unreserved, sometimes(reservation(KAFKA), 0.4),
                        sometimes(reservation(OTHER_ROLE), 0.15))
                .as(OfferSpec::new);
    }

    private static Arbitrary<PoolSpec> reservation(String role) {
        return Combinators.combine(Arbitraries.of(0.5, 1.0, 2.0), Arbitraries.of(512.0, 1024.0, 2048.0),
                        Arbitraries.of(0.0, 1000.0, 4000.0))
                .as((cpus, mem, disk) -> new PoolSpec(role, cpus, mem, disk));
    }

    /** A broker demand waiting for its broker id. */
    @FunctionalInterface
    private interface DemandTemplate {
        BrokerDemand apply(int brokerId);
    }

    /** Small amounts, 0-3 port requests, 0-3 constraints, maybe sticky, maybe a volume, either role. */
    private static Arbitrary<DemandTemplate> demandTemplates() {
        return Combinators.combine(
                        Arbitraries.of(0.0, 0.1, 0.5, 1.0, 2.0),
                        Arbitraries.of(0.0, 256.0, 1024.0, 2048.0),
                        Arbitraries.of(0.0, 500.0, 2000.0),
                        portRequests(),
                        constraints().list().ofMaxSize(3),
                        sometimes(stickiness(), 0.25),
                        sometimes(Arbitraries.integers().between(0, HOSTS).map(h -> "v" + h), 0.25),
                        Arbitraries.of(Offer.DEFAULT_ROLE, KAFKA))
                .as((cpus, mem, disk, ports, constraints, sticky, volume, role) -> brokerId ->
                        new BrokerDemand(brokerId, cpus, mem, disk, ports, constraints, sticky, volume, role));
    }

    /** Sticky to one of the hosts (or to one without offers) until just before, at or after {@link #NOW}. */
    static Arbitrary<Stickiness> stickiness() {
        return Combinators.combine(Arbitraries.integers().between(0, HOSTS).map(PlacementArbitraries::hostname),
                        Arbitraries.of(-60L, 0L, 60L))
                .as((host, offset) -> new Stickiness(host, NOW.plus(Duration.ofSeconds(offset))));
    }

    /** 0-3 port requests of all three kinds around the agents' ports; exact ports distinct. */
    static Arbitrary<List<PortRequest>> portRequests() {
        return portRequests(0, 3, PORTS_PER_AGENT, 2);
    }

    /**
     * {@code min} to {@code max} port requests around the first {@code span} ports; a ranged request
     * is {@code rangedWeight} times as likely as an exact one or an any one.
     */
    static Arbitrary<List<PortRequest>> portRequests(int min, int max, int span, int rangedWeight) {
        int last = FIRST_PORT + span;
        Arbitrary<PortRequest> request = Combinators.combine(
                        Arbitraries.frequency(Tuple.of(1, 'e'), Tuple.of(rangedWeight, 'w'), Tuple.of(1, 'a')),
                        Arbitraries.integers().between(FIRST_PORT - 1, last)
                                .withDistribution(RandomDistribution.uniform()),
                        Arbitraries.integers().between(0, 4).withDistribution(RandomDistribution.uniform()),
                        Arbitraries.integers().between(1, 2))
                .as((kind, port, width, count) -> kind == 'e' ? PortRequest.exactly(port)
                        : kind == 'w' ? PortRequest.within(port, port + width) : PortRequest.any(count));
        return request.list().ofMinSize(min).ofMaxSize(max).filter(PlacementArbitraries::exactPortsDistinct);
    }

    /**
     * One offer whose ports, some unreserved and some reserved for {@link #KAFKA}, are scattered over
     * the first {@code span} ports; plenty of everything else.
     */
    static Arbitrary<Offer> portOffers(int span) {
        return Arbitraries.integers().between(0, 2).withDistribution(RandomDistribution.uniform()).list()
                .ofSize(span)
                .map(owners -> {
                    List<List<PortRange>> ranges = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                    for (int i = 0; i < owners.size(); i++) {
                        ranges.get(owners.get(i)).add(PortRange.of(FIRST_PORT + i));
                    }
                    return new Offer("o0", "agent-0", hostname(0), new Resources(4, 8192, 8192, ranges.get(1)),
                            Map.of(KAFKA, new Resources(1, 1024, 1024, ranges.get(2))), List.of(), Map.of());
                });
    }

    private static boolean exactPortsDistinct(List<PortRequest> requests) {
        Set<Integer> seen = new HashSet<>();
        return requests.stream().noneMatch(r -> r instanceof PortRequest.Exactly e && !seen.add(e.port()));
    }

    private enum Operator { UNIQUE, CLUSTER, CLUSTER_ON, GROUP_BY, LIKE, UNLIKE, MAX_PER, IS, IS_NOT }

    /** Constraints of every operator on hostname, rack and zone, with values that occur in the topology. */
    @SuppressWarnings("unchecked")
    static Arbitrary<Constraint> constraints() {
        Arbitrary<Operator> operators = Arbitraries.frequency(
                Tuple.of(3, Operator.UNIQUE), Tuple.of(1, Operator.CLUSTER), Tuple.of(1, Operator.CLUSTER_ON),
                Tuple.of(3, Operator.GROUP_BY), Tuple.of(2, Operator.LIKE), Tuple.of(2, Operator.UNLIKE),
                Tuple.of(2, Operator.MAX_PER), Tuple.of(1, Operator.IS), Tuple.of(1, Operator.IS_NOT));
        return Combinators.combine(Arbitraries.of(Offer.HOSTNAME, RACK, ZONE), operators,
                        Arbitraries.integers().between(0, HOSTS), Arbitraries.integers().between(1, 3),
                        Arbitraries.of(REGEXES))
                .as(PlacementArbitraries::constraint);
    }

    private static Constraint constraint(String attribute, Operator operator, int valueIndex, int n, String regex) {
        String value = attribute.equals(RACK) ? RACKS.get(valueIndex % RACKS.size())
                : attribute.equals(ZONE) ? ZONES.get(valueIndex % ZONES.size())
                : hostname(valueIndex);
        switch (operator) {
            case UNIQUE:
                return new Constraint.Unique(attribute);
            case CLUSTER:
                return new Constraint.Cluster(attribute, Optional.empty());
            case CLUSTER_ON:
                return new Constraint.Cluster(attribute, Optional.of(value));
            case GROUP_BY:
                return new Constraint.GroupBy(attribute, n);
            case LIKE:
                return new Constraint.Like(attribute, regex);
            case UNLIKE:
                return new Constraint.Unlike(attribute, regex);
            case MAX_PER:
                return new Constraint.MaxPer(attribute, n);
            case IS:
                return new Constraint.Is(attribute, value);
            default:
                return new Constraint.IsNot(attribute, value);
        }
    }

    /**
     * Pairs of one request and the same request with its offers, its demands and, if
     * {@code reorderRunning}, its running brokers each in another order. The orders come from sort
     * keys, which shrink towards 0, that is towards the original order, so a shrunk counterexample
     * swaps only what matters.
     */
    static Arbitrary<List<PlacementRequest>> requestsInTwoOrders(boolean reorderRunning) {
        Arbitrary<Integer> key = Arbitraries.integers().between(0, 20).withDistribution(RandomDistribution.uniform());
        Arbitrary<List<Integer>> memberKeys =
                reorderRunning ? key.list().ofSize(4) : Arbitraries.just(List.of(0, 0, 0, 0));
        return Combinators.combine(requests(), key.list().ofSize(3 * HOSTS), key.list().ofSize(6), memberKeys)
                .as((r, offerOrder, demandOrder, memberOrder) -> List.of(r, new PlacementRequest(
                        reorder(r.offers(), offerOrder), reorder(r.demands(), demandOrder),
                        new ClusterView(reorder(r.existing().members(), memberOrder)), r.strategy(), r.now())));
    }

    /** {@code items} sorted by {@code keys} (item i has key i), ties kept in their order. */
    private static <T> List<T> reorder(List<T> items, List<Integer> keys) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            positions.add(i);
        }
        positions.sort(Comparator.comparing(keys::get));
        return positions.stream().map(items::get).toList();
    }

    /**
     * Present with {@code probability}, shrinking towards absent: {@code optional(probability)}, but
     * several times faster to generate when nested as deep as here (measured).
     */
    static <T> Arbitrary<Optional<T>> sometimes(Arbitrary<T> arbitrary, double probability) {
        int absentBelow = (int) Math.round(1000 * (1 - probability));
        Arbitrary<Integer> dice = Arbitraries.integers().between(0, 999).withDistribution(RandomDistribution.uniform());
        return Combinators.combine(dice, arbitrary)
                .as((thrown, value) -> thrown < absentBelow ? Optional.<T>empty() : Optional.of(value));
    }
}

package org.kafkamesos.placement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A naive reading of the placement engine's documented semantics, written without its internals, as
 * the oracle of {@link PlacementProperties}. Everything here is brute force over lists: slow, short
 * and easy to check by eye. Checks return the violations they found, as readable lines, so that a
 * failing property says what went wrong.
 */
final class ReferenceChecks {

    /** Slack for sums of cpus, mem and disk given as doubles. */
    static final double TOLERANCE = 1e-6;

    private ReferenceChecks() {
    }

    /** Offers in the order the engine documents for rejections and unused offers. */
    static final Comparator<Offer> CANONICAL =
            Comparator.comparing(Offer::hostname).thenComparing(Offer::agentId).thenComparing(Offer::id);

    // ---------------------------------------------------------------------------------------------
    // Where brokers sit, and what their constraints say about it.

    /**
     * One broker on one agent: a running member, or a broker placed by the request under test.
     *
     * @param values the agent's values by attribute name, {@code hostname} included
     */
    record Seat(int brokerId, Map<String, String> values, List<Constraint> constraints, boolean placedNow) {
        String value(String attribute) {
            return values.get(attribute);
        }
    }

    static Map<String, String> valuesOf(String hostname, Map<String, AttributeValue> attributes) {
        Map<String, String> values = new HashMap<>();
        attributes.forEach((name, value) -> values.put(name, value.asText()));
        values.put(Offer.HOSTNAME, hostname);
        return values;
    }

    static Seat seatOf(ClusterView.Member m) {
        return new Seat(m.brokerId(), valuesOf(m.hostname(), m.attributes()), m.constraints(), false);
    }

    static Seat seatOf(BrokerDemand d, Offer o) {
        return new Seat(d.brokerId(), valuesOf(o.hostname(), o.attributes()), d.constraints(), true);
    }

    /** The running brokers a request's constraints see: the members that are not demanded anew. */
    static List<Seat> running(PlacementRequest request) {
        Set<Integer> demanded = request.demands().stream().map(BrokerDemand::brokerId).collect(Collectors.toSet());
        return request.existing().members().stream()
                .filter(m -> !demanded.contains(m.brokerId()))
                .map(ReferenceChecks::seatOf)
                .toList();
    }

    private static List<String> valuesOn(String attribute, Collection<Seat> seats) {
        List<String> values = new ArrayList<>();
        for (Seat s : seats) {
            String v = s.value(attribute);
            if (v != null) {
                values.add(v);
            }
        }
        return values;
    }

    /**
     * Whether a broker whose agent has {@code value} for {@code c}'s attribute satisfies {@code c}, with
     * {@code others} the values of the other brokers (those lacking the attribute are not counted).
     */
    static boolean holds(Constraint c, String value, List<String> others) {
        if (value == null) {
            return c instanceof Constraint.Unlike;
        }
        long same = others.stream().filter(value::equals).count();
        Set<String> distinct = new HashSet<>(others);
        if (c instanceof Constraint.Unique) {
            return same == 0;
        }
        if (c instanceof Constraint.Cluster cluster) {
            return cluster.value().isPresent()
                    ? cluster.value().get().equals(value)
                    : distinct.isEmpty() || distinct.equals(Set.of(value));
        }
        if (c instanceof Constraint.GroupBy groupBy) {
            if (distinct.size() < groupBy.groups()) {
                return same == 0;
            }
            Map<String, Long> counts = others.stream().collect(Collectors.groupingBy(v -> v, Collectors.counting()));
            long least = counts.values().stream().mapToLong(Long::longValue).min().orElse(0);
            return same == least;
        }
        if (c instanceof Constraint.Like like) {
            return Pattern.matches(like.regex(), value);
        }
        if (c instanceof Constraint.Unlike unlike) {
            return !Pattern.matches(unlike.regex(), value);
        }
        if (c instanceof Constraint.MaxPer maxPer) {
            return same < maxPer.limit();
        }
        if (c instanceof Constraint.Is is) {
            return is.value().equals(value);
        }
        return !((Constraint.IsNot) c).value().equals(value);
    }

    /** unique, maxPer and cluster without a value: the constraints a later broker can break. */
    static boolean symmetric(Constraint c) {
        return c instanceof Constraint.Unique || c instanceof Constraint.MaxPer
                || c instanceof Constraint.Cluster cluster && cluster.value().isEmpty();
    }

    /**
     * Hard constraints over the final layout. Each placed broker, replayed in broker id order, must
     * satisfy its own constraints against the running brokers and those placed before it; its
     * symmetric constraints must still hold against everybody at the end; and no placed broker may
     * break a symmetric constraint of a running broker (violations among running brokers alone are not
     * the engine's doing and are not reported).
     */
    static List<String> constraintViolations(PlacementRequest request, PlacementResult result) {
        List<String> violations = new ArrayList<>();
        Map<String, Offer> offers = offersById(request);
        Map<Integer, BrokerDemand> demands = demandsById(request);
        List<Seat> running = running(request);
        List<Seat> placed = new ArrayList<>();
        List<Assignment> inIdOrder = new ArrayList<>(result.assignments());
        inIdOrder.sort(Comparator.comparingInt(Assignment::brokerId));
        for (Assignment a : inIdOrder) {
            Seat seat = seatOf(demands.get(a.brokerId()), offers.get(a.offerId()));
            List<Seat> before = new ArrayList<>(running);
            before.addAll(placed);
            for (Constraint c : seat.constraints()) {
                String value = seat.value(c.attribute());
                if (!holds(c, value, valuesOn(c.attribute(), before))) {
                    violations.add("broker " + a.brokerId() + " on " + a.offerId() + " (" + c.attribute() + "=" + value
                            + ") breaks its own " + c + " given " + describe(c.attribute(), before));
                }
            }
            placed.add(seat);
        }
        List<Seat> everybody = new ArrayList<>(running);
        everybody.addAll(placed);
        for (Seat owner : everybody) {
            for (Constraint c : owner.constraints()) {
                String value = owner.value(c.attribute());
                if (!symmetric(c) || value == null) {
                    continue;
                }
                List<Seat> others = new ArrayList<>(everybody);
                others.remove(owner);
                if (holds(c, value, valuesOn(c.attribute(), others))) {
                    continue;
                }
                // a running broker's constraint counts only if a new broker is part of the breach
                boolean newcomerInvolved = owner.placedNow() || placed.stream().anyMatch(p -> {
                    String v = p.value(c.attribute());
                    return v != null && (c instanceof Constraint.Cluster ? !v.equals(value) : v.equals(value));
                });
                if (newcomerInvolved) {
                    violations.add((owner.placedNow() ? "placed" : "running") + " broker " + owner.brokerId() + " ("
                            + c.attribute() + "=" + value + ") has its " + c + " broken in the final layout "
                            + describe(c.attribute(), others));
                }
            }
        }
        return violations;
    }

    private static String describe(String attribute, List<Seat> seats) {
        return seats.stream().map(s -> s.brokerId() + (s.placedNow() ? "" : "(running)") + ":" + s.value(attribute))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    // ---------------------------------------------------------------------------------------------
    // Resources: no over-commitment, requests met exactly.

    /**
     * Per offer and role, what was taken never exceeds what was there; reservations go only to their
     * role; no port is handed out twice on an agent and every port comes from the right role's ranges;
     * ports meet the port requests in order; amounts equal the demand's; volumes are the offer's.
     */
    static List<String> overCommitments(PlacementRequest request, PlacementResult result) {
        List<String> violations = new ArrayList<>();
        Map<String, Offer> offers = offersById(request);
        Map<Integer, BrokerDemand> demands = demandsById(request);
        Map<String, Map<String, double[]>> takenByOfferAndRole = new HashMap<>();
        Map<String, Set<Integer>> portsByAgent = new HashMap<>();
        Set<String> volumesUsed = new HashSet<>();
        for (Assignment a : result.assignments()) {
            Offer offer = offers.get(a.offerId());
            BrokerDemand demand = demands.get(a.brokerId());
            if (offer == null || demand == null) {
                violations.add("assignment " + a + " refers to an unknown offer or broker");
                continue;
            }
            String who = "broker " + a.brokerId() + " on " + a.offerId();
            List<Integer> allocatedPorts = new ArrayList<>();
            double cpus = 0;
            double mem = 0;
            double disk = 0;
            for (Allocation alloc : a.allocations()) {
                if (!alloc.role().equals(Offer.DEFAULT_ROLE) && !alloc.role().equals(demand.role())) {
                    violations.add(who + " of role " + demand.role() + " takes resources reserved for " + alloc.role());
                }
                Resources there = resourcesOf(offer, alloc.role());
                if (there == null) {
                    violations.add(who + " takes resources of role " + alloc.role() + ", which the offer has none of");
                    continue;
                }
                double[] taken = takenByOfferAndRole.computeIfAbsent(a.offerId(), o -> new HashMap<>())
                        .computeIfAbsent(alloc.role(), r -> new double[3]);
                taken[0] += alloc.cpus();
                taken[1] += alloc.mem();
                taken[2] += alloc.disk();
                if (alloc.cpus() < 0 || alloc.mem() < 0 || alloc.disk() < 0) {
                    violations.add(who + " has a negative allocation " + alloc);
                }
                for (int port : alloc.ports()) {
                    if (there.ports().stream().noneMatch(r -> r.contains(port))) {
                        violations.add(who + " takes port " + port + " outside the ranges " + there.ports()
                                + " of role " + alloc.role());
                    }
                    if (!portsByAgent.computeIfAbsent(a.agentId(), g -> new HashSet<>()).add(port)) {
                        violations.add(who + " takes port " + port + ", already handed out on agent " + a.agentId());
                    }
                }
                allocatedPorts.addAll(alloc.ports());
                cpus += alloc.cpus();
                mem += alloc.mem();
                disk += alloc.disk();
            }
            List<Integer> sortedAllocated = new ArrayList<>(allocatedPorts);
            List<Integer> sortedAssigned = new ArrayList<>(a.ports());
            sortedAllocated.sort(null);
            sortedAssigned.sort(null);
            if (!sortedAllocated.equals(sortedAssigned)) {
                violations.add(who + " lists ports " + a.ports() + " but allocates " + allocatedPorts);
            }
            String unmet = portRequestsUnmet(demand.ports(), a.ports());
            if (unmet != null) {
                violations.add(who + ": ports " + a.ports() + " do not meet " + demand.ports() + ": " + unmet);
            }
            if (Math.abs(cpus - demand.cpus()) > TOLERANCE || Math.abs(mem - demand.mem()) > TOLERANCE) {
                violations.add(who + " takes cpus " + cpus + ", mem " + mem + " for a demand of cpus " + demand.cpus()
                        + ", mem " + demand.mem());
            }
            double diskWanted = a.volume().isPresent() ? 0 : demand.disk();
            if (Math.abs(disk - diskWanted) > TOLERANCE) {
                violations.add(who + " takes disk " + disk + " where " + diskWanted + " was due");
            }
            if (a.volume().isPresent() != demand.volume().isPresent()) {
                violations.add(who + " uses volume " + a.volume() + " but the demand asks for " + demand.volume());
            }
            if (a.volume().isPresent()) {
                Volume v = a.volume().get();
                if (!offer.volumes().contains(v) || !Optional.of(v.persistenceId()).equals(demand.volume())) {
                    violations.add(who + " uses volume " + v + ", not the offer's volume " + demand.volume());
                }
                if (v.diskMb() + TOLERANCE < demand.disk()) {
                    violations.add(who + " uses volume " + v + " smaller than its disk " + demand.disk());
                }
                if (!volumesUsed.add(a.offerId() + "/" + v.persistenceId())) {
                    violations.add(who + " uses volume " + v.persistenceId() + ", already used in this request");
                }
            }
        }
        takenByOfferAndRole.forEach((offerId, byRole) -> byRole.forEach((role, taken) -> {
            Resources there = resourcesOf(offers.get(offerId), role);
            if (taken[0] > there.cpus() + TOLERANCE || taken[1] > there.mem() + TOLERANCE
                    || taken[2] > there.disk() + TOLERANCE) {
                violations.add("offer " + offerId + " role " + role + " over-committed: took cpus " + taken[0]
                        + ", mem " + taken[1] + ", disk " + taken[2] + " of " + there);
            }
        }));
        return violations;
    }

    private static Resources resourcesOf(Offer offer, String role) {
        return role.equals(Offer.DEFAULT_ROLE) ? offer.unreserved() : offer.reserved().get(role);
    }

    /** Why {@code ports} do not meet {@code requests} taken in order, or null if they do. */
    static String portRequestsUnmet(List<PortRequest> requests, List<Integer> ports) {
        int total = requests.stream().mapToInt(PortRequest::count).sum();
        if (ports.size() != total) {
            return "expected " + total + " ports";
        }
        if (new HashSet<>(ports).size() != ports.size()) {
            return "a port appears twice";
        }
        int i = 0;
        for (PortRequest r : requests) {
            for (int k = 0; k < r.count(); k++, i++) {
                int port = ports.get(i);
                if (r instanceof PortRequest.Exactly e && port != e.port()) {
                    return "position " + i + " should be " + e.port();
                }
                if (r instanceof PortRequest.Within w && (port < w.from() || port > w.to())) {
                    return "position " + i + " should lie in " + w.from() + ".." + w.to();
                }
            }
        }
        return null;
    }

    static Map<String, Offer> offersById(PlacementRequest request) {
        Map<String, Offer> offers = new LinkedHashMap<>();
        request.offers().forEach(o -> offers.put(o.id(), o));
        return offers;
    }

    static Map<Integer, BrokerDemand> demandsById(PlacementRequest request) {
        Map<Integer, BrokerDemand> demands = new LinkedHashMap<>();
        request.demands().forEach(d -> demands.put(d.brokerId(), d));
        return demands;
    }

    // ---------------------------------------------------------------------------------------------
    // Whether a demand fits an offer, given what earlier placements of the request left.

    /**
     * What is left of a request's offers while its assignments are replayed in broker id order:
     * amounts and ports per offer and role, volumes taken, brokers seated. {@link #rejection} judges a
     * demand against one offer from scratch, without the engine's shortcuts.
     */
    static final class Ledger {
        private final PlacementRequest request;
        private final Map<String, Offer> offers;
        private final Map<String, Map<String, Left>> left = new HashMap<>();
        private final Set<String> volumesTaken = new HashSet<>();
        private final List<Seat> seats;

        /** Free amounts and ports of one role in one offer. */
        private static final class Left {
            double cpus;
            double mem;
            double disk;
            final TreeSet<Integer> ports = new TreeSet<>();

            Left(Resources r) {
                cpus = r.cpus();
                mem = r.mem();
                disk = r.disk();
                for (PortRange range : r.ports()) {
                    for (int p = range.begin(); p <= range.end(); p++) {
                        ports.add(p);
                    }
                }
            }
        }

        Ledger(PlacementRequest request) {
            this.request = request;
            this.offers = offersById(request);
            for (Offer o : request.offers()) {
                Map<String, Left> byRole = new HashMap<>();
                byRole.put(Offer.DEFAULT_ROLE, new Left(o.unreserved()));
                o.reserved().forEach((role, r) -> byRole.put(role, new Left(r)));
                left.put(o.id(), byRole);
            }
            seats = new ArrayList<>(running(request));
        }

        /** Records an assignment the engine made. */
        void apply(Assignment a) {
            BrokerDemand demand = demandsById(request).get(a.brokerId());
            Map<String, Left> byRole = left.get(a.offerId());
            for (Allocation alloc : a.allocations()) {
                Left l = byRole.get(alloc.role());
                l.cpus -= alloc.cpus();
                l.mem -= alloc.mem();
                l.disk -= alloc.disk();
                alloc.ports().forEach(l.ports::remove);
            }
            a.volume().ifPresent(v -> volumesTaken.add(a.offerId() + "/" + v.persistenceId()));
            seats.add(seatOf(demand, offers.get(a.offerId())));
        }

        /** Offers {@code demand} fits now. */
        List<Offer> fitting(BrokerDemand demand) {
            return request.offers().stream().filter(o -> rejection(demand, o) == null).toList();
        }

        /** Why {@code demand} does not fit {@code offer} now, or null if it fits. */
        String rejection(BrokerDemand demand, Offer offer) {
            Optional<Stickiness> sticky = demand.stickiness();
            if (sticky.isPresent() && request.now().isBefore(sticky.get().until())
                    && !sticky.get().hostname().equals(offer.hostname())) {
                return "bound to " + sticky.get().hostname();
            }
            Optional<Volume> volume = Optional.empty();
            if (demand.volume().isPresent()) {
                String id = demand.volume().get();
                volume = offer.volumes().stream()
                        .filter(v -> v.persistenceId().equals(id) && v.role().equals(demand.role()))
                        .findFirst();
                if (volume.isEmpty() || volumesTaken.contains(offer.id() + "/" + id)) {
                    return "no free volume " + id + " of role " + demand.role();
                }
            }
            Map<String, String> values = valuesOf(offer.hostname(), offer.attributes());
            for (Constraint c : demand.constraints()) {
                if (!holds(c, values.get(c.attribute()), valuesOn(c.attribute(), seats))) {
                    return "own " + c;
                }
            }
            for (Seat owner : seats) {
                for (Constraint c : owner.constraints()) {
                    String theirs = owner.value(c.attribute());
                    String mine = values.get(c.attribute());
                    if (!symmetric(c) || theirs == null || mine == null) {
                        continue;
                    }
                    if (c instanceof Constraint.Unique && mine.equals(theirs)) {
                        return c + " of broker " + owner.brokerId();
                    }
                    long alreadyThere = valuesOn(c.attribute(), seats).stream().filter(mine::equals).count();
                    if (c instanceof Constraint.MaxPer maxPer && mine.equals(theirs)
                            && alreadyThere + 1 > maxPer.limit()) {
                        return c + " of broker " + owner.brokerId();
                    }
                    if (c instanceof Constraint.Cluster && !mine.equals(theirs)) {
                        return c + " of broker " + owner.brokerId();
                    }
                }
            }
            List<Left> pools = new ArrayList<>();
            Map<String, Left> byRole = left.get(offer.id());
            if (!demand.role().equals(Offer.DEFAULT_ROLE) && byRole.containsKey(demand.role())) {
                pools.add(byRole.get(demand.role()));
            }
            pools.add(byRole.get(Offer.DEFAULT_ROLE));
            double cpus = pools.stream().mapToDouble(l -> l.cpus).sum();
            double mem = pools.stream().mapToDouble(l -> l.mem).sum();
            double disk = volume.isPresent() ? volume.get().diskMb() : pools.stream().mapToDouble(l -> l.disk).sum();
            if (cpus + TOLERANCE < demand.cpus()) {
                return "cpus " + cpus;
            }
            if (mem + TOLERANCE < demand.mem()) {
                return "mem " + mem;
            }
            if (disk + TOLERANCE < demand.disk()) {
                return "disk " + disk;
            }
            Set<Integer> free = new TreeSet<>();
            pools.forEach(l -> free.addAll(l.ports));
            if (!portsSatisfiable(demand.ports(), free)) {
                return "ports " + demand.ports() + " from " + free;
            }
            return null;
        }
    }

    /**
     * Whether distinct ports from {@code free} can meet all {@code requests}: a maximum bipartite
     * matching of requested ports to free ports (Kuhn's augmenting paths), so exact, not greedy.
     */
    static boolean portsSatisfiable(List<PortRequest> requests, Set<Integer> free) {
        List<List<Integer>> candidates = new ArrayList<>();
        for (PortRequest r : requests) {
            for (int k = 0; k < r.count(); k++) {
                List<Integer> c = new ArrayList<>();
                for (int p : free) {
                    boolean ok = r instanceof PortRequest.Exactly e ? p == e.port()
                            : !(r instanceof PortRequest.Within w) || p >= w.from() && p <= w.to();
                    if (ok) {
                        c.add(p);
                    }
                }
                candidates.add(c);
            }
        }
        Map<Integer, Integer> slotOfPort = new HashMap<>();
        for (int slot = 0; slot < candidates.size(); slot++) {
            if (!augment(slot, candidates, slotOfPort, new HashSet<>())) {
                return false;
            }
        }
        return true;
    }

    private static boolean augment(int slot, List<List<Integer>> candidates, Map<Integer, Integer> slotOfPort,
                                   Set<Integer> visited) {
        for (int port : candidates.get(slot)) {
            if (!visited.add(port)) {
                continue;
            }
            Integer holder = slotOfPort.get(port);
            if (holder == null || augment(holder, candidates, slotOfPort, visited)) {
                slotOfPort.put(port, slot);
                return true;
            }
        }
        return false;
    }
}

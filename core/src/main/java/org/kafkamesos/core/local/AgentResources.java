package org.kafkamesos.core.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.mesos.Protos;
import org.kafkamesos.core.mesos.MesosOffers;
import org.kafkamesos.placement.PortRange;

/**
 * Resources of an agent as the local master counts them, after Mesos' {@code Resources} class: a sum of resources in
 * which two resources are of one kind when they agree in everything but their amount (name, reservation stack with
 * each reservation's type, role, principal and labels, disk info with persistence id and volume). {@code cpus},
 * {@code mem} and {@code disk} are scalars, kept at Mesos' fixed-point precision of three decimals, and
 * {@code ports} a set of ports. A persistent volume (a disk with a persistence id) is one kind on its own and cannot
 * be split: it is taken or given whole. Resources are kept in the refined reservation format: a legacy
 * {@code role} (with its {@code reservation}) is upgraded to a one-entry reservation stack, as the master does.
 * Immutable.
 */
final class AgentResources {

    static final AgentResources NONE = new AgentResources(Map.of(), Map.of());
    /** Mesos' default {@code --min_allocatable_resources}: an agent is offered with at least this many cpus or mem. */
    private static final double MIN_CPUS = 0.01;
    private static final double MIN_MEM = 32;

    /** Amount by kind; a kind is a resource with its amount cleared. */
    private final Map<Protos.Resource, Double> scalars;
    private final Map<Protos.Resource, SortedSet<Integer>> ports;

    private AgentResources(Map<Protos.Resource, Double> scalars, Map<Protos.Resource, SortedSet<Integer>> ports) {
        this.scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
        Map<Protos.Resource, SortedSet<Integer>> copy = new LinkedHashMap<>();
        ports.forEach((kind, set) -> copy.put(kind, Collections.unmodifiableSortedSet(new TreeSet<>(set))));
        this.ports = Collections.unmodifiableMap(copy);
    }

    /** The resources an agent has, all unreserved. */
    static AgentResources of(LocalAgent agent) {
        TreeSet<Integer> all = new TreeSet<>();
        for (PortRange range : agent.ports()) {
            for (int p = range.begin(); p <= range.end(); p++) {
                all.add(p);
            }
        }
        Map<Protos.Resource, Double> scalars = new LinkedHashMap<>();
        putScalar(scalars, kind("cpus", Protos.Value.Type.SCALAR), agent.cpus());
        putScalar(scalars, kind("mem", Protos.Value.Type.SCALAR), agent.memMb());
        putScalar(scalars, kind("disk", Protos.Value.Type.SCALAR), agent.diskMb());
        Map<Protos.Resource, SortedSet<Integer>> ports = new LinkedHashMap<>();
        if (!all.isEmpty()) {
            ports.put(kind("ports", Protos.Value.Type.RANGES), all);
        }
        return new AgentResources(scalars, ports);
    }

    /**
     * The sum of {@code resources}, as a task or an operation names them.
     *
     * @throws IllegalArgumentException naming a resource the local cluster never offers (revocable or shared
     *                                  resources, disks with a source, other names or types), a negative amount,
     *                                  an invalid port range, a port named twice, or a volume without a reservation
     */
    static AgentResources of(List<Protos.Resource> resources) {
        Map<Protos.Resource, Double> scalars = new LinkedHashMap<>();
        Map<Protos.Resource, SortedSet<Integer>> ports = new LinkedHashMap<>();
        TreeSet<Integer> named = new TreeSet<>();
        for (Protos.Resource given : resources) {
            Protos.Resource r = upgraded(given);
            if (r.hasRevocable() || r.hasShared() || r.hasDisk() && r.getDisk().hasSource()) {
                throw new IllegalArgumentException("resource " + r.getName() + " is revocable, shared or a disk with a source;"
                        + " the local cluster offers cpus, mem, disk and ports, reserved or not, and persistent volumes");
            }
            switch (r.getName() + "/" + r.getType()) {
                case "cpus/SCALAR", "mem/SCALAR", "disk/SCALAR" -> {
                    double amount = r.getScalar().getValue();
                    if (!(amount >= 0) || Double.isInfinite(amount)) {
                        throw new IllegalArgumentException("resource " + r.getName() + " has an amount that is negative or not"
                                + " a number: " + amount);
                    }
                    if (r.hasDisk() && !r.getName().equals("disk")) {
                        throw new IllegalArgumentException("resource " + r.getName() + " has disk info; only disk may");
                    }
                    if (isVolume(r) && r.getReservationsCount() == 0) {
                        throw new IllegalArgumentException("volume " + r.getDisk().getPersistence().getId()
                                + " is not reserved: a persistent volume lives on reserved disk");
                    }
                    Protos.Resource kind = r.toBuilder().clearScalar().build();
                    if (isVolume(r) && scalars.containsKey(kind)) {
                        throw new IllegalArgumentException("volume " + r.getDisk().getPersistence().getId() + " is named twice");
                    }
                    putScalar(scalars, kind, scalars.getOrDefault(kind, 0.0) + amount);
                }
                case "ports/RANGES" -> {
                    Protos.Resource kind = r.toBuilder().clearRanges().build();
                    SortedSet<Integer> set = ports.computeIfAbsent(kind, k -> new TreeSet<>());
                    for (Protos.Value.Range range : r.getRanges().getRangeList()) {
                        if (range.getBegin() < 1 || range.getEnd() > 65535 || range.getBegin() > range.getEnd()) {
                            throw new IllegalArgumentException("port range " + range.getBegin() + "-" + range.getEnd()
                                    + " is invalid");
                        }
                        for (long p = range.getBegin(); p <= range.getEnd(); p++) {
                            if (!named.add((int) p)) {
                                throw new IllegalArgumentException("port " + p + " is named twice");
                            }
                            set.add((int) p);
                        }
                    }
                }
                default -> throw new IllegalArgumentException("resource " + r.getName() + " of type " + r.getType()
                        + " is not offered by the local cluster (cpus, mem, disk scalars and ports ranges are)");
            }
        }
        return new AgentResources(scalars, ports);
    }

    /** A resource of {@code name} with no amount: the unreserved kind of that name. */
    private static Protos.Resource kind(String name, Protos.Value.Type type) {
        return Protos.Resource.newBuilder().setName(name).setType(type).build();
    }

    /** {@code r} in the refined reservation format, without allocation info (which an offer adds). */
    @SuppressWarnings("deprecation") // Resource.role and Resource.reservation: the pre-refinement format, upgraded here
    static Protos.Resource upgraded(Protos.Resource r) {
        Protos.Resource.Builder b = r.toBuilder().clearAllocationInfo();
        if (r.hasRole() || r.hasReservation()) {
            String role = r.getRole();
            if (!role.isEmpty() && !role.equals("*") && r.getReservationsCount() == 0) {
                Protos.Resource.ReservationInfo.Builder top = Protos.Resource.ReservationInfo.newBuilder().setRole(role);
                if (r.hasReservation()) {
                    top.setType(Protos.Resource.ReservationInfo.Type.DYNAMIC);
                    if (r.getReservation().hasPrincipal()) {
                        top.setPrincipal(r.getReservation().getPrincipal());
                    }
                    if (r.getReservation().hasLabels()) {
                        top.setLabels(r.getReservation().getLabels());
                    }
                } else {
                    top.setType(Protos.Resource.ReservationInfo.Type.STATIC);
                }
                b.addReservations(top);
            }
            b.clearRole().clearReservation();
        }
        return b.build();
    }

    static boolean isVolume(Protos.Resource r) {
        return r.hasDisk() && r.getDisk().hasPersistence();
    }

    /** The role whose tasks may use resources of {@code kind}: its last reservation's, or {@code *}. */
    static String role(Protos.Resource kind) {
        int n = kind.getReservationsCount();
        return n == 0 ? "*" : kind.getReservations(n - 1).getRole();
    }

    AgentResources plus(AgentResources other) {
        Map<Protos.Resource, Double> s = new LinkedHashMap<>(scalars);
        other.scalars.forEach((kind, amount) -> putScalar(s, kind, s.getOrDefault(kind, 0.0) + amount));
        Map<Protos.Resource, SortedSet<Integer>> p = new LinkedHashMap<>();
        ports.forEach((kind, set) -> p.put(kind, new TreeSet<>(set)));
        other.ports.forEach((kind, set) -> p.computeIfAbsent(kind, k -> new TreeSet<>()).addAll(set));
        return new AgentResources(s, p);
    }

    /**
     * What is left when {@code other} is taken.
     *
     * @throws IllegalArgumentException if this does not {@link #contains} {@code other}
     */
    AgentResources minus(AgentResources other) {
        if (!contains(other)) {
            throw new IllegalArgumentException(other + " are not all in " + this);
        }
        Map<Protos.Resource, Double> s = new LinkedHashMap<>(scalars);
        other.scalars.forEach((kind, amount) -> putScalar(s, kind, s.get(kind) - amount));
        Map<Protos.Resource, SortedSet<Integer>> p = new LinkedHashMap<>();
        ports.forEach((kind, set) -> p.put(kind, new TreeSet<>(set)));
        other.ports.forEach((kind, set) -> p.get(kind).removeAll(set));
        p.values().removeIf(SortedSet::isEmpty);
        return new AgentResources(s, p);
    }

    /** Whether every resource of {@code other} is here, of the same kind; a volume must be here whole. */
    boolean contains(AgentResources other) {
        for (Map.Entry<Protos.Resource, Double> e : other.scalars.entrySet()) {
            Double have = scalars.get(e.getKey());
            if (have == null || round(have - e.getValue()) < 0 || isVolume(e.getKey()) && round(have - e.getValue()) != 0) {
                return false;
            }
        }
        for (Map.Entry<Protos.Resource, SortedSet<Integer>> e : other.ports.entrySet()) {
            SortedSet<Integer> have = ports.get(e.getKey());
            if (have == null || !have.containsAll(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** What is both here and in {@code other}: of each kind, the smaller amount, and the ports in both. */
    AgentResources common(AgentResources other) {
        Map<Protos.Resource, Double> s = new LinkedHashMap<>();
        scalars.forEach((kind, amount) -> {
            Double theirs = other.scalars.get(kind);
            if (theirs != null) {
                putScalar(s, kind, Math.min(amount, theirs));
            }
        });
        Map<Protos.Resource, SortedSet<Integer>> p = new LinkedHashMap<>();
        ports.forEach((kind, set) -> {
            SortedSet<Integer> both = new TreeSet<>(set);
            both.retainAll(other.ports.getOrDefault(kind, new TreeSet<>()));
            if (!both.isEmpty()) {
                p.put(kind, both);
            }
        });
        return new AgentResources(s, p);
    }

    /** Whether some resource is both here and in {@code other}, of the same kind. */
    boolean overlaps(AgentResources other) {
        for (Protos.Resource kind : other.scalars.keySet()) {
            if (scalars.containsKey(kind)) {
                return true;
            }
        }
        for (Map.Entry<Protos.Resource, SortedSet<Integer>> e : other.ports.entrySet()) {
            SortedSet<Integer> have = ports.get(e.getKey());
            if (have != null && e.getValue().stream().anyMatch(have::contains)) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return scalars.isEmpty() && ports.isEmpty();
    }

    /** The part of these resources that tasks of {@code role} may use: unreserved ones and those reserved for it. */
    AgentResources usableBy(String role) {
        return filter(kind -> role(kind).equals("*") || role(kind).equals(role));
    }

    /** The part reserved for {@code role}, volumes included. */
    AgentResources reservedFor(String role) {
        return filter(kind -> kind.getReservationsCount() > 0 && role(kind).equals(role));
    }

    /** The unreserved part. */
    AgentResources unreserved() {
        return filter(kind -> kind.getReservationsCount() == 0);
    }

    /** The reserved part, volumes included: what an agent checkpoints. */
    AgentResources reserved() {
        return filter(kind -> kind.getReservationsCount() > 0);
    }

    /** The persistent volumes, by persistence id. */
    Map<String, Protos.Resource> volumes() {
        Map<String, Protos.Resource> volumes = new LinkedHashMap<>();
        scalars.forEach((kind, amount) -> {
            if (isVolume(kind)) {
                volumes.put(kind.getDisk().getPersistence().getId(), kind.toBuilder()
                        .setScalar(Protos.Value.Scalar.newBuilder().setValue(amount)).build());
            }
        });
        return volumes;
    }

    private AgentResources filter(java.util.function.Predicate<Protos.Resource> keep) {
        Map<Protos.Resource, Double> s = new LinkedHashMap<>();
        scalars.forEach((kind, amount) -> {
            if (keep.test(kind)) {
                s.put(kind, amount);
            }
        });
        Map<Protos.Resource, SortedSet<Integer>> p = new LinkedHashMap<>();
        ports.forEach((kind, set) -> {
            if (keep.test(kind)) {
                p.put(kind, set);
            }
        });
        return new AgentResources(s, p);
    }

    /** The reserved resources but volumes, summed per role, principal and labels of their last reservation. */
    List<LocalAgentState.Reservation> reservations() {
        Map<Protos.Resource.ReservationInfo, AgentResources> byReservation = new LinkedHashMap<>();
        AgentResources reserved = filter(kind -> kind.getReservationsCount() > 0 && !isVolume(kind));
        reserved.scalars.forEach((kind, amount) -> byReservation.merge(top(kind),
                new AgentResources(Map.of(kind, amount), Map.of()), AgentResources::plus));
        reserved.ports.forEach((kind, set) -> byReservation.merge(top(kind),
                new AgentResources(Map.of(), Map.of(kind, set)), AgentResources::plus));
        List<LocalAgentState.Reservation> out = new ArrayList<>();
        byReservation.forEach((top, r) -> out.add(new LocalAgentState.Reservation(top.getRole(),
                top.hasPrincipal() ? java.util.Optional.of(top.getPrincipal()) : java.util.Optional.empty(), labels(top),
                r.cpus(), r.mem(), r.disk(), portsText(r.ports()))));
        return out;
    }

    /** The view of {@code volume}, whose data is at {@code path}, in use when {@code inUse} holds it. */
    static LocalAgentState.Volume volumeState(Protos.Resource volume, java.nio.file.Path path, AgentResources inUse) {
        return new LocalAgentState.Volume(volume.getDisk().getPersistence().getId(), role(volume), labels(top(volume)),
                volume.getScalar().getValue(), volume.getDisk().getVolume().getContainerPath(), path,
                inUse.contains(AgentResources.of(List.of(volume))));
    }

    private static Protos.Resource.ReservationInfo top(Protos.Resource kind) {
        return kind.getReservations(kind.getReservationsCount() - 1);
    }

    private static Map<String, String> labels(Protos.Resource.ReservationInfo reservation) {
        Map<String, String> labels = new java.util.TreeMap<>();
        reservation.getLabels().getLabelsList().forEach(l -> labels.put(l.getKey(), l.getValue()));
        return labels;
    }

    /** CPUs of every kind. */
    double cpus() {
        return sum("cpus");
    }

    /** Memory of every kind, MB. */
    double mem() {
        return sum("mem");
    }

    /** Disk of every kind but volumes, MB. */
    double disk() {
        return round(scalars.entrySet().stream().filter(e -> e.getKey().getName().equals("disk") && !isVolume(e.getKey()))
                .mapToDouble(Map.Entry::getValue).sum());
    }

    /** Ports of every kind. */
    SortedSet<Integer> ports() {
        TreeSet<Integer> all = new TreeSet<>();
        ports.values().forEach(all::addAll);
        return all;
    }

    private double sum(String name) {
        return round(scalars.entrySet().stream().filter(e -> e.getKey().getName().equals(name))
                .mapToDouble(Map.Entry::getValue).sum());
    }

    /** Whether Mesos would offer this much: at least 0.01 cpus or 32 MB of memory, or anything reserved. */
    boolean allocatable() {
        return cpus() >= MIN_CPUS || mem() >= MIN_MEM || !reserved().isEmpty();
    }

    /** The offered form, every resource allocated to {@code role}; one resource per kind, ports as ranges. */
    List<Protos.Resource> toProtos(String role) {
        Protos.Resource.AllocationInfo allocation = Protos.Resource.AllocationInfo.newBuilder().setRole(role).build();
        return toProtos(allocation);
    }

    /** As a list of resources without allocation info: what an agent checkpoints. */
    List<Protos.Resource> toProtos() {
        return toProtos((Protos.Resource.AllocationInfo) null);
    }

    private List<Protos.Resource> toProtos(Protos.Resource.AllocationInfo allocation) {
        List<Protos.Resource> out = new ArrayList<>();
        scalars.forEach((kind, amount) -> {
            Protos.Resource.Builder r = kind.toBuilder().setScalar(Protos.Value.Scalar.newBuilder().setValue(amount));
            if (allocation != null) {
                r.setAllocationInfo(allocation);
            }
            out.add(r.build());
        });
        ports.forEach((kind, set) -> {
            Protos.Resource.Builder r = kind.toBuilder().setRanges(MesosOffers.ranges(set));
            if (allocation != null) {
                r.setAllocationInfo(allocation);
            }
            out.add(r.build());
        });
        return out;
    }

    /** Ports as text, such as {@code [9092-9093,9095]}. */
    static String portsText(SortedSet<Integer> ports) {
        StringBuilder text = new StringBuilder("[");
        for (Protos.Value.Range r : MesosOffers.ranges(ports).getRangeList()) {
            if (text.length() > 1) {
                text.append(',');
            }
            text.append(r.getBegin() == r.getEnd() ? Long.toString(r.getBegin()) : r.getBegin() + "-" + r.getEnd());
        }
        return text.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgentResources other && scalars.equals(other.scalars) && ports.equals(other.ports);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scalars, ports);
    }

    /** Mesos' text form, such as {@code cpus:1;mem:1024;cpus(kafka, kafka):0.5;ports:[9092-9093]}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        scalars.forEach((kind, amount) -> parts.add(text(kind) + ":" + scalarText(amount)));
        ports.forEach((kind, set) -> parts.add(text(kind) + ":" + portsText(set)));
        return parts.isEmpty() ? "{}" : String.join(";", parts);
    }

    private static String text(Protos.Resource kind) {
        StringBuilder s = new StringBuilder(kind.getName());
        if (kind.getReservationsCount() > 0) {
            Protos.Resource.ReservationInfo top = kind.getReservations(kind.getReservationsCount() - 1);
            s.append('(').append(top.getRole());
            if (top.hasPrincipal()) {
                s.append(", ").append(top.getPrincipal());
            }
            s.append(')');
        }
        if (isVolume(kind)) {
            s.append("[").append(kind.getDisk().getPersistence().getId()).append(':')
                    .append(kind.getDisk().getVolume().getContainerPath()).append(']');
        }
        return s.toString();
    }

    private static void putScalar(Map<Protos.Resource, Double> scalars, Protos.Resource kind, double amount) {
        double rounded = round(amount);
        if (rounded <= 0) {
            scalars.remove(kind);
        } else {
            scalars.put(kind, rounded);
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** A scalar as Mesos prints it: no trailing zeros. */
    private static String scalarText(double value) {
        return value == Math.rint(value) ? Long.toString((long) value)
                : java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}

package org.kafkamesos.core.local;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.mesos.Protos;
import org.kafkamesos.core.mesos.MesosOffers;
import org.kafkamesos.placement.PortRange;

/**
 * Unreserved agent resources as the local master counts them: cpus, mem (MB), disk (MB) and a set of ports.
 * Scalars are kept at Mesos' fixed-point precision of three decimals.
 */
record AgentResources(double cpus, double mem, double disk, SortedSet<Integer> ports) {

    static final AgentResources NONE = new AgentResources(0, 0, 0, new TreeSet<>());
    /** Mesos' default {@code --min_allocatable_resources}: an agent is offered with at least this many cpus or mem. */
    private static final double MIN_CPUS = 0.01;
    private static final double MIN_MEM = 32;

    AgentResources {
        cpus = round(cpus);
        mem = round(mem);
        disk = round(disk);
        ports = Collections.unmodifiableSortedSet(new TreeSet<>(ports));
    }

    static AgentResources of(LocalAgent agent) {
        TreeSet<Integer> ports = new TreeSet<>();
        for (PortRange range : agent.ports()) {
            for (int p = range.begin(); p <= range.end(); p++) {
                ports.add(p);
            }
        }
        return new AgentResources(agent.cpus(), agent.memMb(), agent.diskMb(), ports);
    }

    /**
     * The sum of {@code resources}, as a task names them.
     *
     * @throws IllegalArgumentException naming a resource the local cluster never offers: reserved, revocable or
     *                                  shared resources, disks with persistence or a source, other names or types
     */
    static AgentResources of(List<Protos.Resource> resources) {
        double cpus = 0;
        double mem = 0;
        double disk = 0;
        TreeSet<Integer> ports = new TreeSet<>();
        for (Protos.Resource r : resources) {
            if (r.getReservationsCount() > 0 || hasLegacyRole(r) || r.hasRevocable() || r.hasShared() || r.hasDisk()) {
                throw new IllegalArgumentException("resource " + r.getName() + " is reserved, revocable, shared or a"
                        + " volume; the local cluster offers unreserved cpus, mem, disk and ports only");
            }
            switch (r.getName() + "/" + r.getType()) {
                case "cpus/SCALAR" -> cpus += r.getScalar().getValue();
                case "mem/SCALAR" -> mem += r.getScalar().getValue();
                case "disk/SCALAR" -> disk += r.getScalar().getValue();
                case "ports/RANGES" -> {
                    for (Protos.Value.Range range : r.getRanges().getRangeList()) {
                        if (range.getBegin() < 1 || range.getEnd() > 65535 || range.getBegin() > range.getEnd()) {
                            throw new IllegalArgumentException("port range " + range.getBegin() + "-" + range.getEnd()
                                    + " is invalid");
                        }
                        for (long p = range.getBegin(); p <= range.getEnd(); p++) {
                            if (!ports.add((int) p)) {
                                throw new IllegalArgumentException("port " + p + " is named twice");
                            }
                        }
                    }
                }
                default -> throw new IllegalArgumentException("resource " + r.getName() + " of type " + r.getType()
                        + " is not offered by the local cluster (cpus, mem, disk scalars and ports ranges are)");
            }
            if (r.getType() == Protos.Value.Type.SCALAR && !(r.getScalar().getValue() >= 0)) {
                throw new IllegalArgumentException("resource " + r.getName() + " has a negative amount");
            }
        }
        return new AgentResources(cpus, mem, disk, ports);
    }

    @SuppressWarnings("deprecation") // Resource.role: the pre-refinement format
    private static boolean hasLegacyRole(Protos.Resource r) {
        return r.hasRole() && !r.getRole().equals("*");
    }

    AgentResources plus(AgentResources other) {
        TreeSet<Integer> all = new TreeSet<>(ports);
        all.addAll(other.ports);
        return new AgentResources(cpus + other.cpus, mem + other.mem, disk + other.disk, all);
    }

    /** What is left when {@code other} is taken; callers check {@link #contains} first. */
    AgentResources minus(AgentResources other) {
        TreeSet<Integer> rest = new TreeSet<>(ports);
        rest.removeAll(other.ports);
        return new AgentResources(Math.max(0, cpus - other.cpus), Math.max(0, mem - other.mem),
                Math.max(0, disk - other.disk), rest);
    }

    boolean contains(AgentResources other) {
        return round(cpus - other.cpus) >= 0 && round(mem - other.mem) >= 0 && round(disk - other.disk) >= 0
                && ports.containsAll(other.ports);
    }

    /** Whether Mesos would offer this much: at least 0.01 cpus or 32 MB of memory. */
    boolean allocatable() {
        return cpus >= MIN_CPUS || mem >= MIN_MEM;
    }

    /** The offered form: unreserved resources allocated to {@code role}. */
    List<Protos.Resource> toProtos(String role) {
        Protos.Resource.AllocationInfo allocation = Protos.Resource.AllocationInfo.newBuilder().setRole(role).build();
        List<Protos.Resource> out = new java.util.ArrayList<>();
        for (String name : List.of("cpus", "mem", "disk")) {
            double value = name.equals("cpus") ? cpus : name.equals("mem") ? mem : disk;
            if (value > 0) {
                out.add(Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                        .setScalar(Protos.Value.Scalar.newBuilder().setValue(value))
                        .setAllocationInfo(allocation).build());
            }
        }
        if (!ports.isEmpty()) {
            out.add(Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
                    .setRanges(ranges()).setAllocationInfo(allocation).build());
        }
        return out;
    }

    /** Ports as Mesos ranges, consecutive ports coalesced. */
    Protos.Value.Ranges ranges() {
        return MesosOffers.ranges(ports);
    }

    /** Ports as text, such as {@code [9092-9093,9095]}. */
    String portsText() {
        StringBuilder text = new StringBuilder("[");
        for (Protos.Value.Range r : ranges().getRangeList()) {
            if (text.length() > 1) {
                text.append(',');
            }
            text.append(r.getBegin() == r.getEnd() ? Long.toString(r.getBegin()) : r.getBegin() + "-" + r.getEnd());
        }
        return text.append(']').toString();
    }

    @Override
    public String toString() {
        return "cpus:" + cpus + ";mem:" + mem + ";disk:" + disk + ";ports:" + portsText();
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}

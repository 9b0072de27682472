package org.kafkamesos.core.mesos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.mesos.Protos;
import org.kafkamesos.core.scheduler.SchedulerEvent;
import org.kafkamesos.placement.Allocation;
import org.kafkamesos.placement.Assignment;
import org.kafkamesos.placement.AttributeValue;
import org.kafkamesos.placement.Offer;
import org.kafkamesos.placement.PortRange;
import org.kafkamesos.placement.Resources;
import org.kafkamesos.placement.Volume;

/**
 * Translates Mesos offers ({@code Protos.Offer}) into the placement engine's {@link Offer}, and (for
 * {@link TaskInfoFactory}) placement allocations back into the offered Mesos resources they are cut from.
 *
 * <ul>
 *   <li>{@code cpus}, {@code mem} (MB) and {@code disk} (MB) scalars and {@code ports} ranges, summed per role:
 *       unreserved ones (role {@code *}) into {@link Offer#unreserved()}, reserved ones into
 *       {@link Offer#reserved()} under their role. The role is the last of {@code Resource.reservations} (the
 *       format of frameworks with the {@code RESERVATION_REFINEMENT} capability, where a refined reservation is
 *       a stack and the last one is the role the resource can be used by), or else the legacy
 *       {@code Resource.role} field.</li>
 *   <li>Persistent volumes ({@code disk} with {@code disk.persistence.id}) become {@link Volume}s (persistence
 *       id, role, size in MB, container path) and are not counted as plain disk.</li>
 *   <li>Agent attributes of every type: TEXT, SCALAR, RANGES and SET. A ranges attribute whose bounds are not
 *       all within 1..65535 becomes a text attribute with the same rendering ({@code [0-5,10-20]}), which is
 *       what constraints compare. An agent attribute called {@code hostname} is dropped: constraints see the
 *       offer's hostname under that name.</li>
 *   <li>Skipped on purpose, because a broker cannot use them: revocable resources (they may be taken back at
 *       any time), shared resources (the framework does not ask for {@code SHARED_RESOURCES}), disks with a
 *       {@code disk.source} (MOUNT disks cannot be split, and PATH or BLOCK disks are not modelled), and
 *       resources of any other name or type ({@code gpus}, custom resources).</li>
 * </ul>
 *
 * <p>Scalar sums are rounded to Mesos' fixed-point precision of three decimals, so that {@code 0.1 + 0.2} is
 * {@code 0.3} as Mesos counts it.
 */
public final class MesosOffers {

    /** The kinds of offered resources, as the translation and {@link TaskInfoFactory} tell them apart. */
    enum Kind {
        CPUS, MEM, DISK, PORTS, VOLUME, SKIPPED
    }

    private MesosOffers() {
    }

    /**
     * The placement engine's view of {@code offer}.
     *
     * @throws IllegalArgumentException if the offer is malformed: no id, agent or hostname, overlapping port
     *                                  ranges or two volumes with one persistence id
     */
    public static Offer toOffer(Protos.Offer offer) {
        Map<String, Bucket> byRole = new LinkedHashMap<>();
        List<Volume> volumes = new ArrayList<>();
        for (Protos.Resource resource : offer.getResourcesList()) {
            Kind kind = kind(resource);
            if (kind == Kind.SKIPPED) {
                continue;
            }
            String role = role(resource);
            if (kind == Kind.VOLUME) {
                volumes.add(new Volume(resource.getDisk().getPersistence().getId(), role,
                        resource.getScalar().getValue(), resource.getDisk().getVolume().getContainerPath()));
                continue;
            }
            byRole.computeIfAbsent(role, r -> new Bucket()).add(kind, resource);
        }
        Bucket unreserved = byRole.remove(Offer.DEFAULT_ROLE);
        Map<String, Resources> reserved = new LinkedHashMap<>();
        byRole.forEach((role, bucket) -> reserved.put(role, bucket.resources()));
        return new Offer(offer.getId().getValue(), offer.getSlaveId().getValue(), offer.getHostname(),
                unreserved == null ? Resources.NONE : unreserved.resources(), reserved, volumes,
                attributes(offer.getAttributesList()));
    }

    /**
     * The resources of {@code offer} dynamically reserved under labels, one entry per role and set of labels: what the
     * scheduler needs to tell its brokers' reservations apart. Resources reserved without labels are left out.
     */
    public static List<SchedulerEvent.OfferedReservation> reservations(Protos.Offer offer) {
        Map<List<Object>, Bucket> buckets = new LinkedHashMap<>();
        Map<List<Object>, List<String>> volumes = new LinkedHashMap<>();
        for (Protos.Resource resource : offer.getResourcesList()) {
            Kind kind = kind(resource);
            Map<String, String> labels = labels(resource);
            if (kind == Kind.SKIPPED || labels.isEmpty()) {
                continue;
            }
            List<Object> key = List.of(role(resource), labels);
            Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket());
            List<String> ids = volumes.computeIfAbsent(key, k -> new ArrayList<>());
            if (kind == Kind.VOLUME) {
                ids.add(resource.getDisk().getPersistence().getId());
            } else {
                bucket.add(kind, resource);
            }
        }
        List<SchedulerEvent.OfferedReservation> out = new ArrayList<>();
        buckets.forEach((key, bucket) -> {
            @SuppressWarnings("unchecked")
            Map<String, String> labels = (Map<String, String>) key.get(1);
            out.add(new SchedulerEvent.OfferedReservation(offer.getId().getValue(), (String) key.get(0), labels,
                    bucket.resources(), volumes.get(key)));
        });
        return out;
    }

    /** The labels of {@code resource}'s last reservation, if it is dynamic (refined format, or the legacy one); else none. */
    @SuppressWarnings("deprecation") // Resource.reservation: the pre-refinement format
    static Map<String, String> labels(Protos.Resource resource) {
        Protos.Labels labels;
        int n = resource.getReservationsCount();
        if (n > 0) {
            Protos.Resource.ReservationInfo top = resource.getReservations(n - 1);
            if (top.getType() != Protos.Resource.ReservationInfo.Type.DYNAMIC) {
                return Map.of();
            }
            labels = top.getLabels();
        } else if (resource.hasReservation()) {
            labels = resource.getReservation().getLabels();
        } else {
            return Map.of();
        }
        Map<String, String> map = new java.util.TreeMap<>();
        labels.getLabelsList().forEach(l -> map.put(l.getKey(), l.getValue()));
        return map;
    }

    /**
     * The role whose tasks may use {@code resource}: the last reservation's role (refined format), else the
     * legacy {@code role} field, whose default is {@code *} (unreserved).
     */
    @SuppressWarnings("deprecation") // Resource.role: the pre-refinement format, which masters still send to older frameworks
    static String role(Protos.Resource resource) {
        int reservations = resource.getReservationsCount();
        if (reservations > 0) {
            return resource.getReservations(reservations - 1).getRole();
        }
        return resource.getRole().isEmpty() ? Offer.DEFAULT_ROLE : resource.getRole();
    }

    /** What {@code resource} is to a broker; see the class description for what is skipped. */
    static Kind kind(Protos.Resource resource) {
        if (resource.hasRevocable() || resource.hasShared()) {
            return Kind.SKIPPED;
        }
        Protos.Value.Type type = resource.getType();
        switch (resource.getName()) {
            case "cpus":
                return type == Protos.Value.Type.SCALAR ? Kind.CPUS : Kind.SKIPPED;
            case "mem":
                return type == Protos.Value.Type.SCALAR ? Kind.MEM : Kind.SKIPPED;
            case "disk":
                if (type != Protos.Value.Type.SCALAR) {
                    return Kind.SKIPPED;
                }
                if (resource.hasDisk() && resource.getDisk().hasPersistence()) {
                    return Kind.VOLUME;
                }
                return resource.hasDisk() && resource.getDisk().hasSource() ? Kind.SKIPPED : Kind.DISK;
            case "ports":
                return type == Protos.Value.Type.RANGES ? Kind.PORTS : Kind.SKIPPED;
            default:
                return Kind.SKIPPED;
        }
    }

    /** {@code value} at Mesos' scalar precision (three decimals). */
    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    /** The port ranges of {@code ranges}, clipped to 1..65535; ranges wholly outside are dropped. */
    static List<PortRange> ports(Protos.Value.Ranges ranges) {
        List<PortRange> ports = new ArrayList<>();
        for (Protos.Value.Range range : ranges.getRangeList()) {
            long begin = Math.max(1, range.getBegin());
            long end = Math.min(65535, range.getEnd());
            if (begin <= end) {
                ports.add(new PortRange((int) begin, (int) end));
            }
        }
        return ports;
    }

    private static Map<String, AttributeValue> attributes(List<Protos.Attribute> attributes) {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        for (Protos.Attribute attribute : attributes) {
            String name = attribute.getName();
            if (name.isBlank() || Offer.HOSTNAME.equals(name) || values.containsKey(name)) {
                continue;
            }
            AttributeValue value = attributeValue(attribute);
            if (value != null) {
                values.put(name, value);
            }
        }
        return values;
    }

    private static AttributeValue attributeValue(Protos.Attribute attribute) {
        switch (attribute.getType()) {
            case TEXT:
                return AttributeValue.text(attribute.getText().getValue());
            case SCALAR:
                return AttributeValue.scalar(attribute.getScalar().getValue());
            case RANGES:
                return ranges(attribute.getRanges());
            case SET:
                return new AttributeValue.SetOf(new TreeSet<>(attribute.getSet().getItemList()));
            default:
                return null;
        }
    }

    private static AttributeValue ranges(Protos.Value.Ranges ranges) {
        List<PortRange> inPortRange = new ArrayList<>();
        StringBuilder text = new StringBuilder("[");
        boolean portLike = true;
        for (Protos.Value.Range range : ranges.getRangeList()) {
            long begin = range.getBegin();
            long end = range.getEnd();
            if (text.length() > 1) {
                text.append(',');
            }
            text.append(Long.toUnsignedString(begin)).append('-').append(Long.toUnsignedString(end));
            if (begin >= 1 && end <= 65535 && begin <= end) {
                inPortRange.add(new PortRange((int) begin, (int) end));
            } else {
                portLike = false;
            }
        }
        return portLike ? new AttributeValue.Ranges(inPortRange) : AttributeValue.text(text.append(']').toString());
    }

    /**
     * What is left of one offer while tasks are cut from it: {@link #take} turns an assignment's allocations
     * into Mesos resources, each cut from the offered resource it comes from, so that a reservation is named as
     * Mesos offered it (a dynamic reservation's principal and labels, a refined reservation's whole stack, the
     * pre-refinement {@code role} field), and two tasks never take one offered resource twice. What the offer
     * does not hold (or every resource, when the remainder is of no offer) is named by role alone, reserved
     * roles as a static reservation in the refined format; Mesos refuses the task if it is not there.
     */
    /** {@code ports} as Mesos ranges, consecutive ports coalesced: {@code 9092, 9093, 9095} is {@code [9092-9093, 9095-9095]}. */
    public static Protos.Value.Ranges ranges(java.util.SortedSet<Integer> ports) {
        Protos.Value.Ranges.Builder ranges = Protos.Value.Ranges.newBuilder();
        Integer begin = null;
        int end = 0;
        for (int port : ports) {
            if (begin != null && port == end + 1) {
                end = port;
                continue;
            }
            if (begin != null) {
                ranges.addRange(Protos.Value.Range.newBuilder().setBegin(begin).setEnd(end));
            }
            begin = port;
            end = port;
        }
        if (begin != null) {
            ranges.addRange(Protos.Value.Range.newBuilder().setBegin(begin).setEnd(end));
        }
        return ranges.build();
    }

    static final class Remainder {
        private final List<Protos.Resource> offered;
        /** What is left of each offered scalar. */
        private final double[] left;

        private Remainder(List<Protos.Resource> offered) {
            this.offered = List.copyOf(offered);
            this.left = new double[offered.size()];
            for (int i = 0; i < left.length; i++) {
                left[i] = offered.get(i).getScalar().getValue();
            }
        }

        /** The remainder of an offer of {@code resources}; of no offer when empty. */
        static Remainder of(List<Protos.Resource> resources) {
            return new Remainder(resources);
        }

        /**
         * The resources of {@code assignment}, per allocation: cpus, mem, disk, ports; then its volume. Resources
         * reserved without labels are taken first: those with labels are some broker's own reservation.
         */
        List<Protos.Resource> take(Assignment assignment) {
            List<Protos.Resource> taken = new ArrayList<>();
            for (Allocation allocation : assignment.allocations()) {
                take(allocation, Map.of(), taken);
            }
            assignment.volume().ifPresent(volume -> taken.add(volume(volume)));
            return taken;
        }

        /** Cuts {@code allocation} into {@code into}, from offered resources reserved under {@code labels} first. */
        void take(Allocation allocation, Map<String, String> labels, List<Protos.Resource> into) {
            String role = allocation.role();
            takeScalar(Kind.CPUS, "cpus", role, allocation.cpus(), labels, into);
            takeScalar(Kind.MEM, "mem", role, allocation.mem(), labels, into);
            takeScalar(Kind.DISK, "disk", role, allocation.disk(), labels, into);
            takePorts(role, allocation.ports(), labels, into);
        }

        /** The offered volume {@code persistenceId} of {@code role}, as offered, if the offer has it. */
        java.util.Optional<Protos.Resource> offeredVolume(String persistenceId, String role) {
            for (Protos.Resource r : offered) {
                if (kind(r) == Kind.VOLUME && r.getDisk().getPersistence().getId().equals(persistenceId) && role(r).equals(role)) {
                    return java.util.Optional.of(r);
                }
            }
            return java.util.Optional.empty();
        }

        private void takeScalar(Kind kind, String name, String role, double amount, Map<String, String> labels,
                                List<Protos.Resource> into) {
            double wanted = round(amount);
            for (boolean preferred : new boolean[] {true, false}) {
                for (int i = 0; i < offered.size() && wanted > 0; i++) {
                    Protos.Resource r = offered.get(i);
                    if (kind(r) != kind || !role(r).equals(role) || labels(r).equals(labels) != preferred) {
                        continue;
                    }
                    double take = round(Math.min(wanted, left[i]));
                    if (take <= 0) {
                        continue;
                    }
                    into.add(r.toBuilder().setScalar(scalar(take)).build());
                    left[i] = round(left[i] - take);
                    wanted = round(wanted - take);
                }
            }
            if (wanted > 0) {
                into.add(bare(name, Protos.Value.Type.SCALAR, role).setScalar(scalar(wanted)).build());
            }
        }

        /** Ports go with the offered ports resource that holds them, consecutive ones coalesced into ranges. */
        private void takePorts(String role, List<Integer> ports, Map<String, String> labels, List<Protos.Resource> into) {
            Map<Integer, TreeSet<Integer>> byOffered = new LinkedHashMap<>();
            for (int port : ports) {
                int holder = offeredPortsHolding(role, port, labels, true);
                byOffered.computeIfAbsent(holder >= 0 ? holder : offeredPortsHolding(role, port, labels, false),
                        i -> new TreeSet<>()).add(port);
            }
            byOffered.forEach((index, group) -> {
                Protos.Resource.Builder r = index < 0
                        ? bare("ports", Protos.Value.Type.RANGES, role)
                        : offered.get(index).toBuilder();
                into.add(r.setRanges(ranges(group)).build());
            });
        }

        /** A volume is taken whole, as offered. */
        private Protos.Resource volume(Volume volume) {
            for (Protos.Resource r : offered) {
                if (kind(r) == Kind.VOLUME && r.getDisk().getPersistence().getId().equals(volume.persistenceId())
                        && role(r).equals(volume.role())) {
                    return r;
                }
            }
            return bare("disk", Protos.Value.Type.SCALAR, volume.role())
                    .setScalar(scalar(volume.diskMb()))
                    .setDisk(Protos.Resource.DiskInfo.newBuilder()
                            .setPersistence(Protos.Resource.DiskInfo.Persistence.newBuilder().setId(volume.persistenceId()))
                            .setVolume(Protos.Volume.newBuilder()
                                    .setContainerPath(volume.containerPath())
                                    .setMode(Protos.Volume.Mode.RW)))
                    .build();
        }

        private int offeredPortsHolding(String role, int port, Map<String, String> labels, boolean preferred) {
            for (int i = 0; i < offered.size(); i++) {
                Protos.Resource r = offered.get(i);
                if (kind(r) == Kind.PORTS && role(r).equals(role) && labels(r).equals(labels) == preferred) {
                    for (Protos.Value.Range range : r.getRanges().getRangeList()) {
                        if (range.getBegin() <= port && port <= range.getEnd()) {
                            return i;
                        }
                    }
                }
            }
            return -1;
        }

        private static Protos.Resource.Builder bare(String name, Protos.Value.Type type, String role) {
            Protos.Resource.Builder r = Protos.Resource.newBuilder().setName(name).setType(type);
            if (!Offer.DEFAULT_ROLE.equals(role)) {
                r.addReservations(Protos.Resource.ReservationInfo.newBuilder()
                        .setType(Protos.Resource.ReservationInfo.Type.STATIC)
                        .setRole(role));
            }
            return r;
        }

        private static Protos.Value.Scalar scalar(double value) {
            return Protos.Value.Scalar.newBuilder().setValue(round(value)).build();
        }

    }

    /** One role's resources while an offer is summed up. */
    private static final class Bucket {
        private double cpus;
        private double mem;
        private double disk;
        private final List<PortRange> ports = new ArrayList<>();

        void add(Kind kind, Protos.Resource resource) {
            switch (kind) {
                case CPUS:
                    cpus += resource.getScalar().getValue();
                    break;
                case MEM:
                    mem += resource.getScalar().getValue();
                    break;
                case DISK:
                    disk += resource.getScalar().getValue();
                    break;
                case PORTS:
                    ports.addAll(ports(resource.getRanges()));
                    break;
                default:
                    throw new IllegalStateException("not a role's resource: " + kind);
            }
        }

        Resources resources() {
            return new Resources(round(cpus), round(mem), round(disk), ports);
        }
    }
}

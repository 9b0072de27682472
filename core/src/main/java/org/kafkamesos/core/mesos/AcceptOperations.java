package org.kafkamesos.core.mesos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.mesos.Protos;
import org.kafkamesos.core.scheduler.MesosAction;
import org.kafkamesos.placement.Allocation;
import org.kafkamesos.placement.PortRange;
import org.kafkamesos.placement.Resources;

/**
 * The offer operations of one accept: the releases of reservations ({@code DESTROY} of their volumes, then
 * {@code UNRESERVE} of everything reserved under their labels, the destroyed volumes' disk included), then each launch:
 * for a broker with a reservation of its own, {@code RESERVE} of what it reserves now and {@code CREATE} of a new
 * volume, then its {@code LAUNCH} on the reserved resources and the volume, as Mesos wants a task on them named
 * (docs/reservation.md, docs/persistent-volume.md: the task names the resulting reserved resources and the whole
 * volume); for any other broker, its {@code LAUNCH} on resources cut from the offer as {@link TaskInfoFactory} does.
 *
 * <p>Reservations are dynamic, for the reservation's role, with the framework's principal when it has one (Mesos
 * refuses a reservation or a volume whose principal differs from the framework's), and the reservation's labels.
 */
final class AcceptOperations {

    private AcceptOperations() {
    }

    /**
     * @param offer     the offer, as received
     * @param principal the framework's principal, if it has one
     */
    static List<Protos.Offer.Operation> of(Protos.Offer offer, List<MesosAction.Release> releases, List<MesosAction.Launch> launches,
                                           TaskInfoFactory taskInfos, Optional<String> principal) {
        List<Protos.Offer.Operation> operations = new ArrayList<>();
        for (MesosAction.Release release : releases) {
            operations.addAll(release(offer, release));
        }
        MesosOffers.Remainder offered = MesosOffers.Remainder.of(offer.getResourcesList());
        for (MesosAction.Launch launch : launches) {
            if (launch.reservation().isEmpty()) {
                operations.add(launch(taskInfos.taskInfo(launch, offered)));
                continue;
            }
            MesosAction.Reservation reservation = launch.reservation().get();
            Protos.Resource.ReservationInfo reservationInfo = reservationInfo(reservation, principal);
            Resources reserve = reservation.reserve();
            if (!reserve.equals(Resources.NONE)) {
                operations.add(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.RESERVE)
                        .setReserve(Protos.Offer.Operation.Reserve.newBuilder().addAllResources(reserved(reserve, reservationInfo)))
                        .build());
            }
            Protos.Resource volume = volume(reservation, reservationInfo, principal);
            if (reservation.create()) {
                operations.add(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.CREATE)
                        .setCreate(Protos.Offer.Operation.Create.newBuilder().addVolumes(volume)).build());
            } else {
                volume = offered.offeredVolume(reservation.volume().persistenceId(), reservation.role()).orElse(volume);
            }
            List<Protos.Resource> resources = new ArrayList<>();
            for (Allocation allocation : launch.assignment().allocations()) {
                if (allocation.role().equals(reservation.role())) {
                    offered.take(allocation, reservation.labels(), resources);
                } else {
                    // reserved by the operations just before: named as they are now
                    double disk = reservation.create() ? 0 : allocation.disk();
                    resources.addAll(reserved(new Resources(allocation.cpus(), allocation.mem(), disk,
                            ranges(allocation.ports())), reservationInfo));
                }
            }
            resources.add(volume);
            operations.add(launch(taskInfos.taskInfo(launch, resources)));
        }
        return operations;
    }

    /** {@code DESTROY} of the volumes reserved under the release's labels, then {@code UNRESERVE} of all they held. */
    private static List<Protos.Offer.Operation> release(Protos.Offer offer, MesosAction.Release release) {
        List<Protos.Resource> volumes = new ArrayList<>();
        List<Protos.Resource> unreserve = new ArrayList<>();
        for (Protos.Resource r : offer.getResourcesList()) {
            if (!MesosOffers.role(r).equals(release.role()) || !MesosOffers.labels(r).equals(release.labels())) {
                continue;
            }
            if (MesosOffers.kind(r) == MesosOffers.Kind.VOLUME) {
                volumes.add(r);
                unreserve.add(r.toBuilder().clearDisk().build());
            } else {
                unreserve.add(r);
            }
        }
        List<Protos.Offer.Operation> operations = new ArrayList<>();
        if (!volumes.isEmpty()) {
            operations.add(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.DESTROY)
                    .setDestroy(Protos.Offer.Operation.Destroy.newBuilder().addAllVolumes(volumes)).build());
        }
        if (!unreserve.isEmpty()) {
            operations.add(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.UNRESERVE)
                    .setUnreserve(Protos.Offer.Operation.Unreserve.newBuilder().addAllResources(unreserve)).build());
        }
        return operations;
    }

    private static Protos.Offer.Operation launch(Protos.TaskInfo task) {
        return Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH)
                .setLaunch(Protos.Offer.Operation.Launch.newBuilder().addTaskInfos(task)).build();
    }

    private static Protos.Resource.ReservationInfo reservationInfo(MesosAction.Reservation reservation, Optional<String> principal) {
        Protos.Labels.Builder labels = Protos.Labels.newBuilder();
        reservation.labels().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                labels.addLabels(Protos.Label.newBuilder().setKey(e.getKey()).setValue(e.getValue())));
        Protos.Resource.ReservationInfo.Builder info = Protos.Resource.ReservationInfo.newBuilder()
                .setType(Protos.Resource.ReservationInfo.Type.DYNAMIC)
                .setRole(reservation.role())
                .setLabels(labels);
        principal.ifPresent(info::setPrincipal);
        return info.build();
    }

    /** {@code resources} reserved with {@code reservation}: a resource per name, zero amounts left out. */
    private static List<Protos.Resource> reserved(Resources resources, Protos.Resource.ReservationInfo reservation) {
        List<Protos.Resource> out = new ArrayList<>();
        scalar(out, "cpus", resources.cpus(), reservation);
        scalar(out, "mem", resources.mem(), reservation);
        scalar(out, "disk", resources.disk(), reservation);
        if (!resources.ports().isEmpty()) {
            TreeSet<Integer> ports = new TreeSet<>();
            for (PortRange r : resources.ports()) {
                for (int p = r.begin(); p <= r.end(); p++) {
                    ports.add(p);
                }
            }
            out.add(Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
                    .setRanges(MesosOffers.ranges(ports)).addReservations(reservation).build());
        }
        return out;
    }

    private static void scalar(List<Protos.Resource> out, String name, double amount, Protos.Resource.ReservationInfo reservation) {
        double value = MesosOffers.round(amount);
        if (value > 0) {
            out.add(Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                    .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)).addReservations(reservation).build());
        }
    }

    /** The broker's volume: reserved disk of its size, with its persistence id and container path, read-write. */
    private static Protos.Resource volume(MesosAction.Reservation reservation, Protos.Resource.ReservationInfo info,
                                          Optional<String> principal) {
        Protos.Resource.DiskInfo.Persistence.Builder persistence = Protos.Resource.DiskInfo.Persistence.newBuilder()
                .setId(reservation.volume().persistenceId());
        principal.ifPresent(persistence::setPrincipal);
        return Protos.Resource.newBuilder().setName("disk").setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(MesosOffers.round(reservation.volume().diskMb())))
                .addReservations(info)
                .setDisk(Protos.Resource.DiskInfo.newBuilder()
                        .setPersistence(persistence)
                        .setVolume(Protos.Volume.newBuilder().setContainerPath(reservation.volume().containerPath())
                                .setMode(Protos.Volume.Mode.RW)))
                .build();
    }

    private static List<PortRange> ranges(List<Integer> ports) {
        List<PortRange> ranges = new ArrayList<>();
        for (int p : new TreeSet<>(ports)) {
            ranges.add(new PortRange(p, p));
        }
        return ranges;
    }
}

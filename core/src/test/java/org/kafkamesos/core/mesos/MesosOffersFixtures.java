package org.kafkamesos.core.mesos;

import java.util.List;
import org.apache.mesos.Protos;

/** Mesos offers and resources, built as a master in the post-reservation-refinement format sends them. */
final class MesosOffersFixtures {

    private MesosOffersFixtures() {
    }

    static Protos.Offer.Builder offer(String id, String agent, String host) {
        return Protos.Offer.newBuilder()
                .setId(Protos.OfferID.newBuilder().setValue(id))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("fw-1"))
                .setSlaveId(Protos.SlaveID.newBuilder().setValue(agent))
                .setHostname(host);
    }

    static Protos.Resource.Builder scalar(String name, double value) {
        return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(value));
    }

    /** A ports resource of ranges given as begin, end, begin, end, ... */
    static Protos.Resource.Builder ports(long... bounds) {
        Protos.Value.Ranges.Builder ranges = Protos.Value.Ranges.newBuilder();
        for (int i = 0; i < bounds.length; i += 2) {
            ranges.addRange(Protos.Value.Range.newBuilder().setBegin(bounds[i]).setEnd(bounds[i + 1]));
        }
        return Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES).setRanges(ranges);
    }

    /** Statically reserved for {@code role}, in the refined format. */
    static Protos.Resource.Builder reservedStatic(Protos.Resource.Builder resource, String role) {
        return resource.addReservations(Protos.Resource.ReservationInfo.newBuilder()
                .setType(Protos.Resource.ReservationInfo.Type.STATIC).setRole(role));
    }

    /** Dynamically reserved for {@code role} by {@code principal}, in the refined format. */
    static Protos.Resource.Builder reservedDynamic(Protos.Resource.Builder resource, String role, String principal) {
        return resource.addReservations(Protos.Resource.ReservationInfo.newBuilder()
                .setType(Protos.Resource.ReservationInfo.Type.DYNAMIC).setRole(role).setPrincipal(principal)
                .setLabels(Protos.Labels.newBuilder().addLabels(Protos.Label.newBuilder().setKey("by").setValue(principal))));
    }

    /** Reserved for {@code role} in the legacy format ({@code Resource.role}). */
    @SuppressWarnings("deprecation")
    static Protos.Resource.Builder reservedLegacy(Protos.Resource.Builder resource, String role) {
        return resource.setRole(role);
    }

    /** A persistent volume of {@code mb} MB reserved for {@code role}. */
    static Protos.Resource.Builder volume(String persistenceId, String role, double mb, String containerPath) {
        return reservedDynamic(scalar("disk", mb), role, "kafka-principal")
                .setDisk(Protos.Resource.DiskInfo.newBuilder()
                        .setPersistence(Protos.Resource.DiskInfo.Persistence.newBuilder()
                                .setId(persistenceId).setPrincipal("kafka-principal"))
                        .setVolume(Protos.Volume.newBuilder().setContainerPath(containerPath).setMode(Protos.Volume.Mode.RW)));
    }

    static Protos.Attribute text(String name, String value) {
        return Protos.Attribute.newBuilder().setName(name).setType(Protos.Value.Type.TEXT)
                .setText(Protos.Value.Text.newBuilder().setValue(value)).build();
    }

    static Protos.Attribute scalarAttribute(String name, double value) {
        return Protos.Attribute.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)).build();
    }

    static Protos.Attribute rangesAttribute(String name, long... bounds) {
        return Protos.Attribute.newBuilder().setName(name).setType(Protos.Value.Type.RANGES)
                .setRanges(ports(bounds).getRanges()).build();
    }

    static Protos.Attribute setAttribute(String name, List<String> items) {
        return Protos.Attribute.newBuilder().setName(name).setType(Protos.Value.Type.SET)
                .setSet(Protos.Value.Set.newBuilder().addAllItem(items)).build();
    }
}

package org.kafkamesos.core.local;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.Protos;

/**
 * The four offer operations that change an agent's resources, with the master's validation of Mesos 1.11
 * ({@code src/master/validation.cpp}, {@code operation::validate}) and their effect ({@code Resources::apply}): each
 * takes some of the resources an accept has in hand and gives others back in their place.
 *
 * <ul>
 *   <li>{@code RESERVE}: dynamically reserved resources (the last reservation {@code DYNAMIC}) for one of the
 *       framework's roles, not {@code *}; with the framework's principal when it has one; no volume, no
 *       {@code source}; refined reservations (a stack of more than one) are not modelled. Takes the unreserved
 *       resources, gives the reserved ones.</li>
 *   <li>{@code UNRESERVE}: dynamically reserved resources, not a persistent volume ("destroy the persistent volume
 *       first"); no principal check, as Mesos does without ACLs. Takes them, gives them back unreserved.</li>
 *   <li>{@code CREATE}: disks with {@code disk.persistence.id} and {@code disk.volume} (read-write, a container path
 *       that is one relative path segment, as the posix isolator mounts it; no host path), reserved for one of the
 *       framework's roles, with the framework's principal in {@code disk.persistence.principal} when it has one,
 *       a persistence id unique on the agent among the volumes of its role. Takes the reserved disk, gives the
 *       volume.</li>
 *   <li>{@code DESTROY}: volumes the agent has (checkpointed) and no task uses. Takes the volume, gives its disk
 *       back, still reserved; its data is deleted.</li>
 * </ul>
 *
 * <p>An invalid operation is dropped on its own and the accept goes on with the next, as the master does (it logs,
 * and sends no error to a framework on the driver API). Stateless.
 */
final class OfferOperations {

    /** What an operation did: the resources it took from those in hand, and those it gave in their place. */
    record Outcome(AgentResources consumed, AgentResources converted) {
    }

    private OfferOperations() {
    }

    /**
     * Applies {@code operation} of a framework of {@code role} (and {@code principal}, if any) to the resources in
     * hand.
     *
     * @param checkpointed the agent's reserved resources and volumes, for the uniqueness of persistence ids
     * @param inUse        the resources tasks on the agent hold
     * @throws IllegalArgumentException saying why the operation is invalid
     */
    static Outcome apply(Protos.Offer.Operation operation, AgentResources inHand, AgentResources checkpointed,
                         AgentResources inUse, Set<String> roles, Optional<String> principal) {
        Outcome outcome = switch (operation.getType()) {
            case RESERVE -> reserve(operation.getReserve(), roles, principal);
            case UNRESERVE -> unreserve(operation.getUnreserve());
            case CREATE -> create(operation.getCreate(), checkpointed, roles, principal);
            case DESTROY -> destroy(operation.getDestroy(), checkpointed, inUse);
            default -> throw new IllegalArgumentException("operation " + operation.getType() + " is not modelled by the local"
                    + " cluster (LAUNCH, RESERVE, UNRESERVE, CREATE and DESTROY are)");
        };
        if (!inHand.contains(outcome.consumed())) {
            throw new IllegalArgumentException(operation.getType() + " needs " + outcome.consumed() + ", which the offers do"
                    + " not hold (they hold " + inHand + ")");
        }
        return outcome;
    }

    private static Outcome reserve(Protos.Offer.Operation.Reserve reserve, Set<String> roles, Optional<String> principal) {
        if (reserve.getSourceCount() > 0) {
            throw new IllegalArgumentException("RESERVE with a source (re-reservation) is not modelled by the local cluster");
        }
        requireSome("RESERVE", reserve.getResourcesList());
        for (Protos.Resource given : reserve.getResourcesList()) {
            Protos.Resource r = AgentResources.upgraded(given);
            Protos.Resource.ReservationInfo top = dynamicTop("RESERVE", r);
            if (r.getReservationsCount() > 1) {
                throw new IllegalArgumentException("resource " + r.getName() + " has a refined reservation (a stack of "
                        + r.getReservationsCount() + "); the local cluster reserves unreserved resources only");
            }
            if (AgentResources.isVolume(r)) {
                throw new IllegalArgumentException("RESERVE of persistent volume " + r.getDisk().getPersistence().getId()
                        + ": reserve the disk, then CREATE the volume on it");
            }
            requireRole("RESERVE", top.getRole(), roles);
            if (principal.isPresent()) {
                if (!top.hasPrincipal()) {
                    throw new IllegalArgumentException("A reserve operation was attempted by principal '" + principal.get()
                            + "', but there is a reserved resource in the request with no principal set");
                }
                if (!top.getPrincipal().equals(principal.get())) {
                    throw new IllegalArgumentException("A reserve operation was attempted by authenticated principal '"
                            + principal.get() + "', which does not match a reserved resource in the request with principal '"
                            + top.getPrincipal() + "'");
                }
            }
        }
        AgentResources reserved = AgentResources.of(reserve.getResourcesList());
        AgentResources unreserved = AgentResources.of(reserve.getResourcesList().stream()
                .map(r -> AgentResources.upgraded(r).toBuilder().clearReservations().build()).toList());
        return new Outcome(unreserved, reserved);
    }

    private static Outcome unreserve(Protos.Offer.Operation.Unreserve unreserve) {
        requireSome("UNRESERVE", unreserve.getResourcesList());
        for (Protos.Resource given : unreserve.getResourcesList()) {
            Protos.Resource r = AgentResources.upgraded(given);
            dynamicTop("UNRESERVE", r);
            if (AgentResources.isVolume(r)) {
                throw new IllegalArgumentException("A dynamically reserved persistent volume "
                        + r.getDisk().getPersistence().getId() + " cannot be unreserved directly. Please destroy the"
                        + " persistent volume first then unreserve the resource");
            }
        }
        AgentResources reserved = AgentResources.of(unreserve.getResourcesList());
        AgentResources popped = AgentResources.of(unreserve.getResourcesList().stream().map(r -> {
            Protos.Resource u = AgentResources.upgraded(r);
            return u.toBuilder().removeReservations(u.getReservationsCount() - 1).build();
        }).toList());
        return new Outcome(reserved, popped);
    }

    private static Outcome create(Protos.Offer.Operation.Create create, AgentResources checkpointed, Set<String> roles,
                                  Optional<String> principal) {
        requireSome("CREATE", create.getVolumesList());
        Set<String> ids = new HashSet<>();
        checkpointed.volumes().values().forEach(v -> ids.add(AgentResources.role(v) + "/" + v.getDisk().getPersistence().getId()));
        for (Protos.Resource given : create.getVolumesList()) {
            Protos.Resource v = AgentResources.upgraded(given);
            if (!v.getName().equals("disk") || !v.hasDisk()) {
                throw new IllegalArgumentException("Not a persistent volume: resource " + v.getName() + " does not have DiskInfo");
            }
            Protos.Resource.DiskInfo disk = v.getDisk();
            if (!disk.hasPersistence()) {
                throw new IllegalArgumentException("Not a persistent volume: 'persistence' is not set in DiskInfo");
            }
            if (!disk.hasVolume()) {
                throw new IllegalArgumentException("Not a persistent volume: expecting 'volume' to be set for persistent volume");
            }
            if (disk.getVolume().getMode() == Protos.Volume.Mode.RO) {
                throw new IllegalArgumentException("Not a persistent volume: read-only persistent volume not supported");
            }
            if (disk.getVolume().hasHostPath()) {
                throw new IllegalArgumentException("volume " + disk.getPersistence().getId() + " names a host path; a persistent"
                        + " volume's data lives in the agent's work folder");
            }
            String id = disk.getPersistence().getId();
            requireName("persistence id", id);
            requireName("container path", disk.getVolume().getContainerPath());
            if (!(v.getScalar().getValue() > 0)) {
                throw new IllegalArgumentException("volume " + id + " must have a size > 0 MB");
            }
            if (v.getReservationsCount() == 0) {
                throw new IllegalArgumentException("volume " + id + " is on unreserved disk: persistent volumes are created"
                        + " on disk reserved for the framework's role");
            }
            requireRole("CREATE", AgentResources.role(v), roles);
            if (principal.isPresent()) {
                if (!disk.getPersistence().hasPrincipal()) {
                    throw new IllegalArgumentException("Create volume operation attempted by principal '" + principal.get()
                            + "', but there is a volume in the operation with no principal set in 'disk.persistence'");
                }
                if (!disk.getPersistence().getPrincipal().equals(principal.get())) {
                    throw new IllegalArgumentException("Create volume operation attempted by authenticated principal '"
                            + principal.get() + "', which does not match a volume in the operation with principal '"
                            + disk.getPersistence().getPrincipal() + "' set in 'disk.persistence'");
                }
            }
            if (!ids.add(AgentResources.role(v) + "/" + id)) {
                throw new IllegalArgumentException("Persistence ID '" + id + "' is not unique");
            }
        }
        AgentResources volumes = AgentResources.of(create.getVolumesList());
        AgentResources disks = AgentResources.of(create.getVolumesList().stream()
                .map(v -> AgentResources.upgraded(v).toBuilder().clearDisk().build()).toList());
        return new Outcome(disks, volumes);
    }

    private static Outcome destroy(Protos.Offer.Operation.Destroy destroy, AgentResources checkpointed, AgentResources inUse) {
        requireSome("DESTROY", destroy.getVolumesList());
        for (Protos.Resource given : destroy.getVolumesList()) {
            Protos.Resource v = AgentResources.upgraded(given);
            if (!AgentResources.isVolume(v) || !v.getDisk().hasVolume()) {
                throw new IllegalArgumentException("Not a persistent volume: " + v.getName() + " has no 'persistence' and"
                        + " 'volume' in its DiskInfo");
            }
            AgentResources one = AgentResources.of(List.of(v));
            if (!checkpointed.contains(one)) {
                throw new IllegalArgumentException("Persistent volumes not found: " + v.getDisk().getPersistence().getId());
            }
            if (inUse.contains(one)) {
                throw new IllegalArgumentException("Persistent volumes in use: " + v.getDisk().getPersistence().getId());
            }
        }
        AgentResources volumes = AgentResources.of(destroy.getVolumesList());
        AgentResources disks = AgentResources.of(destroy.getVolumesList().stream()
                .map(v -> AgentResources.upgraded(v).toBuilder().clearDisk().build()).toList());
        return new Outcome(volumes, disks);
    }

    private static void requireSome(String operation, List<Protos.Resource> resources) {
        if (resources.isEmpty()) {
            throw new IllegalArgumentException(operation + " names no resource");
        }
    }

    private static Protos.Resource.ReservationInfo dynamicTop(String operation, Protos.Resource r) {
        if (r.getReservationsCount() == 0) {
            throw new IllegalArgumentException(operation + ": resource " + r.getName() + " is not dynamically reserved (it names"
                    + " no reservation)");
        }
        Protos.Resource.ReservationInfo top = r.getReservations(r.getReservationsCount() - 1);
        if (top.getType() != Protos.Resource.ReservationInfo.Type.DYNAMIC) {
            throw new IllegalArgumentException(operation + ": resource " + r.getName() + " is not dynamically reserved (its"
                    + " reservation is " + top.getType() + ")");
        }
        return top;
    }

    private static void requireRole(String operation, String role, Set<String> roles) {
        if (role.equals("*")) {
            throw new IllegalArgumentException(operation + " for role '*': resources are reserved for a role of the framework");
        }
        if (!roles.contains(role)) {
            throw new IllegalArgumentException("A " + operation.toLowerCase(java.util.Locale.ROOT) + " operation was attempted"
                    + " for a resource with role '" + role + "', but the framework can only reserve resources with roles "
                    + roles);
        }
    }

    /** Mesos' check of ids that name folders: not empty, no '/', no white space or control character, not . or .. */
    private static void requireName(String what, String value) {
        if (value.isEmpty() || value.equals(".") || value.equals("..") || value.contains("/") || value.contains("\\")
                || value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException(what + " '" + value + "' is invalid: one relative path segment is accepted,"
                    + " without '/', white space, '.' or '..'");
        }
    }
}

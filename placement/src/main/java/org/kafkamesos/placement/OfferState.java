package org.kafkamesos.placement;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What is left of one offer while a request is being placed: free resources per role, volumes
 * taken, brokers placed on it. Mutable, owned by one {@link GreedyPlacement}.
 */
final class OfferState {

    /** Tolerance for comparing amounts of cpus, mem and disk given as doubles. */
    static final double EPSILON = 1e-9;

    /** Free resources of one role. */
    static final class Pool {
        final String role;
        double cpus;
        double mem;
        double disk;
        final PortSet ports;

        Pool(String role, Resources r) {
            this.role = role;
            cpus = r.cpus();
            mem = r.mem();
            disk = r.disk();
            ports = new PortSet(r.ports());
        }
    }

    final Offer offer;
    /** Position in the order hostname, agent id, offer id. */
    final int order;
    private final Pool unreserved;
    private final Map<String, Pool> reserved = new LinkedHashMap<>();
    private final Set<String> volumesTaken = new HashSet<>();
    int brokersPlaced;
    /** Brokers on this offer's host, running or placed; the spread strategy's first key. */
    int hostBrokers;
    double freeCpus;
    double freeMem;

    OfferState(Offer offer, int order) {
        this.offer = offer;
        this.order = order;
        unreserved = new Pool(Offer.DEFAULT_ROLE, offer.unreserved());
        offer.reserved().forEach((role, r) -> reserved.put(role, new Pool(role, r)));
        recomputeTotals();
    }

    /** The pools a broker of {@code role} may use, its reservation first. */
    List<Pool> poolsFor(String role) {
        Pool own = reserved.get(role);
        return own == null ? List.of(unreserved) : List.of(own, unreserved);
    }

    /** The volume {@code persistenceId} if the offer carries it, reserved for {@code role}, and no broker took it yet. */
    Optional<Volume> freeVolume(String persistenceId, String role) {
        if (volumesTaken.contains(persistenceId)) {
            return Optional.empty();
        }
        return offer.volumes().stream()
                .filter(v -> v.persistenceId().equals(persistenceId) && v.role().equals(role))
                .findFirst();
    }

    /**
     * Ports for {@code requests} from {@code pools}, or null if they cannot all be met; see
     * {@link PortMatcher}. {@code failed} receives a request that could not be met.
     */
    static int[] choosePorts(List<PortRequest> requests, List<Pool> pools, PortRequest[] failed) {
        return new PortMatcher(requests, pools).match(failed);
    }

    /** Free ports over {@code pools}. */
    static int freePorts(List<Pool> pools) {
        int free = 0;
        for (Pool p : pools) {
            free += p.ports.free();
        }
        return free;
    }

    /** Takes what {@code demand} needs; the caller has checked that it fits. */
    Assignment take(BrokerDemand demand, int[] ports, Optional<Volume> volume) {
        List<Pool> pools = poolsFor(demand.role());
        double cpus = demand.cpus();
        double mem = demand.mem();
        double disk = volume.isPresent() ? 0 : demand.disk();
        List<Allocation> allocations = new ArrayList<>(pools.size());
        for (int i = 0; i < pools.size(); i++) {
            Pool pool = pools.get(i);
            // The last pool takes whatever is left, so that the amounts add up to the demand exactly
            // even when it fitted only within EPSILON.
            boolean last = i == pools.size() - 1;
            double takeCpus = last ? cpus : Math.min(cpus, pool.cpus);
            double takeMem = last ? mem : Math.min(mem, pool.mem);
            double takeDisk = last ? disk : Math.min(disk, pool.disk);
            cpus -= takeCpus;
            mem -= takeMem;
            disk -= takeDisk;
            pool.cpus = Math.max(0, pool.cpus - takeCpus);
            pool.mem = Math.max(0, pool.mem - takeMem);
            pool.disk = Math.max(0, pool.disk - takeDisk);
            List<Integer> poolPorts = new ArrayList<>();
            for (int port : ports) {
                if (pool.ports.contains(port)) {
                    pool.ports.remove(port);
                    poolPorts.add(port);
                }
            }
            if (takeCpus > 0 || takeMem > 0 || takeDisk > 0 || !poolPorts.isEmpty()) {
                allocations.add(new Allocation(pool.role, takeCpus, takeMem, takeDisk, poolPorts));
            }
        }
        volume.ifPresent(v -> volumesTaken.add(v.persistenceId()));
        brokersPlaced++;
        recomputeTotals();
        List<Integer> portList = new ArrayList<>(ports.length);
        for (int p : ports) {
            portList.add(p);
        }
        return new Assignment(demand.brokerId(), offer.id(), offer.agentId(), offer.hostname(), portList, volume, allocations);
    }

    private void recomputeTotals() {
        freeCpus = unreserved.cpus;
        freeMem = unreserved.mem;
        for (Pool p : reserved.values()) {
            freeCpus += p.cpus;
            freeMem += p.mem;
        }
    }
}

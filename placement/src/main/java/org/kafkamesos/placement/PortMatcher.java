package org.kafkamesos.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches a broker's port requests to free ports so that every request is met whenever the free
 * ports can meet them all, which a greedy pick cannot promise ({@code [within(1,2), within(2,3)]} over
 * free ports {2, 3}). Each request of {@code n} ports is {@code n} slots; slots are matched exact
 * ports first, then the narrowest ranges, then any ports, each taking the first port no slot holds
 * (the reservation's before unreserved ones, lower before higher) and, when there is none, moving
 * earlier slots along augmenting paths to free one (Kuhn's algorithm). A broker asks for a handful of ports, so the
 * paths stay short.
 */
final class PortMatcher {

    private final List<PortRequest> requests;
    private final List<OfferState.Pool> pools;
    /** Per slot: the request it belongs to and its place in the result. */
    private final List<int[]> slots = new ArrayList<>();
    private final Map<Integer, Integer> slotOfPort = new HashMap<>();
    private int[] portOfSlot;

    PortMatcher(List<PortRequest> requests, List<OfferState.Pool> pools) {
        this.requests = requests;
        this.pools = pools;
    }

    /** The ports in the order of the requests, or null with {@code failed[0]} set to a request not met. */
    int[] match(PortRequest[] failed) {
        int total = 0;
        for (PortRequest r : requests) {
            total += r.count();
        }
        int[] offsets = new int[requests.size()];
        for (int i = 0, off = 0; i < requests.size(); i++) {
            offsets[i] = off;
            off += requests.get(i).count();
        }
        for (int i : matchingOrder()) {
            for (int k = 0; k < requests.get(i).count(); k++) {
                slots.add(new int[] {i, offsets[i] + k});
            }
        }
        portOfSlot = new int[slots.size()];
        for (int slot = 0; slot < slots.size(); slot++) {
            if (!augment(slot, new HashSet<>())) {
                failed[0] = requests.get(slots.get(slot)[0]);
                return null;
            }
        }
        int[] chosen = new int[total];
        for (int slot = 0; slot < slots.size(); slot++) {
            chosen[slots.get(slot)[1]] = portOfSlot[slot];
        }
        return chosen;
    }

    private boolean augment(int slot, Set<Integer> visited) {
        PortRequest r = requests.get(slots.get(slot)[0]);
        int from = 1;
        int to = 65535;
        if (r instanceof PortRequest.Exactly e) {
            from = e.port();
            to = e.port();
        } else if (r instanceof PortRequest.Within w) {
            from = w.from();
            to = w.to();
        }
        java.util.Set<Integer> except = r instanceof PortRequest.Any any ? any.except() : java.util.Set.of();
        for (OfferState.Pool pool : pools) {
            // A free port that no slot holds yet, if there is one: nobody has to move.
            boolean free = pool.ports.anyIn(from, to, port -> {
                if (slotOfPort.containsKey(port) || visited.contains(port) || except.contains(port)) {
                    return false;
                }
                slotOfPort.put(port, slot);
                portOfSlot[slot] = port;
                return true;
            });
            if (free) {
                return true;
            }
        }
        for (OfferState.Pool pool : pools) {
            boolean found = pool.ports.anyIn(from, to, port -> {
                if (except.contains(port) || !visited.add(port)) {
                    return false;
                }
                Integer owner = slotOfPort.get(port);
                if (owner == null || augment(owner, visited)) {
                    slotOfPort.put(port, slot);
                    portOfSlot[slot] = port;
                    return true;
                }
                return false;
            });
            if (found) {
                return true;
            }
        }
        return false;
    }

    /** Request indexes: exact ports, then ranges narrowest first, then any ports. */
    private List<Integer> matchingOrder() {
        List<Integer> exact = new ArrayList<>();
        List<Integer> within = new ArrayList<>();
        List<Integer> any = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            PortRequest r = requests.get(i);
            (r instanceof PortRequest.Exactly ? exact : r instanceof PortRequest.Within ? within : any).add(i);
        }
        within.sort((a, b) -> {
            PortRequest.Within x = (PortRequest.Within) requests.get(a);
            PortRequest.Within y = (PortRequest.Within) requests.get(b);
            int bySize = Integer.compare(x.to() - x.from(), y.to() - y.from());
            return bySize != 0 ? bySize : Integer.compare(x.from(), y.from());
        });
        List<Integer> order = new ArrayList<>(exact);
        order.addAll(within);
        order.addAll(any);
        return order;
    }
}

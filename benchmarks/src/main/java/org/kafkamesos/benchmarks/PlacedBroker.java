package org.kafkamesos.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.kafkamesos.placement.Assignment;
import org.kafkamesos.placement.PlacementResult;

/**
 * Where one engine put one broker, in terms both engines share, so that one check judges both.
 *
 * @param brokerId the broker
 * @param hostname the host it was placed on
 * @param ports    the ports it was given
 */
record PlacedBroker(int brokerId, String hostname, List<Integer> ports) {

    PlacedBroker {
        ports = List.copyOf(ports);
    }

    /** The brokers our engine placed. */
    static List<PlacedBroker> of(PlacementResult result) {
        List<PlacedBroker> placed = new ArrayList<>(result.assignments().size());
        for (Assignment a : result.assignments()) {
            placed.add(new PlacedBroker(a.brokerId(), a.hostname(), a.ports()));
        }
        return placed;
    }
}

package org.kafkamesos.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Judges a placement of a {@link PlacementWorkload}, whichever engine made it: every broker placed
 * once, no host given more brokers than its cpus and memory hold, ports in the offered range and
 * distinct per host, and in the unique modes no two brokers on one host. A timing of a placement
 * that fails this check is worthless, so the benchmarks run it after every iteration.
 */
final class PlacementCheck {

    private PlacementCheck() {
    }

    /** The problems found, empty when the placement is right. */
    static List<String> problems(PlacementWorkload workload, List<PlacedBroker> placed) {
        List<String> problems = new ArrayList<>();
        if (placed.size() != workload.brokers()) {
            problems.add(placed.size() + " of " + workload.brokers() + " brokers placed");
        }
        Set<Integer> brokers = new HashSet<>();
        Map<String, Integer> brokersByHost = new HashMap<>();
        Map<String, Set<Integer>> portsByHost = new HashMap<>();
        int perHost = (int) Math.min(PlacementWorkload.HOST_CPUS / PlacementWorkload.BROKER_CPUS,
                PlacementWorkload.HOST_MEM_MB / PlacementWorkload.BROKER_MEM_MB);
        for (PlacedBroker b : placed) {
            if (b.brokerId() < 0 || b.brokerId() >= workload.brokers() || !brokers.add(b.brokerId())) {
                problems.add("broker " + b.brokerId() + " is unknown or placed twice");
            }
            int onHost = brokersByHost.merge(b.hostname(), 1, Integer::sum);
            if (onHost == perHost + 1) {
                problems.add("host " + b.hostname() + " is given more than " + perHost + " brokers");
            }
            if (onHost == 2 && workload.constraints().uniqueHosts()) {
                problems.add("hostname=unique broken: two brokers on " + b.hostname());
            }
            if (b.ports().size() != 1) {
                problems.add("broker " + b.brokerId() + " got ports " + b.ports() + ", wanted one");
            }
            for (int port : b.ports()) {
                if (port < PlacementWorkload.PORTS_BEGIN || port > PlacementWorkload.PORTS_END
                        || !portsByHost.computeIfAbsent(b.hostname(), h -> new HashSet<>()).add(port)) {
                    problems.add("broker " + b.brokerId() + " got port " + port + " on " + b.hostname()
                            + ", outside the offer or given twice");
                }
            }
        }
        return problems;
    }

    /**
     * Throws {@link IllegalStateException} naming the first problems, if there are any.
     *
     * @param rackBalanceHard whether the engine enforces the rack balance of {@link ConstraintMode#UNIQUE_RACK}
     *                        (ours does, Fenzo's soft constraint only prefers it): then the racks must
     *                        differ by at most one broker
     */
    static void require(String engine, PlacementWorkload workload, List<PlacedBroker> placed, boolean rackBalanceHard) {
        List<String> problems = problems(workload, placed);
        if (rackBalanceHard && workload.constraints() == ConstraintMode.UNIQUE_RACK && rackSpread(placed) > 1) {
            problems.add("racks unbalanced: " + brokersByRack(placed));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(engine + " placed " + workload.name() + " wrongly (" + problems.size()
                    + " problems): " + problems.subList(0, Math.min(5, problems.size())));
        }
    }

    /** Brokers per rack, by rack name; hosts are mapped to racks as the workload built them. */
    static Map<String, Integer> brokersByRack(List<PlacedBroker> placed) {
        Map<String, Integer> byRack = new TreeMap<>();
        for (PlacedBroker b : placed) {
            int host = Integer.parseInt(b.hostname().substring("host-".length()));
            byRack.merge(PlacementWorkload.rack(host), 1, Integer::sum);
        }
        return byRack;
    }

    /** Most minus fewest brokers on a rack, counting racks with none. */
    static int rackSpread(List<PlacedBroker> placed) {
        Map<String, Integer> byRack = brokersByRack(placed);
        int max = byRack.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int min = byRack.size() < PlacementWorkload.RACKS ? 0 : byRack.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        return max - min;
    }
}

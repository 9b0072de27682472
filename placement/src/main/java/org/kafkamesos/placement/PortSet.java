package org.kafkamesos.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The free ports of one role in one offer, as sorted disjoint ranges, visited lowest first so that a
 * placement is reproducible.
 */
final class PortSet {

    /** Sorted, disjoint, non-adjacent-or-adjacent ranges as {begin, end} pairs. */
    private final List<int[]> ranges;
    private int free;

    PortSet(List<PortRange> source) {
        List<PortRange> sorted = new ArrayList<>(source);
        sorted.sort(Comparator.comparingInt(PortRange::begin));
        ranges = new ArrayList<>(sorted.size());
        for (PortRange r : sorted) {
            ranges.add(new int[] {r.begin(), r.end()});
            free += r.size();
        }
    }

    int free() {
        return free;
    }

    boolean contains(int port) {
        for (int[] r : ranges) {
            if (port < r[0]) {
                return false;
            }
            if (port <= r[1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Offers the free ports in {@code [from, to]} to {@code visitor}, lowest first, until it returns
     * true; returns whether it did.
     */
    boolean anyIn(int from, int to, java.util.function.IntPredicate visitor) {
        for (int[] r : ranges) {
            int lo = Math.max(from, r[0]);
            int hi = Math.min(to, r[1]);
            for (int p = lo; p <= hi; p++) {
                if (visitor.test(p)) {
                    return true;
                }
            }
        }
        return false;
    }

    void remove(int port) {
        for (int i = 0; i < ranges.size(); i++) {
            int[] r = ranges.get(i);
            if (port < r[0] || port > r[1]) {
                continue;
            }
            free--;
            if (r[0] == r[1]) {
                ranges.remove(i);
            } else if (port == r[0]) {
                r[0]++;
            } else if (port == r[1]) {
                r[1]--;
            } else {
                ranges.add(i + 1, new int[] {port + 1, r[1]});
                r[1] = port - 1;
            }
            return;
        }
        throw new IllegalStateException("port " + port + " is not free");
    }

    static void requireDisjoint(List<PortRange> ports) {
        List<PortRange> sorted = new ArrayList<>(ports);
        sorted.sort(Comparator.comparingInt(PortRange::begin));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).begin() <= sorted.get(i - 1).end()) {
                throw new IllegalArgumentException("port ranges " + sorted.get(i - 1) + " and " + sorted.get(i) + " overlap");
            }
        }
    }
}

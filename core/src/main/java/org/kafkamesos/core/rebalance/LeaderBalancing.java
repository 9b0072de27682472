package org.kafkamesos.core.rebalance;

import java.util.Arrays;

/**
 * Chooses each partition's leader among its replicas, then orders its replica list: the leader first, the
 * others in their current order, new replicas last.
 *
 * <p>A partition keeps its current leader when that broker still holds it; otherwise (or for a new
 * partition) it takes the replica that leads fewest so far. Then leaders are balanced as a semi-matching:
 * while some broker leading {@code s} partitions reaches, through a chain of "leads a partition that the
 * next broker also holds", a broker leading {@code s - 2} or fewer, leadership shifts one step along the
 * chain (a breadth-first search over brokers, so each chain is as short as possible and few leaders
 * change). When no such chain is left the assignment is optimal: no other choice of leaders from the
 * same replica sets has a lower maximum, and if some choice has every broker within one leader of every
 * other, this one has too (a known property of semi-matchings without cost-reducing paths; Harvey et al.,
 * "Semi-matchings for bipartite graphs and load balancing", 2006).
 */
final class LeaderBalancing {

    private final int brokers;
    private final int[][] replicas;
    private final int[] size;
    private final int[][] current;
    private final int[] leader;
    private final int[] leads;

    LeaderBalancing(int brokers, int[][] replicas, int[] size, int[][] current) {
        this.brokers = brokers;
        this.replicas = replicas;
        this.size = size;
        this.current = current;
        this.leader = new int[replicas.length];
        this.leads = new int[brokers];
    }

    /** Orders every replica list in place, the leader first. */
    void run(int[][] held) {
        chooseInitialLeaders();
        shiftDirectly();
        balance(held);
        for (int p = 0; p < replicas.length; p++) {
            order(p);
        }
    }

    private void chooseInitialLeaders() {
        Arrays.fill(leader, -1);
        for (int p = 0; p < replicas.length; p++) {
            if (current[p].length > 0 && current[p][0] >= 0 && contains(p, current[p][0])) {
                leader[p] = current[p][0];
                leads[leader[p]]++;
            }
        }
        for (int p = 0; p < replicas.length; p++) {
            if (leader[p] < 0 && size[p] > 0) {
                int best = replicas[p][0];
                for (int i = 1; i < size[p]; i++) {
                    if (leads[replicas[p][i]] < leads[best]) {
                        best = replicas[p][i];
                    }
                }
                leader[p] = best;
                leads[best]++;
            }
        }
    }

    /**
     * Chains of one step, found by sweeping the partitions rather than by a search: they are most of the
     * work after a grow or a drain, and a search per shift would cost a scan of a broker's partitions each.
     */
    private void shiftDirectly() {
        boolean shifted = true;
        while (shifted) {
            shifted = false;
            for (int p = 0; p < replicas.length; p++) {
                if (size[p] == 0) {
                    continue;
                }
                int from = leader[p];
                int to = from;
                for (int i = 0; i < size[p]; i++) {
                    if (leads[replicas[p][i]] < leads[to]) {
                        to = replicas[p][i];
                    }
                }
                if (leads[to] <= leads[from] - 2) {
                    leader[p] = to;
                    leads[from]--;
                    leads[to]++;
                    shifted = true;
                }
            }
        }
    }

    private void balance(int[][] held) {
        int[] viaPartition = new int[brokers];
        int[] viaBroker = new int[brokers];
        int[] queue = new int[brokers];
        boolean[] seen = new boolean[brokers];
        boolean shifted = true;
        while (shifted) {
            shifted = false;
            int max = 0;
            int min = Integer.MAX_VALUE;
            for (int b = 0; b < brokers; b++) {
                max = Math.max(max, leads[b]);
                min = Math.min(min, leads[b]);
            }
            // From the busiest level down: a chain from the top lowers the maximum first.
            for (int level = max; level >= min + 2 && !shifted; level--) {
                Arrays.fill(seen, false);
                int head = 0;
                int tail = 0;
                for (int b = 0; b < brokers; b++) {
                    if (leads[b] == level) {
                        seen[b] = true;
                        viaBroker[b] = -1;
                        queue[tail++] = b;
                    }
                }
                search:
                while (head < tail) {
                    int from = queue[head++];
                    for (int p : held[from]) {
                        if (leader[p] != from) {
                            continue;
                        }
                        for (int i = 0; i < size[p]; i++) {
                            int to = replicas[p][i];
                            if (seen[to]) {
                                continue;
                            }
                            seen[to] = true;
                            viaPartition[to] = p;
                            viaBroker[to] = from;
                            if (leads[to] <= level - 2) {
                                shiftAlong(to, viaPartition, viaBroker);
                                shifted = true;
                                break search;
                            }
                            queue[tail++] = to;
                        }
                    }
                }
            }
        }
    }

    private void shiftAlong(int end, int[] viaPartition, int[] viaBroker) {
        leads[end]++;
        int to = end;
        while (viaBroker[to] >= 0) {
            int from = viaBroker[to];
            leader[viaPartition[to]] = to;
            to = from;
        }
        leads[to]--;
    }

    /** Leader first, then the other replicas in their current order, then the new ones in the order added. */
    private void order(int p) {
        if (size[p] == 0) {
            return;
        }
        int[] list = replicas[p];
        int[] ordered = new int[size[p]];
        int n = 0;
        ordered[n++] = leader[p];
        for (int c : current[p]) {
            if (c >= 0 && c != leader[p] && contains(p, c)) {
                ordered[n++] = c;
            }
        }
        for (int i = 0; i < size[p]; i++) {
            int b = list[i];
            if (b != leader[p] && !isCurrent(p, b)) {
                ordered[n++] = b;
            }
        }
        System.arraycopy(ordered, 0, list, 0, n);
    }

    private boolean contains(int p, int b) {
        for (int i = 0; i < size[p]; i++) {
            if (replicas[p][i] == b) {
                return true;
            }
        }
        return false;
    }

    private boolean isCurrent(int p, int b) {
        for (int c : current[p]) {
            if (c == b) {
                return true;
            }
        }
        return false;
    }
}

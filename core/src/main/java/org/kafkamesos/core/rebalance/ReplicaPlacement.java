package org.kafkamesos.core.rebalance;

import java.util.Comparator;
import java.util.TreeSet;

/**
 * Chooses each partition's set of brokers; the order (who leads) is {@link LeaderBalancing}'s. Brokers
 * and partitions are indices here, {@code current[p]} holds -1 for a replica on a broker that is not a
 * target broker.
 *
 * <p>Every target broker gets a quota, the floor or the ceiling of total replicas / brokers, with
 * exactly {@code total % brokers} ceilings, given to the brokers that keep the most (fewest moves).
 * Then, in this order:
 * <ol>
 *   <li>keep: each partition keeps its current replicas on target brokers, as far as the rack rule and its
 *       replication factor allow; the current leader first, then those on the least-loaded brokers;</li>
 *   <li>shed: a broker over its quota gives replicas up, so that the adds below can fill every broker exactly
 *       to its quota: first to another current replica of the same partition that was trimmed away (no copy),
 *       then by dropping followers before leaders;</li>
 *   <li>add: each partition short of replicas takes the broker furthest under its quota that it does not
 *       use yet and that the rack rule admits (a sorted set of brokers by load, not a scan per add);</li>
 *   <li>repair: a broker over its quota (when every broker under quota already held the partition) passes a
 *       replica to one under its quota, a replica just added if it can (it costs no copy); then, with racks,
 *       brokers of one rack pass replicas until they are within one of each other.</li>
 * </ol>
 * Without racks the repair always succeeds: a broker over quota holds more replicas than one under quota,
 * so it holds a partition the other does not, which may move. So every broker ends exactly at its quota,
 * replicas per broker within one of each other. With racks the rule can make that impossible (two brokers
 * in one rack, one each in two others, three replicas a partition), and the repair does what single moves
 * can; within a rack counts always end within one, since a move inside a rack never breaks the rule.
 */
final class ReplicaPlacement {

    private final int brokers;
    private final int[] rf;
    private final int[][] current;
    private final RackSpread racks;
    final int[][] replicas;
    final int[] size;
    private final int[] load;
    private final int[] quota;

    ReplicaPlacement(int brokers, int[] rf, int[][] current, RackSpread racks) {
        this.brokers = brokers;
        this.rf = rf;
        this.current = current;
        this.racks = racks;
        int partitions = rf.length;
        this.replicas = new int[partitions][];
        this.size = new int[partitions];
        this.load = new int[brokers];
        this.quota = new int[brokers];
        for (int p = 0; p < partitions; p++) {
            replicas[p] = new int[rf[p]];
        }
    }

    void run() {
        keep();
        assignQuotas();
        shed();
        add();
        repairQuotas();
        if (racks.hasRacks()) {
            levelWithinRacks();
        }
    }

    private void keep() {
        // Load if everything on a target broker stayed: when a partition must drop replicas (a lower
        // replication factor, the rack rule), it keeps those on the brokers that would have the fewest.
        int[] wouldHold = new int[brokers];
        for (int[] list : current) {
            for (int b : list) {
                if (b >= 0) {
                    wouldHold[b]++;
                }
            }
        }
        for (int p = 0; p < rf.length; p++) {
            int[] list = current[p];
            boolean[] taken = new boolean[list.length];
            // The current leader first, if it is on a target broker: keeping it keeps leadership stable.
            if (list.length > 0 && list[0] >= 0) {
                taken[0] = true;
                replicas[p][size[p]++] = list[0];
            }
            while (size[p] < rf[p]) {
                int best = -1;
                for (int i = 0; i < list.length; i++) {
                    int b = list[i];
                    if (!taken[i] && b >= 0 && racks.admits(replicas[p], size[p], -1, b, rf[p])
                            && (best < 0 || wouldHold[b] < wouldHold[list[best]])) {
                        best = i;
                    }
                }
                if (best < 0) {
                    break;
                }
                taken[best] = true;
                replicas[p][size[p]++] = list[best];
            }
            for (int i = 0; i < list.length; i++) {
                if (!taken[i] && list[i] >= 0) {
                    wouldHold[list[i]]--;
                }
            }
            for (int i = 0; i < size[p]; i++) {
                load[replicas[p][i]]++;
            }
        }
    }

    private void assignQuotas() {
        long total = 0;
        for (int r : rf) {
            total += r;
        }
        int floor = (int) (total / brokers);
        int ceilings = (int) (total % brokers);
        Integer[] byLoad = new Integer[brokers];
        for (int b = 0; b < brokers; b++) {
            byLoad[b] = b;
            quota[b] = floor;
        }
        java.util.Arrays.sort(byLoad, Comparator.<Integer>comparingInt(b -> -load[b]).thenComparingInt(b -> b));
        for (int i = 0; i < ceilings; i++) {
            quota[byLoad[i]]++;
        }
    }

    private void shed() {
        int[][] held = partitionsPerBroker();
        for (int b = 0; b < brokers; b++) {
            // Passes, followers before leaders in each (dropping a leader also costs a leader change), from
            // the last partition back: first hand over to another current replica of the partition that was
            // trimmed away, on a broker with room (no copy); then drop where a broker with room may take the
            // partition (one copy); then drop anywhere (the repair below finds a place).
            for (int pass = 0; pass < 6 && load[b] > quota[b]; pass++) {
                int[] ps = held[b];
                for (int i = ps.length - 1; i >= 0 && load[b] > quota[b]; i--) {
                    int p = ps[i];
                    int at = indexOf(p, b);
                    if (at < 0 || (pass % 2 == 0) != (at > 0)) {
                        continue;
                    }
                    if (pass < 2) {
                        int substitute = freeSubstitute(p, at);
                        if (substitute >= 0) {
                            replicas[p][at] = substitute;
                            load[substitute]++;
                            load[b]--;
                        }
                    } else if (pass >= 4 || hasRoomElsewhere(p, at)) {
                        removeAt(p, at);
                        load[b]--;
                    }
                }
            }
        }
    }

    /** Whether a broker under its quota could take the replica at index {@code at} of {@code p}. */
    private boolean hasRoomElsewhere(int p, int at) {
        for (int c = 0; c < brokers; c++) {
            if (load[c] < quota[c] && indexOf(p, c) < 0 && racks.admits(replicas[p], size[p], at, c, rf[p])) {
                return true;
            }
        }
        return false;
    }

    /** A current replica of {@code p} on a target broker under its quota that may replace index {@code at}, or -1. */
    private int freeSubstitute(int p, int at) {
        for (int c : current[p]) {
            if (c >= 0 && load[c] < quota[c] && indexOf(p, c) < 0 && racks.admits(replicas[p], size[p], at, c, rf[p])) {
                return c;
            }
        }
        return -1;
    }

    private void add() {
        TreeSet<Integer> byRoom = new TreeSet<>(Comparator.<Integer>comparingInt(b -> load[b] - quota[b])
                .thenComparingInt(b -> load[b]).thenComparingInt(b -> b));
        for (int b = 0; b < brokers; b++) {
            byRoom.add(b);
        }
        for (int p = 0; p < rf.length; p++) {
            while (size[p] < rf[p]) {
                int chosen = -1;
                for (int b : byRoom) {
                    if (indexOf(p, b) < 0 && racks.admits(replicas[p], size[p], -1, b, rf[p])) {
                        chosen = b;
                        break;
                    }
                }
                // RackSpread guarantees an admissible broker while the list is short; this is a bug guard.
                if (chosen < 0) {
                    throw new IllegalStateException("no broker admits a replica of partition index " + p);
                }
                byRoom.remove(chosen);
                replicas[p][size[p]++] = chosen;
                load[chosen]++;
                byRoom.add(chosen);
            }
        }
    }

    private void repairQuotas() {
        int[][] held = null;
        for (int over = 0; over < brokers; over++) {
            for (int under = 0; under < brokers && load[over] > quota[over]; under++) {
                if (load[under] >= quota[under]) {
                    continue;
                }
                if (held == null) {
                    held = partitionsPerBroker();
                }
                // Brokers over quota only lose replicas here and those under only gain, so `held` stays
                // right for the brokers read from, apart from partitions that already left (checked).
                while (load[over] > quota[over] && load[under] < quota[under] && move(held[over], over, under)) {
                    load[over]--;
                    load[under]++;
                }
            }
        }
    }

    private void levelWithinRacks() {
        boolean moved = true;
        while (moved) {
            moved = false;
            int[][] held = partitionsPerBroker();
            for (int a = 0; a < brokers; a++) {
                for (int b = 0; b < brokers; b++) {
                    if (racks.rackOf(a) == racks.rackOf(b) && load[a] >= load[b] + 2) {
                        // a holds more partitions than b, so one that b lacks; moving it inside the rack keeps
                        // the rule. `held` is rebuilt every round, as brokers that gained here may give later.
                        while (load[a] >= load[b] + 2 && move(held[a], a, b)) {
                            load[a]--;
                            load[b]++;
                            moved = true;
                        }
                    }
                }
            }
        }
    }

    /** Moves one replica from {@code from} to {@code to}, a newly added one if possible; false if none may move. */
    private boolean move(int[] fromHeld, int from, int to) {
        for (int pass = 0; pass < 2; pass++) {
            for (int i = fromHeld.length - 1; i >= 0; i--) {
                int p = fromHeld[i];
                int at = indexOf(p, from);
                if (at < 0 || indexOf(p, to) >= 0 || (pass == 0 && isCurrent(p, from))) {
                    continue;
                }
                if (racks.admits(replicas[p], size[p], at, to, rf[p])) {
                    replicas[p][at] = to;
                    return true;
                }
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

    int indexOf(int p, int b) {
        int[] list = replicas[p];
        for (int i = 0; i < size[p]; i++) {
            if (list[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private void removeAt(int p, int at) {
        System.arraycopy(replicas[p], at + 1, replicas[p], at, size[p] - at - 1);
        size[p]--;
    }

    /** Partitions per broker, in partition order, as compact arrays. */
    int[][] partitionsPerBroker() {
        int[] counts = new int[brokers];
        for (int p = 0; p < rf.length; p++) {
            for (int i = 0; i < size[p]; i++) {
                counts[replicas[p][i]]++;
            }
        }
        int[][] held = new int[brokers][];
        for (int b = 0; b < brokers; b++) {
            held[b] = new int[counts[b]];
            counts[b] = 0;
        }
        for (int p = 0; p < rf.length; p++) {
            for (int i = 0; i < size[p]; i++) {
                int b = replicas[p][i];
                held[b][counts[b]++] = p;
            }
        }
        return held;
    }
}

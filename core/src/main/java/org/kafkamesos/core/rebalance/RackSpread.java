package org.kafkamesos.core.rebalance;

/**
 * The rack rule for the replicas of one partition, as broker indices: spread over the racks as evenly as
 * the racks' sizes allow. With at least as many racks as replicas that means one replica per rack; with
 * fewer, every rack is used and no rack holds two more replicas than another unless it is too small.
 *
 * <p>The even spread of {@code r} replicas is water filling: the largest level {@code L} with
 * {@code sum(min(size(k), L)) <= r}; rack {@code k} then holds {@code min(size(k), L)} replicas, and
 * {@code extra = r - sum(min(size(k), L))} racks bigger than {@code L} hold one more. A list is valid
 * when no rack holds more than {@code min(size(k), L + 1)} and at most {@code extra} racks hold
 * {@code L + 1}: with exactly {@code r} replicas that forces every rack to its share. Any valid list
 * shorter than {@code r} can be completed by {@link #admits} alone, because an admissible rack always
 * has a broker the list does not use yet. Without racks there is no rule.
 */
final class RackSpread {

    private final int[] rackOf;      // broker index -> rack index; null without racks
    private final int[] rackSize;
    private final int[] level;       // by replication factor
    private final int[] extra;

    RackSpread(int[] rackOf, int rackCount, int maxReplicationFactor) {
        this.rackOf = rackOf;
        this.rackSize = new int[rackCount];
        this.level = new int[maxReplicationFactor + 1];
        this.extra = new int[maxReplicationFactor + 1];
        if (rackOf == null) {
            return;
        }
        for (int rack : rackOf) {
            rackSize[rack]++;
        }
        for (int r = 0; r <= maxReplicationFactor; r++) {
            int l = 0;
            while (filled(l + 1) <= r && filled(l + 1) > filled(l)) {
                l++;
            }
            level[r] = l;
            extra[r] = r - filled(l);
        }
    }

    private int filled(int l) {
        int sum = 0;
        for (int size : rackSize) {
            sum += Math.min(size, l);
        }
        return sum;
    }

    boolean hasRacks() {
        return rackOf != null;
    }

    int rackOf(int broker) {
        return rackOf == null ? broker : rackOf[broker];
    }

    /**
     * Whether {@code broker} may join the first {@code size} replicas of {@code replicas} (skipping index
     * {@code without}, or -1) for a partition of {@code r} replicas, as far as racks go.
     */
    boolean admits(int[] replicas, int size, int without, int broker, int r) {
        if (rackOf == null) {
            return true;
        }
        int rack = rackOf[broker];
        int l = level[r];
        int inRack = 0;
        for (int i = 0; i < size; i++) {
            if (i != without && rackOf[replicas[i]] == rack) {
                inRack++;
            }
        }
        if (inRack >= Math.min(rackSize[rack], l + 1)) {
            return false;
        }
        if (inRack < l) {
            return true;
        }
        // The rack would reach L + 1: only `extra` racks may.
        int atTop = 0;
        for (int i = 0; i < size; i++) {
            if (i == without) {
                continue;
            }
            int other = rackOf[replicas[i]];
            int count = 0;
            boolean firstOfRack = true;
            for (int j = 0; j < size; j++) {
                if (j != without && rackOf[replicas[j]] == other) {
                    count++;
                    if (j < i) {
                        firstOfRack = false;
                    }
                }
            }
            if (firstOfRack && count == l + 1) {
                atTop++;
            }
        }
        return atTop < extra[r];
    }
}

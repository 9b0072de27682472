package org.kafkamesos.core.kafka;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Whether a broker may be restarted without costing availability: a pure rule over a snapshot of the cluster.
 *
 * <p><b>Partitions.</b> A broker may be restarted unless some partition it hosts (the broker is among its replicas)
 * with replication factor > {@code min.insync.replicas}
 * <ul>
 *   <li>has an ISR smaller than {@code min.insync.replicas} (acks=all writes already fail; restarting a replica delays
 *       the recovery), or</li>
 *   <li>has an ISR of exactly {@code min.insync.replicas} with the broker in it (the restart would take it below).</li>
 * </ul>
 * Partitions with replication factor &lt;= {@code min.insync.replicas} never block: acks=all writes to them fail while
 * any of their replicas restarts, whichever broker it is, so no order of restarts keeps them available; waiting for
 * them would only stop every rolling restart.
 *
 * <p><b>Controllers.</b> Restarting a broker that is a controller ({@code controllers}) is allowed only if the other
 * caught-up voters of the quorum still form a majority of all voters: {@code |caughtUp \ {broker}| >= voters / 2 + 1},
 * "caught up" as {@link QuorumState} defines it. A quorum that could not be described ({@link QuorumState#UNKNOWN})
 * blocks every controller. A quorum whose only voter is the broker never blocks, for the reason partitions with
 * replication factor &lt;= {@code min.insync.replicas} do not: it is down while its voter restarts, in any order.
 */
public final class RestartGate {

    private RestartGate() {
    }

    /**
     * Decides whether {@code brokerId} may be restarted now.
     *
     * @param partitions  every partition of the cluster (those the broker does not host are ignored)
     * @param controllers the brokers that are KRaft controllers; the quorum rule applies to these only
     * @param quorum      the controller quorum, used when the broker is a controller
     */
    public static RestartDecision check(int brokerId, List<PartitionState> partitions, Set<Integer> controllers, QuorumState quorum) {
        List<RestartDecision.PartitionBlocker> partitionBlockers = new ArrayList<>();
        for (PartitionState p : partitions) {
            if (!p.hostedBy(brokerId) || p.replicationFactor() <= p.minIsr()) {
                continue;
            }
            int isr = p.isr().size();
            if (isr < p.minIsr()) {
                partitionBlockers.add(blocker(p, RestartDecision.PartitionRule.ISR_BELOW_MIN_ISR, brokerId));
            } else if (isr == p.minIsr() && p.isr().contains(brokerId)) {
                partitionBlockers.add(blocker(p, RestartDecision.PartitionRule.ISR_AT_MIN_ISR_WITH_BROKER, brokerId));
            }
        }
        partitionBlockers.sort(Comparator.comparing(RestartDecision.PartitionBlocker::topic)
                .thenComparingInt(RestartDecision.PartitionBlocker::partition));
        List<RestartDecision.Blocker> blockers = new ArrayList<>(partitionBlockers);
        if (controllers.contains(brokerId)) {
            SortedSet<Integer> left = new TreeSet<>(quorum.caughtUp());
            left.remove(brokerId);
            boolean soleVoter = quorum.voterIds().equals(java.util.Set.of(brokerId));
            if (quorum.voters().isEmpty() || !soleVoter && left.size() < quorum.majority()) {
                blockers.add(new RestartDecision.QuorumBlocker(brokerId, quorum.voterIds(), quorum.caughtUp(), quorum.majority()));
            }
        }
        return new RestartDecision(brokerId, blockers.isEmpty(), blockers);
    }

    /** {@link #check(int, List, Set, QuorumState)} over a snapshot, whose quorum's voters are the controllers. */
    public static RestartDecision check(int brokerId, RestartSnapshot snapshot) {
        return check(brokerId, snapshot.partitions(), snapshot.quorum().voterIds(), snapshot.quorum());
    }

    private static RestartDecision.PartitionBlocker blocker(PartitionState p, RestartDecision.PartitionRule rule, int brokerId) {
        return new RestartDecision.PartitionBlocker(p.topic(), p.partition(), p.replicas(), p.isr(), p.minIsr(), rule, brokerId);
    }
}

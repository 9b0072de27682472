package org.kafkamesos.core.kafka;

import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Whether the {@link RestartGate} lets a broker be restarted now, and if not, what blocks it.
 *
 * @param brokerId the broker asked about
 * @param allowed  whether it may be restarted: exactly when nothing blocks it
 * @param blockers what blocks it, partitions first (by topic and partition), then the quorum
 */
public record RestartDecision(int brokerId, boolean allowed, List<Blocker> blockers) {

    public RestartDecision {
        blockers = List.copyOf(blockers);
        if (allowed != blockers.isEmpty()) {
            throw new IllegalArgumentException("a restart is allowed exactly when nothing blocks it; allowed " + allowed
                    + " with blockers " + blockers);
        }
    }

    /** One line for operators: {@code broker 2 may be restarted}, or {@code broker 2 not restarted: <blockers>}. */
    public String describe() {
        if (allowed) {
            return "broker " + brokerId + " may be restarted";
        }
        return "broker " + brokerId + " not restarted: " + blockers.stream().map(Blocker::describe).collect(Collectors.joining("; "));
    }

    /** Why a restart would hurt. */
    public sealed interface Blocker {

        /** What blocks, as one clause: {@code partition t-0 has ISR [1, 2] = min.insync.replicas 2 with broker 2 in it}. */
        String describe();
    }

    /** Why a partition blocks a restart. */
    public enum PartitionRule {
        /** Its ISR is already below {@code min.insync.replicas}: acks=all writes fail, and a restart delays recovery. */
        ISR_BELOW_MIN_ISR,
        /** Its ISR is exactly {@code min.insync.replicas} and holds the broker: the restart would make it fall below. */
        ISR_AT_MIN_ISR_WITH_BROKER
    }

    /**
     * A partition the broker hosts that would lose (or has lost) availability for acks=all producers.
     *
     * @param topic     the topic
     * @param partition the partition
     * @param replicas  its replicas
     * @param isr       its in-sync replicas
     * @param minIsr    its effective {@code min.insync.replicas}
     * @param rule      which rule it breaks
     * @param brokerId  the broker asked about
     */
    public record PartitionBlocker(String topic, int partition, List<Integer> replicas, List<Integer> isr, int minIsr,
                                   PartitionRule rule, int brokerId) implements Blocker {

        public PartitionBlocker {
            Objects.requireNonNull(topic, "topic");
            replicas = List.copyOf(replicas);
            isr = List.copyOf(isr);
            Objects.requireNonNull(rule, "rule");
        }

        /** {@code topic-partition}. */
        public String name() {
            return topic + "-" + partition;
        }

        @Override
        public String describe() {
            String isrText = new TreeSet<>(isr).toString();
            if (rule == PartitionRule.ISR_BELOW_MIN_ISR) {
                return "partition " + name() + " has ISR " + isrText + " < min.insync.replicas " + minIsr;
            }
            return "partition " + name() + " has ISR " + isrText + " = min.insync.replicas " + minIsr + " with broker " + brokerId
                    + " in it";
        }
    }

    /**
     * The controller quorum would be left without a caught-up majority.
     *
     * @param brokerId the controller asked about
     * @param voters   the quorum's voters
     * @param caughtUp the voters caught up now (see {@link QuorumState})
     * @param majority how many voters a majority is
     */
    public record QuorumBlocker(int brokerId, SortedSet<Integer> voters, SortedSet<Integer> caughtUp, int majority)
            implements Blocker {

        public QuorumBlocker {
            voters = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(voters));
            caughtUp = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(caughtUp));
        }

        @Override
        public String describe() {
            if (voters.isEmpty()) {
                return "the controller quorum could not be described, so restarting controller " + brokerId + " may cost its majority";
            }
            SortedSet<Integer> left = new TreeSet<>(caughtUp);
            left.remove(brokerId);
            return "controller quorum " + voters + " has caught-up voters " + caughtUp + "; without controller " + brokerId
                    + " it keeps " + left.size() + " caught up, a majority needs " + majority;
        }
    }
}

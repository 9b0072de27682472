package org.kafkamesos.core.rebalance;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@link RebalanceExecutor}'s progress, as last persisted.
 *
 * <p>Bytes are an approximation: a partition's bytes are the size on disk of its leader's replica when the
 * rebalance started (the largest replica's when the leader reported none), and a partition's bytes count as done
 * only once its whole move has completed. Data written during the move and the replicas copied to more than one
 * new broker are not counted.
 *
 * @param state                  where the rebalance stands
 * @param partitionsTotal        partitions the plan moves
 * @param partitionsDone         partitions that reached their target replicas
 * @param bytesTotal             bytes of the partitions the plan moves (see above)
 * @param bytesDone              bytes of the partitions done
 * @param inFlight               partition moves submitted to Kafka and not yet complete
 * @param started                when it started; empty when {@link RebalanceState#IDLE}
 * @param finished               when it ended; empty unless the state is final
 * @param reason                 why it stopped, failed or was cancelled, or why the last poll failed while running
 * @param throttleBytesPerSecond the replication throttle in place, in bytes per second; empty when none is
 */
public record RebalanceStatus(RebalanceState state, int partitionsTotal, int partitionsDone, long bytesTotal,
                              long bytesDone, int inFlight, Optional<Instant> started, Optional<Instant> finished,
                              Optional<String> reason, OptionalLong throttleBytesPerSecond) {

    /** The status when no rebalance was ever started. */
    public static final RebalanceStatus IDLE = new RebalanceStatus(RebalanceState.IDLE, 0, 0, 0, 0, 0,
            Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty());

    public RebalanceStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(throttleBytesPerSecond, "throttleBytesPerSecond");
        if (partitionsDone < 0 || partitionsDone > partitionsTotal || inFlight < 0
                || partitionsDone + inFlight > partitionsTotal) {
            throw new IllegalArgumentException("need 0 <= partitionsDone + inFlight <= partitionsTotal, got "
                    + partitionsDone + " + " + inFlight + " of " + partitionsTotal);
        }
        if (bytesDone < 0 || bytesDone > bytesTotal) {
            throw new IllegalArgumentException("need 0 <= bytesDone <= bytesTotal, got " + bytesDone + " of " + bytesTotal);
        }
    }

    /** Done bytes as a fraction of all bytes, 0 to 1; by partitions when the partitions hold no bytes. */
    public double progress() {
        if (bytesTotal > 0) {
            return (double) bytesDone / bytesTotal;
        }
        return partitionsTotal == 0 ? 0 : (double) partitionsDone / partitionsTotal;
    }
}

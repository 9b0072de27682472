package org.kafkamesos.core.kafka;

import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;

/** Reads {@link RestartSnapshot}s of a cluster, for the {@link RestartGate}. */
public interface RestartSnapshotSource {

    /**
     * The cluster now.
     *
     * @throws KafkaOperationException if Kafka does not answer in time, or fails
     */
    RestartSnapshot read();

    /**
     * Snapshots over {@code admin}, which the caller keeps and closes; voters count as caught up within
     * {@link QuorumState#DEFAULT_MAX_LAG}.
     *
     * @param timeout how long each Admin call waits, > 0
     */
    static RestartSnapshotSource over(Admin admin, Duration timeout) {
        return over(admin, timeout, QuorumState.DEFAULT_MAX_LAG);
    }

    /**
     * Snapshots over {@code admin}, which the caller keeps and closes.
     *
     * @param timeout        how long each Admin call waits, > 0
     * @param quorumMaxLag   how far a voter may be behind the quorum leader and still count as caught up, >= 0
     */
    static RestartSnapshotSource over(Admin admin, Duration timeout, Duration quorumMaxLag) {
        return new AdminRestartSnapshots(admin, new AdminCalls(timeout), quorumMaxLag);
    }
}

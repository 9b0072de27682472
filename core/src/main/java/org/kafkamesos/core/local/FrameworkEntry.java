package org.kafkamesos.core.local;

import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.Protos;

/**
 * One framework the master knows: its info, its connected driver (null while it is failing over), whether its
 * offers are suppressed, and its pending failover timeout. Mutable; touched only under the master's lock
 * ({@link MasterState}).
 */
final class FrameworkEntry {

    final String id;
    Protos.FrameworkInfo info;
    /** The connected scheduler's driver; null between a disconnection and a re-registration. */
    LocalSchedulerDriver driver;
    boolean suppressed;
    /** The teardown scheduled for the end of the failover timeout; null while connected. */
    ScheduledFuture<?> failover;

    FrameworkEntry(String id, Protos.FrameworkInfo info) {
        this.id = id;
        this.info = info;
    }

    boolean partitionAware() {
        return info.getCapabilitiesList().stream()
                .anyMatch(c -> c.getType() == Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE);
    }
}

package org.kafkamesos.core.local;

import java.time.Duration;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;
import org.kafkamesos.core.mesos.v1.HttpSchedulerDriver;
import org.kafkamesos.core.mesos.v1.MasterDetector;

/**
 * How a test's scheduler reaches the local master: through the driver in this JVM, or over real HTTP with Mesos' V1
 * scheduler API ({@link HttpSchedulerDriver} against the master's {@code /api/v1/scheduler}). A suite run both ways
 * shows that the HTTP transport adds nothing and loses nothing.
 */
enum SchedulerTransport {
    IN_PROCESS {
        @Override
        LocalMesosCluster.Builder configure(LocalMesosCluster.Builder cluster) {
            return cluster;
        }

        @Override
        SchedulerDriver driver(LocalMesosCluster cluster, Scheduler scheduler, Protos.FrameworkInfo info) {
            return cluster.driver(scheduler, info);
        }
    },
    HTTP {
        @Override
        LocalMesosCluster.Builder configure(LocalMesosCluster.Builder cluster) {
            // the master notices a subscriber gone when a heartbeat to it fails: soon, with a short interval
            return cluster.httpMaster("127.0.0.1", 0).heartbeatInterval(Duration.ofMillis(200));
        }

        @Override
        SchedulerDriver driver(LocalMesosCluster cluster, Scheduler scheduler, Protos.FrameworkInfo info) {
            String master = cluster.masterUri().orElseThrow().toString();
            return HttpSchedulerDriver.builder(scheduler, info, MasterDetector.of(master)).build();
        }
    };

    /** The cluster's builder, set up for this transport. */
    abstract LocalMesosCluster.Builder configure(LocalMesosCluster.Builder cluster);

    /** A driver for {@code scheduler}, not started, that reaches {@code cluster}'s master this way. */
    abstract SchedulerDriver driver(LocalMesosCluster cluster, Scheduler scheduler, Protos.FrameworkInfo info);
}
